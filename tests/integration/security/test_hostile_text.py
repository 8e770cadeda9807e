"""Hostile text, everywhere text can enter, comes back escaped on every page that shows it.

Script tags, HTML, an attribute break-out, a javascript: address, a right-to-left
override, zero-width joiners and emoji go in through the real forms: student and
class names, a help request, the school's name and contacts, staff names, consent
notes, follow-up and help-request notes. Then every page that shows them is rendered
(teacher, counsellor, student and admin pages, and the CSV exports) and must answer
200 with the text escaped. Text too long for its field and text holding a NUL
character (which PostgreSQL cannot store) are refused with a form error or a 400,
never a 500, and never stored.

Quiz banks are text too: raw HTML and other link schemes are refused by the
validator, and what it lets through (entities, escaped brackets, https links) is
shown as text.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import select

from app.content import get_catalogue
from app.extensions import db
from app.models import Answer, Attempt, Classroom, HelpRequest, Student
from app.quizbank import CatalogueInvalid, load_catalogue
from app.services.rosters import clean_name
from tests import factories

SCRIPT = '<script>alert("w1")</script>'
IMG = '<img src=x onerror=alert("w2")>'
ATTR = '" onmouseover="alert(3)" x="'
JS_URL = "javascript:alert(4)"
RTL = "Ayu \u202egnp.exe"
ZWJ = "Budi \U0001f469\u200d\U0001f469\u200d\U0001f467 \u200b\U0001f1ee\U0001f1e9"
# SCRIPT last: where a form renames, the script tag is what stays and is shown.
HOSTILE = (ZWJ, RTL, JS_URL, ATTR, IMG, SCRIPT)
LONG = "W" * 5000
NUL = "Ni\x00l"

# What must never come back raw: each holds a character that escaping changes.
RAW = ("<img src=x", "<script>alert")
# An element carrying an event handler: what an attribute break-out would make.
EVENT_ATTRIBUTE = re.compile(r"<[a-zA-Z][^<>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=\"/static/)", re.IGNORECASE)
# Where a link leads, in every <a> and <form> (the page's own favicon is a harmless "data:,").
HREF = re.compile(r"""<(?:a|form)\b[^>]*?\s(?:href|action)\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)


def assert_safe_html(response, where: str) -> str:
    assert response.status_code == 200, f"{where}: {response.status_code}"
    assert response.mimetype == "text/html", where
    html = response.get_data(as_text=True)
    for raw in RAW:
        assert raw not in html, f"{where}: raw {raw!r} in the page"
    assert not INLINE_SCRIPT.search(html), f"{where}: an inline <script> in the page"
    assert not EVENT_ATTRIBUTE.search(html), f"{where}: an event handler attribute in the page"
    for href in HREF.findall(html):
        assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), f"{where}: href={href!r}"
    return html


def assert_safe_csv(response, where: str) -> None:
    assert response.status_code == 200, f"{where}: {response.status_code}"
    assert response.mimetype == "text/csv", where
    assert response.headers["Content-Disposition"].startswith("attachment"), where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where


def nothing_stored_holds(fragment: str) -> bool:
    """True when no text cell of any table holds ``fragment``."""
    db.session.expire_all()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            if any(isinstance(cell, str) and fragment in cell for cell in row):
                return False
    db.session.commit()
    return True


def test_hostile_text_through_every_form_comes_back_escaped_on_every_page(login_as):
    world = factories.make_world()
    a = world.a
    assignment = factories.make_assignment(a.classroom, "sample-basics")
    teacher, admin, counsellor = (login_as(user) for user in (a.teacher, a.admin, a.counsellor))
    class_id, today = a.classroom.id, date.today().isoformat()

    # Each entry point: client, URL, the other fields of the form, the field that gets the hostile text.
    def teacher_entry_points():
        student_id = a.students[0].id
        return [
            (teacher, "/teacher/classes/new", {"band": "smp", "locale": "id"}, "name"),
            (teacher, f"/teacher/classes/{class_id}/edit", {}, "name"),
            (teacher, f"/teacher/classes/{class_id}/students", {}, "one-name"),
            (teacher, f"/teacher/classes/{class_id}/students", {}, "many-names"),
            (teacher, f"/teacher/students/{student_id}/edit", {}, "name"),
            (teacher, f"/teacher/classes/{class_id}/consent", {"informed_on": today, "method": "Surat"}, "notes"),
            (teacher, f"/teacher/classes/{class_id}/consent", {"informed_on": today, "notes": ""}, "method"),
        ]

    admin_entry_points = [
        (admin, "/admin/settings", {"default_locale": "id", "quick_exit_url": ""}, "name"),
        (admin, "/admin/settings/contacts", {"kind": "counsellor", "details": "", "phone": ""}, "name"),
        (admin, "/admin/settings/contacts", {"kind": "tppk", "name": "TPPK", "phone": "+62 21 555 0101"}, "details"),
        (admin, f"/admin/classes/{a.other_classroom.id}/consent", {"informed_on": today, "method": "Rapat"}, "notes"),
    ]
    refused = []

    def send_all(entry_points, values=HOSTILE):
        for client, url, base, field in entry_points:
            for value in values:
                response = client.post(url, data={**base, field: value})
                assert response.status_code < 500, f"{url} {field}={value!r}: {response.status_code}"
            for bad in (LONG, NUL):
                response = client.post(url, data={**base, field: bad})
                assert response.status_code < 500, f"{url} {field}: {response.status_code}"
                if bad is NUL:
                    refused.append((url, field, response.status_code))

    send_all(teacher_entry_points())
    send_all(admin_entry_points)
    # Staff names: each account needs a username of its own.
    for index, value in enumerate((*HOSTILE, LONG, NUL)):
        response = admin.post("/admin/staff", data={"role": "teacher", "username": f"host{index}", "display_name": value})
        assert response.status_code < 500
    # The quick-exit address and a contact's phone never take a script address or markup.
    assert (
        admin.post("/admin/settings", data={"name": "SMP A", "default_locale": "id", "quick_exit_url": JS_URL}).status_code < 500
    )
    assert admin.post("/admin/settings/contacts", data={"kind": "other", "name": "Telepon", "phone": SCRIPT}).status_code < 500
    assert admin.post("/admin/settings", data={"name": SCRIPT, "default_locale": "id", "quick_exit_url": ""}).status_code == 302

    # The student called SCRIPT does the module (the key item wrong) and writes to the counsellor.
    student = db.session.scalar(
        select(Student).where(Student.classroom_id == class_id, Student.display_name == clean_name(SCRIPT))
    )
    attempt = factories.answer_all(student, assignment, responses={"who-does-it": {"choice": "a"}})
    pupil = login_as(student)
    assert pupil.post("/s/help", data={"text": "\n".join(HOSTILE)}).status_code == 302
    for bad in (LONG, NUL):
        assert pupil.post("/s/help", data={"text": bad}).status_code == 400
    help_request = db.session.scalar(select(HelpRequest).where(HelpRequest.student_id == student.id))
    key_answer = db.session.scalar(select(Answer).where(Answer.attempt_id == attempt.id, Answer.question_id == "who-does-it"))
    send_all(
        [
            (counsellor, f"/counsellor/help-requests/{help_request.id}", {"status": "in_progress"}, "note"),
            (counsellor, f"/counsellor/key-items/{key_answer.id}", {}, "note"),
        ]
    )

    assert all(status == 400 for _url, _field, status in refused), refused
    assert nothing_stored_holds("\x00"), "a NUL character was stored"
    assert nothing_stored_holds("W" * 1001), "text longer than its field was stored"

    # Every page that shows them.
    contact_id = db.session.scalar(select(db.metadata.tables["school_contacts"].c.id).limit(1))
    student_id = student.id
    pages = {
        teacher: [
            "/teacher/",
            f"/teacher/classes/{class_id}",
            f"/teacher/classes/{class_id}/cards",
            f"/teacher/classes/{class_id}/report",
            f"/teacher/assignments/{assignment.id}/report",
            f"/teacher/students/{student_id}/results",
            f"/teacher/attempts/{attempt.id}",
            f"/teacher/classes/{class_id}/consent",
            f"/teacher/classes/{class_id}/edit",
            f"/teacher/students/{student_id}/edit",
            f"/teacher/students/{student_id}/delete",
            f"/teacher/classes/{class_id}/students",
            f"/teacher/classes/{class_id}/assign",
            f"/teacher/classes/{class_id}/letters",
            f"/teacher/assignments/{assignment.id}/edit",
        ],
        counsellor: [
            "/counsellor/",
            "/counsellor/help-requests",
            f"/counsellor/help-requests/{help_request.id}",
            "/counsellor/key-items?show=all",
            "/counsellor/opt-outs",
            f"/teacher/classes/{class_id}/report",
            f"/teacher/students/{student_id}/results",
        ],
        pupil: ["/s/", "/s/help", "/s/help/sent", f"/s/m/{assignment.id}", f"/s/m/{assignment.id}/results"],
        admin: [
            "/admin/",
            "/admin/classes",
            "/admin/settings",
            f"/admin/settings/contacts/{contact_id}",
            "/admin/audit",
            f"/admin/classes/{a.other_classroom.id}/consent",
            f"/admin/classes/{class_id}/delete",
        ],
    }
    shown = {}
    for client, urls in pages.items():
        for url in urls:
            shown[url] = assert_safe_html(client.get(url), url)
    for client, url in (
        (teacher, f"/teacher/classes/{class_id}/report.csv"),
        (teacher, f"/teacher/assignments/{assignment.id}/answers.csv"),
        (admin, f"/admin/classes/{class_id}/results.csv"),
    ):
        assert_safe_csv(client.get(url), url)

    # The hostile text really was there, escaped: not merely missing.
    escaped = str(escape(SCRIPT))
    for url in (
        f"/teacher/classes/{class_id}",
        f"/counsellor/help-requests/{help_request.id}",
        "/admin/",
        "/admin/settings",
        "/s/help",
    ):
        assert escaped in shown[url], f"{url} does not show the escaped text"
    assert clean_name(ZWJ) in shown[f"/teacher/classes/{class_id}"]
    assert clean_name(RTL) in shown[f"/teacher/classes/{class_id}"]
    assert str(escape(clean_name(ATTR))) in shown[f"/teacher/classes/{class_id}"]
    assert db.session.get(Classroom, class_id).name == clean_name(SCRIPT)


# --- Quiz banks ----------------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "quizzes"
# Texts of sample-basics replaced, each by a value under test.
PLACES = {
    "title_id": '"Contoh dasar"',
    "summary_en": '"A sample bank for tests."',
    "prompt": '"Siapa yang bisa menjadi pelaku?"',
    "choice": '"Hanya orang asing"',
    "feedback": '"Tidak hanya orang asing."',
    "explanation": '"Pelaku bisa siapa saja."',
    "chat_name": '"Kak Rey"',
    "chat_why": '"Hadiah plus rahasia adalah pola grooming."',
    "reflection": '"Saya tahu ke mana harus melapor."',
}


def bank_folder(tmp_path: Path, values: dict[str, str]) -> Path:
    folder = tmp_path / "quizzes"
    shutil.copytree(FIXTURES, folder)
    path = folder / "sample-basics.yaml"
    text = path.read_text(encoding="utf-8")
    for place, value in values.items():
        assert PLACES[place] in text, place
        text = text.replace(PLACES[place], json.dumps(value, ensure_ascii=False), 1)  # a JSON string is a YAML string
    path.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('<script>alert("q")</script>', "md_html"),
        ("Lihat <img src=x onerror=alert(1)>", "md_html"),
        ("<b>tebal</b>", "md_html"),
        ("[klik](javascript:alert(1))", "md_link_scheme"),
        ("<javascript:alert(1)>", "md_link_scheme"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "md_link_scheme"),
        ("[x](http://example.org)", "md_link_scheme"),
    ],
)
@pytest.mark.parametrize("place", ["prompt", "choice", "explanation", "chat_why", "title_id"])
def test_the_validator_refuses_raw_html_and_other_link_schemes_in_a_bank(tmp_path, text, code, place):
    with pytest.raises(CatalogueInvalid) as refused:
        load_catalogue(bank_folder(tmp_path, {place: text}))
    assert code in {problem.code for problem in refused.value.problems}


# What the validator lets through: it must reach the page as text, or as a safe link.
GETS_THROUGH = {
    "title_id": '&lt;script&gt;alert("t1")&lt;/script&gt; judul',
    "summary_en": "\\<img src=x onerror=alert(2)\\> summary, 1 < 2 > 0",
    "prompt": 'Siapa? &lt;script&gt;alert("p")&lt;/script&gt; [bantuan](https://example.org/%22%3E%3Cscript%3E) ' + JS_URL,
    "choice": "\\<img src=x onerror=alert(3)\\> \u202eorang asing",
    "feedback": "Hubungi [129](tel:129) atau [email](mailto:a@example.org) \U0001f469\u200d\U0001f469\u200d\U0001f467",
    "explanation": "&quot; onmouseover=&quot;alert(4)&quot; &lt;img src=x&gt;",
    "chat_name": "&lt;b&gt;Rey&lt;/b&gt;",
    "chat_why": "\\<script\\>alert(5)\\</script\\>",
    "reflection": '&lt;script&gt;alert("r")&lt;/script&gt; saya tahu',
}


def test_quiz_text_the_validator_lets_through_is_shown_as_text(app, tmp_path, monkeypatch, login_as):
    catalogue = load_catalogue(bank_folder(tmp_path, GETS_THROUGH))
    monkeypatch.setitem(app.extensions, "waspada.catalogue", catalogue)
    assert get_catalogue() is catalogue
    world = factories.make_world(students=2)
    a = world.a
    a.school.default_locale = "id"  # the staff read the bank's Indonesian texts, where the hostile title is
    db.session.commit()
    assignment = factories.make_assignment(a.classroom, "sample-basics", feedback_mode="immediate")
    other = a.students[1]
    factories.answer_all(other, assignment, responses={"who-does-it": {"choice": "a"}})
    teacher, counsellor = login_as(a.teacher), login_as(a.counsellor)
    pupil = login_as(a.students[0])

    # The student goes through the module: every question, its feedback, the results.
    pupil_pages = [pupil.get("/s/"), pupil.get(f"/s/m/{assignment.id}")]
    assert pupil.post(f"/s/m/{assignment.id}/start").status_code == 302
    bank = catalogue.get("sample-basics")
    question_pages = {}
    for question in bank.questions:
        url = f"/s/m/{assignment.id}/q/{question.id}"
        pupil_pages.append(pupil.get(url))
        question_pages[question.id] = pupil_pages[-1].get_data(as_text=True)
        pupil_pages.append(pupil.get(url, query_string={"lang": "en"}))
        form = _form_for(question)
        assert pupil.post(url, data=form).status_code == 302
        pupil_pages.append(pupil.get(url + "/feedback"))
    pupil_pages.append(pupil.get(f"/s/m/{assignment.id}/results"))
    for index, response in enumerate(pupil_pages):
        assert_safe_html(response, f"student page {index}")
    attempt_id = db.session.scalar(select(Attempt.id).where(Attempt.student_id == a.students[0].id))

    staff_pages = {
        teacher: [
            "/teacher/",
            f"/teacher/classes/{a.classroom.id}",
            f"/teacher/classes/{a.classroom.id}/assign",
            f"/teacher/classes/{a.classroom.id}/report",
            f"/teacher/assignments/{assignment.id}/report",
            f"/teacher/attempts/{attempt_id}",
            f"/teacher/assignments/{assignment.id}/edit",
        ],
        counsellor: ["/counsellor/", "/counsellor/key-items?show=all", f"/teacher/students/{other.id}/results"],
    }
    for client, urls in staff_pages.items():
        for url in urls:
            assert_safe_html(client.get(url), url)
    assert_safe_csv(teacher.get(f"/teacher/assignments/{assignment.id}/answers.csv"), "answers.csv")

    # It was shown, as text: the entity came back as an escaped "<script>" on the question page,
    # and the title, shown as plain text to staff, comes back escaped (twice, as typed in the bank).
    assert "&lt;script&gt;alert(" in question_pages["who-does-it"]
    assign_page = teacher.get(f"/teacher/classes/{a.classroom.id}/assign").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in assign_page or "&amp;lt;script&amp;gt;alert(" in assign_page


def _form_for(question) -> dict:
    from tests.integration.student.helpers import right_form

    return right_form(question)
