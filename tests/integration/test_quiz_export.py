"""A module taken to Moodle: `flask quiz export` on the command line, and the teacher's download.

An operator writes a bank as Moodle XML, GIFT or Aiken and is told which questions the
format left out; a teacher previewing a module downloads the same file from its page.
Each file is read back as Moodle's importer reads it (app.quizbank.formats readers).
"""

from __future__ import annotations

import pytest

from app.quizbank.formats import aiken, gift, moodle_xml

BANK = "sample-basics"  # every question type: reflection, single, multiple, true_false, order, chat


# --- the command line ---------------------------------------------------------------------


def test_export_prints_moodle_xml_and_tells_on_stderr_what_was_left_out(runner):
    result = runner.invoke(args=["quiz", "export", "--format", "moodle-xml", BANK, "--lang", "en", "--output", "-"])
    assert result.exit_code == 0, result.output
    parsed = moodle_xml.read(result.stdout)
    assert [q.type for q in parsed if q.idnumber] == ["multichoice", "multichoice", "truefalse", "ordering", "multichoice"]
    notes = result.stderr.strip().split("\n")
    assert len(notes) == 2 and all(note.startswith("Left out: question ") and "(reflection)" in note for note in notes)


def test_export_writes_gift_in_indonesian_to_a_file_named_after_the_bank(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(args=["quiz", "export", "--format", "gift", BANK])
    assert result.exit_code == 0, result.output
    written = tmp_path / f"{BANK}-id-gift.txt"
    lines = result.output.strip().split("\n")
    assert lines[0] == f"4 pertanyaan dari '{BANK}' ditulis ke {written.name}."
    assert any("(order): format ini tidak punya soal mengurutkan" in line for line in lines[1:])
    parsed = gift.read(written.read_text(encoding="utf-8"))
    assert [q.type for q in parsed if q.type in ("multichoice", "truefalse")] == [
        "multichoice",
        "multichoice",
        "truefalse",
        "multichoice",
    ]


def test_export_aiken_keeps_single_and_true_false_only(runner, tmp_path):
    target = tmp_path / "out.txt"
    result = runner.invoke(args=["quiz", "export", "--format", "aiken", BANK, "--lang", "en", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert len(aiken.read(target.read_text(encoding="utf-8"))) == 2
    assert result.output.count("Aiken holds only questions with exactly one right answer") == 2  # multiple, chat


def test_export_of_an_unknown_bank_or_to_a_missing_folder_says_so_and_exits_1(runner, tmp_path):
    result = runner.invoke(args=["quiz", "export", "no-such-bank", "--lang", "en"])
    assert result.exit_code == 1
    assert "There is no bank 'no-such-bank'" in result.stderr and "flask quiz list" in result.stderr
    result = runner.invoke(args=["quiz", "export", BANK, "--output", str(tmp_path / "missing" / "x.xml")])
    assert result.exit_code == 1
    assert "Tidak bisa menulis" in result.stderr and "Traceback" not in result.output


def test_export_refuses_an_unknown_format(runner):
    result = runner.invoke(args=["quiz", "export", "--format", "qti", BANK])
    assert result.exit_code == 2 and "qti" in result.output


# --- the download on the module's page ------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "filename", "mimetype", "reader"),
    [
        ("moodle-xml", f"{BANK}-en-moodle.xml", "application/xml", moodle_xml.read),
        ("gift", f"{BANK}-en-gift.txt", "text/plain", gift.read),
        ("aiken", f"{BANK}-en-aiken.txt", "text/plain", aiken.read),
    ],
)
def test_a_teacher_downloads_a_module_for_moodle_in_each_format(world, login_as, fmt, filename, mimetype, reader):
    client = login_as(world.a.teacher)
    response = client.get(f"/modules/{BANK}/export.{fmt}?lang=en")
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert reader(response.get_data(as_text=True))


def test_the_download_without_a_format_is_moodle_xml_in_the_page_language(world, login_as, app):
    from flask import url_for

    with app.test_request_context():
        url = url_for("modules.export", bank_id=BANK)
    from app.extensions import db

    world.b.school.default_locale = "id"  # the page language of school B's staff
    db.session.commit()
    client = login_as(world.b.counsellor)  # any school's staff: modules are the catalogue's
    response = client.get(url)
    assert response.status_code == 200
    parsed = moodle_xml.read(response.get_data(as_text=True))
    assert parsed[0].category == "$course$/top/Waspada/Contoh dasar"  # Indonesian unless asked otherwise


@pytest.mark.parametrize("path", [f"/modules/{BANK}/export.qti", "/modules/no-such-bank/export.gift"])
def test_an_unknown_format_or_module_is_not_found(world, login_as, path):
    assert login_as(world.a.admin).get(path).status_code == 404


def test_students_and_strangers_cannot_download_modules(world, login_as, client):
    path = f"/modules/{BANK}/export.gift"
    assert client.get(path).status_code == 302  # sent to sign in
    assert login_as(world.a.students[0]).get(path).status_code == 403
