"""A module written for Moodle, read back as Moodle's importers read it: nothing the format can hold is lost.

Every shipped bank, in both languages, goes out as Moodle XML, GIFT and Aiken and comes
back through a reader that follows Moodle's importer (question/format/*/format.php and
qtype_ordering): the structure it reads, the grades it accepts, the texts it keeps. A
student scores the same in Moodle as in Waspada, for every possible answer.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from app.quizbank import Bank, Choice, LocalText, Question, load_catalogue, score_response
from app.quizbank.formats import FORMATS, aiken, export_bank, gift, moodle_xml
from app.quizbank.formats.common import MOODLE_FRACTIONS, moodle_grade, response_grades
from app.quizbank.formats.moodle_xml_read import MoodleXmlError
from app.quizbank.formats.text import block_html, inline_html, one_line, plain_text
from tests.unit.quizbank.helpers import VALID

SHIPPED = load_catalogue(Path(__file__).parents[3] / "quizzes")
FIXTURE = load_catalogue(VALID)
SAFE_CHAT = FIXTURE.get("safe-chat")
EVERY_BANK = [pytest.param(bank, lang, id=f"{bank.id}-{lang}") for bank in SHIPPED.banks.values() for lang in ("id", "en")]
QUESTIONS = ("multichoice", "truefalse", "ordering")


def _scored(parsed):
    return [q for q in parsed if q.type in QUESTIONS]


def _choice_answers(question):
    return question.messages if question.type == "chat" else question.choices


# --- Moodle XML ----------------------------------------------------------------------------


@pytest.mark.parametrize(("bank", "lang"), EVERY_BANK)
def test_every_scored_question_of_every_bank_imports_into_moodle_and_reflections_are_named(bank, lang):
    made = export_bank(bank, "moodle-xml", lang, SHIPPED.helplines)
    parsed = moodle_xml.read(made.text)  # raises at anything Moodle's importer would refuse
    kept = [q for q in bank.questions if q.type != "reflection"]
    assert [q.idnumber for q in _scored(parsed)] == [q.id for q in kept]
    assert made.questions == len(kept)
    assert [item.question_id for item in made.left_out] == [q.id for q in bank.questions if q.type == "reflection"]
    for item in made.left_out:
        assert f"<!-- {item.note(lang)} -->" in made.text
    assert parsed[0].type == "category" and parsed[0].category.endswith("/" + bank.title.get_text(lang))


def test_moodle_xml_keeps_texts_feedback_and_grades_of_each_type():
    parsed = moodle_xml.read(moodle_xml.write(SAFE_CHAT, "en", FIXTURE.helplines).text)
    by_id = {q.idnumber: q for q in parsed if q.idnumber}
    for question in SAFE_CHAT.questions:
        if question.type == "reflection":
            assert question.id not in by_id
            continue
        out = by_id[question.id]
        assert out.text_format == "html"
        assert out.text == block_html(question.prompt["en"])
        assert out.general_feedback == block_html(question.explanation["en"])
        assert out.tags == (["key-item"] if question.key else [])
        assert out.name.startswith(f"{SAFE_CHAT.questions.index(question) + 1:02d} ")

    single = by_id["gift-offer"]
    assert single.type == "multichoice" and single.options["single"] == "true"
    assert [(a.text, a.fraction) for a in single.answers] == [
        ("Say no and tell an adult", 100),
        ("Just accept it", 0),
        ("Accept it and keep it a secret", 0),
    ]
    assert single.answers[1].feedback == "<p>A gift can be a trap.</p>"

    multiple = by_id["signs"]
    assert multiple.options["single"] == "false" and multiple.options["shuffleanswers"] == "true"
    assert [a.fraction for a in multiple.answers] == [50, 50, -50]

    chat = by_id["game-chat"]
    assert chat.options == {
        "single": "false",
        "shuffleanswers": "false",
        "answernumbering": "none",
        "showstandardinstruction": "1",
    }
    assert [a.text for a in chat.answers] == [
        "<strong>Dion:</strong> Hi, let's play!",
        "<strong>Me:</strong> OK",
        "<strong>Someone:</strong> Don't tell your parents",
    ]
    assert [a.fraction for a in chat.answers] == [-100, -100, 100]
    assert chat.answers[2].feedback == "<p>Asking for secrecy.</p>"

    true_false = by_id["only-strangers"]
    assert {a.text: a.fraction for a in true_false.answers} == {"true": 0, "false": 100}

    order = by_id["report-steps"]
    assert [a.text for a in order.answers] == ["Keep evidence", "Block", "Tell an adult"]
    assert order.options["gradingtype"] == "RELATIVE_ALL_PREVIOUS_AND_NEXT"
    assert (order.options["selecttype"], order.options["selectcount"]) == ("ALL", "3")


def test_moodle_xml_opens_with_the_content_note_and_closes_with_help_lines_and_resources():
    parsed = moodle_xml.read(moodle_xml.write(SAFE_CHAT, "id", FIXTURE.helplines).text)
    assert [q.type for q in (parsed[1], parsed[-1])] == ["description", "description"]
    assert parsed[1].name == "00 Sebelum kamu mulai"
    assert parsed[1].text == block_html(SAFE_CHAT.content_note["id"]) + "\n" + block_html(SAFE_CHAT.intro["id"])
    closing = parsed[-1].text
    assert parsed[-1].name.endswith("Layanan bantuan")
    for line in FIXTURE.helplines:
        assert inline_html(line.name["id"]) in closing
        assert all(contact.label in closing for contact in line.contacts)
    assert all(resource.url in closing for resource in SAFE_CHAT.resources)


def _moodle_multi_grade(fractions: list[float], picked: set[int]) -> float:
    """qtype_multichoice_multi_question: the picked answers' grades added up, kept within 0..1."""
    return min(1.0, max(0.0, sum(fractions[i] for i in picked)))


def _moodle_ordering_grade(correct: list[str], response: list[str]) -> float:
    """qtype_ordering, RELATIVE_ALL_PREVIOUS_AND_NEXT: items before and after each item, both right."""
    right = total = 0
    for item in correct:
        before, after = set(correct[: correct.index(item)]), set(correct[correct.index(item) + 1 :])
        given_before, given_after = set(response[: response.index(item)]), set(response[response.index(item) + 1 :])
        right += len(before & given_before) + len(after & given_after)
        total += len(before) + len(after)
    return right / total


def _all_questions(kind: str):
    return [q for bank in (*SHIPPED.banks.values(), SAFE_CHAT) for q in bank.questions if q.type == kind]


@pytest.mark.parametrize("question", _all_questions("chat") + _all_questions("multiple"), ids=lambda q: q.id)
def test_a_multiple_response_question_scores_in_moodle_as_in_waspada_for_every_answer(question):
    parsed = _scored(moodle_xml.read(moodle_xml.write(Bank(**{**_bank_fields(), "questions": (question,)}), "en").text))[0]
    grades = [moodle_grade(answer.fraction / 100) for answer in parsed.answers]
    ids = [option.id for option in _choice_answers(question)]
    key = "flags" if question.type == "chat" else "choices"
    for size in range(len(ids) + 1):
        for picked in itertools.combinations(range(len(ids)), size):
            waspada = score_response(question, {key: [ids[i] for i in picked]})
            assert _moodle_multi_grade(grades, set(picked)) == pytest.approx(waspada, abs=1e-6)


@pytest.mark.parametrize("question", _all_questions("order"), ids=lambda q: q.id)
def test_an_ordering_question_scores_in_moodle_as_in_waspada_for_every_order(question):
    correct = [item.id for item in question.items]
    for response in itertools.permutations(correct):
        waspada = score_response(question, {"order": list(response)})
        assert _moodle_ordering_grade(correct, list(response)) == pytest.approx(waspada)


@pytest.mark.parametrize("right", range(1, 21))
def test_right_answers_add_up_to_100_percent_in_grades_moodle_accepts(right):
    rights, penalty = response_grades(right, wrong=3)
    assert all(moodle_grade(grade) == grade for grade in [*rights, penalty])
    assert round(sum(rights), 2) == 1 and penalty < 0
    assert max(rights) - min(rights) <= 0.05  # as even as Moodle's list allows
    assert response_grades(right, wrong=0)[1] == 0


@pytest.mark.parametrize(
    ("pattern", "replacement", "complaint"),
    [
        (r'fraction="50"', 'fraction="30.5"', "not one of Moodle's grades"),
        (r'fraction="100" format="html"', 'fraction="90" format="html"', "no answer is worth 100 %"),
        (r"<name><text>02 [^<]*</text>", "<name><text></text>", "has no name"),
        (r"<text><!\[CDATA\[Say no", "<text><b>x</b><![CDATA[Say no", "holds elements"),
        (r"<text>false</text>", "<text>no</text>", "two answers, 'true' and 'false'"),
        (r"RELATIVE_ALL_PREVIOUS_AND_NEXT", "KENDALL", "qtype_ordering"),
        (r'<question type="truefalse">', '<question type="yesno">', "not one Moodle's importer reads"),
        (r"<quiz>", "<questions>", "not well-formed"),
    ],
)
def test_the_moodle_xml_reader_refuses_what_moodle_would(pattern, replacement, complaint):
    text = moodle_xml.write(SAFE_CHAT, "en").text
    broken = re.sub(pattern, replacement, text, count=1)
    assert broken != text
    with pytest.raises(MoodleXmlError, match=complaint):
        moodle_xml.read(broken)


# --- GIFT --------------------------------------------------------------------------------


@pytest.mark.parametrize(("bank", "lang"), EVERY_BANK)
def test_gift_round_trips_every_question_it_can_hold(bank, lang):
    made = export_bank(bank, "gift", lang, SHIPPED.helplines)
    parsed = gift.read(made.text)
    assert parsed[0].type == "category" and parsed[0].category.endswith(bank.title.get_text(lang))
    kept = [q for q in bank.questions if q.type not in ("reflection", "order")]
    out = [q for q in parsed if q.type in ("multichoice", "truefalse")]
    assert len(out) == made.questions == len(kept)
    assert {item.question_id for item in made.left_out} == {q.id for q in bank.questions} - {q.id for q in kept}
    assert all(f"// {item.note(lang)}" in made.text for item in made.left_out)
    for question, back in zip(kept, out, strict=True):
        _assert_gift_question(question, back, lang)


def _assert_gift_question(question, back, lang):
    assert back.text_format == "plain"
    assert back.text == plain_text(question.prompt[lang])
    assert back.general_feedback == plain_text(question.explanation[lang])
    if question.type == "true_false":
        assert back.type == "truefalse" and back.correct is question.answer
        return
    assert back.type == "multichoice" and back.single is (question.type == "single")
    options = _choice_answers(question)
    assert len(back.answers) == len(options)
    for number, (option, answer) in enumerate(zip(options, back.answers, strict=True), start=1):
        if question.type == "chat":
            assert answer.text.startswith(f"{number}. ") and answer.text.endswith(plain_text(option.text[lang]))
            assert (answer.fraction > 0) is option.red_flag
            assert answer.feedback == (plain_text(option.why[lang]) if option.why else "")
        else:
            assert answer.text == plain_text(option.text[lang])
            assert (answer.fraction > 0) is option.correct
            assert answer.feedback == (plain_text(option.feedback[lang]) if option.feedback else "")


def test_gift_escapes_what_gift_uses_and_keeps_every_character():
    nasty = "Price: {100}~=#50% off \\ back\\n slash\nnew line [html] // not a comment"
    question = Question(
        id="nasty",
        type="single",
        key=False,
        prompt=_text(nasty),
        explanation=_text("[b] " + nasty),
        choices=(
            Choice("a", _text("%25% of " + nasty), True, feedback=_text("#1 " + nasty)),
            Choice("b", _text("%50% and " + nasty), False),
            Choice("c", _text("[plain] x"), False),
        ),
    )
    back = next(q for q in gift.read(gift.write(_bank(question), "en").text) if q.type == "multichoice")
    _assert_gift_question(question, back, "en")
    assert [a.fraction for a in back.answers] == [1, 0, 0]


def test_the_gift_reader_refuses_what_moodle_would():
    with pytest.raises(gift.GiftError, match="braceerror"):
        gift.read("::q::A question{=yes ~no")
    with pytest.raises(gift.GiftError, match="not one of Moodle's grades"):
        gift.read("::q::A question{~%30.5%yes ~%69.5%no}")
    with pytest.raises(gift.GiftError, match="fractionsaddwrong"):
        gift.read("::q::A question{~%50%yes ~%25%yes too ~%-50%no}")


# --- Aiken -------------------------------------------------------------------------------


@pytest.mark.parametrize(("bank", "lang"), EVERY_BANK)
def test_aiken_keeps_one_answer_questions_and_true_false_as_two_choices(bank, lang):
    made = export_bank(bank, "aiken", lang, SHIPPED.helplines)
    parsed = aiken.read(made.text)
    kept = [q for q in bank.questions if q.type in ("single", "true_false")]
    assert len(parsed) == made.questions == len(kept)
    reasons = {item.question_id: item.reason for item in made.left_out}
    assert set(reasons) == {q.id for q in bank.questions} - {q.id for q in kept}
    for question, back in zip(kept, parsed, strict=True):
        assert back.text == one_line(question.prompt[lang])
        if question.type == "true_false":
            assert back.choices == (["True", "False"] if lang == "en" else ["Benar", "Salah"])
            assert back.answer == (0 if question.answer else 1)
        else:
            assert back.choices == [one_line(c.text[lang]) for c in question.choices]
            assert question.choices[back.answer].correct


def test_aiken_names_why_each_question_is_left_out():
    reasons = {item.question_id: item.reason for item in aiken.write(SAFE_CHAT, "en").left_out}
    assert reasons == {
        "feel-before": "reflection",
        "signs": "aiken_one_answer",
        "report-steps": "order_not_in_format",
        "game-chat": "aiken_one_answer",
    }


def test_aiken_keeps_a_question_that_starts_like_a_choice_a_question():
    question = Question(
        id="a-first",
        type="true_false",
        key=False,
        prompt=_text("A) is not a choice here"),
        explanation=_text("Yes."),
        answer=True,
    )
    parsed = aiken.read(aiken.write(_bank(question), "en").text)
    assert parsed[0].text == "\u00a0A) is not a choice here" and parsed[0].choices == ["True", "False"]


def test_the_aiken_reader_refuses_what_moodle_would():
    with pytest.raises(aiken.AikenError, match="questionnotstarted"):
        aiken.read("A) a choice\nANSWER: A\n")
    with pytest.raises(aiken.AikenError, match="questionnotcomplete"):
        aiken.read("First?\nA) yes\nSecond?\n")


# --- texts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("Hello *you* and **all**", "Hello you and all"),
        ("One.\n\nTwo\nlines", "One.\n\nTwo\nlines"),
        ("Steps:\n\n1. save\n2. block\n\n- tell", "Steps:\n\n1. save\n2. block\n\n- tell"),
        ("Call [SAPA 129](tel:129) or <https://aduankonten.id>", "Call SAPA 129 (129) or https://aduankonten.id"),
        ("<b>not html</b> & more", "<b>not html</b> & more"),
    ],
)
def test_markdown_becomes_plain_text_as_a_reader_would_say_it(markdown, plain):
    assert plain_text(markdown) == plain


def test_moodle_xml_holds_any_text_safely_in_cdata():
    tricky = "End ]]> of CDATA, <script>alert(1)</script> & a form feed \x0c"
    question = Question(id="tricky", type="true_false", key=True, prompt=_text(tricky), explanation=_text(tricky), answer=False)
    parsed = _scored(moodle_xml.read(moodle_xml.write(_bank(question), "en").text))[0]
    assert parsed.text == block_html(tricky).replace("\x0c", "") and "<script>" not in parsed.text


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_writes_in_the_language_asked(name):
    made_id, made_en = (export_bank(SAFE_CHAT, name, lang).text for lang in ("id", "en"))
    assert "Teman game menawarkan pulsa" in made_id and "A gaming friend offers phone credit" in made_en
    assert "phone credit" not in made_id


def test_a_slash_in_a_title_stays_in_the_category_name():
    bank = Bank(**{**_bank_fields(), "title": _text("Chat / DM")})
    assert moodle_xml.read(moodle_xml.write(bank, "en").text)[0].category == "$course$/top/Waspada/Chat // DM"
    assert gift.read(gift.write(bank, "en").text)[0].category == "$course$/top/Waspada/Chat // DM"


def test_grades_on_moodles_list_are_the_only_ones_matched():
    assert moodle_grade(1 / 3) == 0.3333333 and moodle_grade(-1 / 7) == -0.1428571
    assert moodle_grade(0.305) is None and len(MOODLE_FRACTIONS) == 20


# --- building small banks -------------------------------------------------------------------


def _text(text: str) -> LocalText:
    return LocalText({"id": text, "en": text})


def _bank_fields() -> dict:
    return {field: getattr(SAFE_CHAT, field) for field in SAFE_CHAT.__dataclass_fields__}


def _bank(*questions: Question) -> Bank:
    return Bank(**{**_bank_fields(), "questions": questions})
