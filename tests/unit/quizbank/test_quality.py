"""Quality checks: warnings with a place, that never stop a bank from being served."""

from __future__ import annotations

import pytest

from app.quizbank import load_catalogue, parse_bank
from app.quizbank.errors import Problem, Report
from app.quizbank.quality import SD_WORDS, sentences, words
from tests.unit.quizbank.helpers import BANK_TEXT, edit, line_of

LONG_C = '        text: {id: "Terima, tapi simpan sebagai rahasia", en: Accept it and keep it a secret}'
M1_HARMLESS = 'en: "Hi, let\'s play!"}\n        red_flag: false'


def _warnings(problems):
    assert all(p.is_warning for p in problems), [p.message("en") for p in problems]
    return [(p.code, p.line) for p in problems]


def _sd(text: str) -> str:
    return edit(text, "audience: [smp, sma]", "audience: [sd]")


# --- the right choice is not usually the longest ---------------------------------------------


def test_a_correct_choice_that_is_the_longest_too_often_is_a_warning(check_file, quiz_folder):
    text = edit(BANK_TEXT, LONG_C, "        text: {id: Simpan sebagai rahasia, en: Keep it secret}")
    problems = check_file("safe-chat.yaml", text)
    assert _warnings(problems) == [("correct_often_longest", line_of(text, "questions:"))]
    [warning] = problems
    assert warning.severity == "warning"
    assert warning.message("en").endswith(
        f"safe-chat.yaml:{warning.line}:1: warning: the correct choice is the longest in 1 of the 1 'single' "
        "questions (gift-offer); at most a third may be, or students learn to pick the longest answer: write the "
        "wrong choices as fully and carefully as the right one"
    )
    assert f":{warning.line}:1: peringatan: pilihan yang benar adalah yang terpanjang di 1 dari 1" in warning.message()
    # served all the same
    assert load_catalogue(quiz_folder).get("safe-chat").question("gift-offer").choices[2].text["en"] == "Keep it secret"
    assert parse_bank(text, "safe-chat.yaml").id == "safe-chat"


def test_longest_in_either_locale_counts(check_file):
    # Longer in Indonesian only: still the longest answer a student sees in that language.
    text = edit(BANK_TEXT, LONG_C, "        text: {id: Simpan sebagai rahasia, en: Accept it and keep it a secret}")
    assert [p.code for p in check_file("safe-chat.yaml", text)] == ["correct_often_longest"]


def test_a_tie_for_the_longest_gives_nothing_away(check_file):
    # "Tolak dan cerita ke orang dewasa" and "Say no and tell an adult": the same lengths.
    text = edit(BANK_TEXT, LONG_C, "        text: {id: Tolak dan cerita ke orang dewasX, en: Say no and tell an adulX}")
    assert check_file("safe-chat.yaml", text) == []


def _single(qid: str, right: str, wrong: str) -> str:
    return (
        f"  - id: {qid}\n    type: single\n    prompt: {{id: Pilih, en: Pick}}\n    choices:\n"
        f"      - id: a\n        text: {{id: {right}, en: {right}}}\n        correct: true\n"
        f"      - id: b\n        text: {{id: {wrong}, en: {wrong}}}\n"
        "    explanation: {id: Begitulah, en: That is so}\n"
    )


@pytest.mark.parametrize(("longest", "warned"), [(0, False), (1, False), (2, False), (3, True)])
def test_at_most_a_third_of_the_single_questions(check_file, longest, warned):
    # The fixture's own single question (gift-offer) is fine; add five more: six in all.
    extra = "".join(_single(f"extra-{n}", "yang benar sekali" if n < longest else "benar", "salah") for n in range(5))
    text = edit(BANK_TEXT, "\nalternative:", "\n" + extra + "alternative:")  # after the last question
    codes = [p.code for p in check_file("safe-chat.yaml", text)]
    assert codes == (["correct_often_longest"] if warned else [])  # 2 of 6 is a third: allowed


# --- chats teach telling the difference ------------------------------------------------------


def test_a_chat_where_every_message_from_them_is_a_red_flag_is_a_warning(check_file):
    text = edit(BANK_TEXT, M1_HARMLESS, M1_HARMLESS.replace("false", "true"))
    problems = check_file("safe-chat.yaml", text)
    messages_line = line_of(text, "    messages:")
    assert _warnings(problems) == [("chat_no_harmless_message", messages_line)]
    assert (
        problems[0]
        .message("en")
        .endswith(
            "warning: question 'game-chat': every message from the other person is a red flag; add at least one "
            "harmless message 'from: them' with 'red_flag: false', so that students learn to tell the difference, "
            "not to mark everything"
        )
    )


# --- sd banks: short sentences, short chats, simple words ------------------------------------


def test_the_fixture_bank_for_sd_has_no_warning(check_file):
    assert check_file("safe-chat.yaml", _sd(BANK_TEXT)) == []


def test_a_long_sentence_in_an_sd_bank_is_a_warning(check_file):
    long = " ".join(["kata"] * 21)
    text = _sd(
        edit(
            BANK_TEXT,
            "      en: Secrecy and moving apps are warning signs.",
            f"      en: Secrecy and moving apps are warning signs. {long.capitalize()}. Short again.",
        )
    )
    problems = check_file("safe-chat.yaml", text)
    assert _warnings(problems) == [("sd_long_sentence", line_of(text, long.capitalize()))]
    assert (
        problems[0]
        .message("en")
        .endswith(
            "warning: question 'signs': the 'en' text of 'explanation' has a sentence of 21 words "
            "('Kata kata kata kata kata kata …'); for sd students keep sentences to 20 words or fewer"
        )
    )
    assert check_file("safe-chat.yaml", edit(text, "audience: [sd]", "audience: [smp]")) == []


def test_twenty_words_are_fine(check_file):
    text = _sd(
        edit(BANK_TEXT, "      en: Secrecy and moving apps are warning signs.", "      en: " + " ".join(["word"] * 20) + ".")
    )
    assert check_file("safe-chat.yaml", text) == []


@pytest.mark.parametrize(
    "word", ["perdagangan orang", "Sekstorsi", "eksploitasi seksual", "sextortion", "trafficking", "traffickers"]
)
def test_words_kept_from_sd_students_are_warnings(check_file, word):
    text = _sd(edit(BANK_TEXT, "      id: Pelaku selalu orang asing.", f"      id: Pelaku {word} selalu orang asing."))
    problems = check_file("safe-chat.yaml", text)
    assert _warnings(problems) == [("sd_word", line_of(text, f"Pelaku {word}"))]
    assert "question 'only-strangers'" in problems[0].message("en")
    assert check_file("safe-chat.yaml", edit(text, "audience: [sd]", "audience: [sd, smp]"))  # any sd audience
    assert check_file("safe-chat.yaml", edit(text, "audience: [sd]", "audience: [smp, sma]")) == []


def test_an_sd_word_in_a_title_or_a_chat_message_is_found(check_file):
    text = _sd(edit(BANK_TEXT, "  id: Chat yang aman", "  id: Chat tanpa sekstorsi"))
    text = edit(text, "{id: Oke, en: OK}", "{id: Oke, en: Not trafficked}")
    problems = check_file("safe-chat.yaml", text)
    assert _warnings(problems) == [("sd_word", line_of(text, "sekstorsi")), ("sd_word", line_of(text, "trafficked"))]
    assert "question 'game-chat', message 'm2': the 'en' text of 'text'" in problems[1].message("en")


def test_an_sd_chat_has_at_most_five_messages(check_file):
    more = "".join(
        f"      - id: extra-{n}\n        from: me\n        text: {{id: Oke, en: OK}}\n        red_flag: false\n" for n in range(3)
    )
    text = edit(BANK_TEXT, "    explanation:\n      id: Meminta rahasia", more + "    explanation:\n      id: Meminta rahasia")
    assert check_file("safe-chat.yaml", text) == []  # six messages are fine for smp and sma
    problems = check_file("safe-chat.yaml", _sd(text))
    assert _warnings(problems) == [("sd_chat_too_long", line_of(text, "    messages:"))]
    assert problems[0].message("en").endswith("a chat for sd students has 6 messages; keep it to at most 5")
    drop = "      - id: extra-2\n        from: me\n        text: {id: Oke, en: OK}\n        red_flag: false\n"
    assert check_file("safe-chat.yaml", _sd(edit(text, drop, ""))) == []  # five


def test_the_sd_words_are_the_content_guides():
    assert {"sekstorsi", "perdagangan", "eksploitasi seksual"} <= set(SD_WORDS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Satu dua. Tiga empat!  Lima? Enam", ["Satu dua.", "Tiga empat!", "Lima?", "Enam"]),
        ('"Hai!" kata Dion. Lalu pergi.', ['"Hai!"', "kata Dion.", "Lalu pergi."]),  # shorter is never worse
        ('Dia bilang "jangan cerita." Lalu pergi.', ['Dia bilang "jangan cerita."', "Lalu pergi."]),
        ("- satu\n- dua\n\nTiga", ["- satu", "- dua", "Tiga"]),
        ("Hubungi [SAPA 129](tel:129) *sekarang*.", ["Hubungi [SAPA 129] sekarang."]),
        ("Angka 0811-1129-129 dan 1.5 tetap", ["Angka 0811-1129-129 dan 1.5 tetap"]),
    ],
)
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_words_are_pieces_with_a_letter_or_a_digit():
    assert words("- Simpan bukti - lalu 129 , ya") == ["Simpan", "bukti", "lalu", "129", "ya"]


# --- warnings come after errors, and never refuse --------------------------------------------


def test_a_bank_with_an_error_is_not_also_given_warnings(check_file):
    text = edit(BANK_TEXT, LONG_C, "        text: {id: Simpan sebagai rahasia, en: Keep it secret}")
    text = edit(text, "answer: false", "answer: no")
    assert [p.code for p in check_file("safe-chat.yaml", text)] == ["expected_bool"]


def test_warnings_never_stop_the_catalogue_from_loading(quiz_folder):
    text = edit(BANK_TEXT, M1_HARMLESS, M1_HARMLESS.replace("false", "true"))
    (quiz_folder / "safe-chat.yaml").write_text(_sd(text), encoding="utf-8")
    assert load_catalogue(quiz_folder).get("safe-chat").audience == ("sd",)


def test_a_report_is_ok_with_warnings_only():
    report = Report("a.yaml")
    report.warn(3, 1, "chat_no_harmless_message")
    assert report.ok
    report.add(1, 1, "empty_file")
    assert not report.ok
    assert [p.severity for p in report.in_order()] == ["error", "warning"]


def test_a_flood_of_warnings_refuses_nothing():
    report = Report("a.yaml")
    for line in range(1, 300):
        report.warn(line, 1, "chat_no_harmless_message")
    assert report.ok and report.problems[-1].code == "too_many_problems"


def test_a_problem_is_an_error_unless_it_says_otherwise():
    assert Problem("a.yaml", 1, 1, "empty_file").severity == "error"
    assert (
        Problem("a.yaml", 1, 1, "empty_file").message("en") == "a.yaml:1:1: the file is empty; write the bank's "
        "fields, starting with 'schema: 1'"
    )
    with pytest.raises(ValueError, match="severity"):
        Problem("a.yaml", 1, 1, "empty_file", {}, "notice")
    assert Problem("a.yaml", 1, 1, "empty_file") != Problem("a.yaml", 1, 1, "empty_file", {}, "warning")
