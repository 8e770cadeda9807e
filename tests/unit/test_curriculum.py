"""The curriculum itself, as a teacher and a child protection officer would check it.

The quiz engine has its own tests; these read the real banks in quizzes/ and hold the
content to the promises of the content guide (/work/shared/design/CONTENT_GUIDE.md):
every module teaches with an explanation on every question, opens and closes with the
same reflection so a class can compare before and after, marks its key safety items,
lets the chat simulations explain every red flag, never blames a victim or turns
graphic, tells every student under sextortion that it is not their fault, and ends by
pointing to help. If an edit to a bank breaks one of these, a test here fails.
"""

import importlib.util
import re
from pathlib import Path

import pytest

from app.quizbank import LOCALES, CatalogueInvalid, load_catalogue

QUIZ_FOLDER = Path(__file__).resolve().parents[2] / "quizzes"

# The five core modules, in the order students meet them.
MODULES = ("basics", "grooming", "false-promises", "sextortion", "reporting")
# Modules whose core exercise is spotting the pattern in a simulated conversation.
CHAT_MODULES = ("grooming", "false-promises", "sextortion")

# "It is not your fault", in the ways our banks say it (to a reader or about a character:
# "bukan salah Ayu", "Andi is not to blame").
NOT_YOUR_FAULT = {
    "id": ("bukan salahmu", "kamu tidak salah", "bukan salah", "tidak salah"),
    "en": ("not your fault", "not to blame", "not at fault", "not their fault", "not his fault", "not her fault"),
}

# Where help is, as the last explanation of every module must say it.
HELP_WORDS = {"id": ("guru bk", "129"), "en": ("counsellor", "129")}
# A content note says where help is in any of these ways (a person, a line, or the app's help button).
NOTE_HELP_WORDS = {"id": ("guru bk", "129", "saya butuh bantuan"), "en": ("counsellor", "129", "i need help")}


def _load_blocklist():
    # Loaded by path so the test does not depend on tests/ being an importable package.
    spec = importlib.util.spec_from_file_location("content_blocklist", Path(__file__).with_name("content_blocklist.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BLOCKLIST


BLOCKLIST = _load_blocklist()
_BLOCKED = [(phrase, re.compile(r"\b" + re.escape(phrase), re.IGNORECASE)) for phrase in BLOCKLIST]


def blocked_phrases(text: str) -> list[str]:
    return [phrase for phrase, pattern in _BLOCKED if pattern.search(text)]


@pytest.fixture(scope="module")
def catalogue():
    try:
        return load_catalogue(QUIZ_FOLDER)
    except CatalogueInvalid as invalid:  # show the author every problem, not a bare traceback
        pytest.fail("quizzes/ does not validate:\n" + "\n".join(p.message("en") for p in invalid.problems))


def bank_texts(bank):
    """Every localised text a student can read in a bank, with a label saying where it is."""
    yield "title", bank.title
    yield "summary", bank.summary
    if bank.intro is not None:
        yield "intro", bank.intro
    if bank.content_note is not None:
        yield "content_note", bank.content_note
    for resource in bank.resources:
        yield "resource label", resource.label
    for q in bank.questions:
        yield f"{q.id} prompt", q.prompt
        yield f"{q.id} explanation", q.explanation
        for c in q.choices:
            yield f"{q.id}/{c.id} text", c.text
            if c.feedback is not None:
                yield f"{q.id}/{c.id} feedback", c.feedback
        for item in q.items:
            yield f"{q.id}/{item.id} text", item.text
        for m in q.messages:
            if m.name is not None:
                yield f"{q.id}/{m.id} name", m.name
            yield f"{q.id}/{m.id} text", m.text
            if m.why is not None:
                yield f"{q.id}/{m.id} why", m.why


def shared_texts(catalogue):
    for theme in catalogue.themes:
        yield f"theme {theme.key} title", theme.title
        yield f"theme {theme.key} summary", theme.summary
    for key, misconception in catalogue.misconceptions.items():
        yield f"misconception {key}", misconception.label
    for line in catalogue.helplines:
        yield f"helpline {line.key} name", line.name
        yield f"helpline {line.key} description", line.description


def contains_any(text: str, needles) -> bool:
    lowered = text.lower()
    return any(needle in lowered for needle in needles)


# --- the catalogue as a whole -------------------------------------------------------------


def test_the_whole_catalogue_validates_and_holds_the_five_modules_in_order(catalogue):
    assert [theme.key for theme in catalogue.themes] == list(MODULES)
    for module in MODULES:
        assert catalogue.get(module) is not None, f"quizzes/{module}.yaml is missing"
        assert catalogue.get(module).theme == module


def test_the_sensitive_themes_are_the_ones_about_exploitation(catalogue):
    sensitive = {theme.key for theme in catalogue.themes if theme.sensitive}
    assert {"grooming", "false-promises", "sextortion"} <= sensitive


def test_teachers_have_at_least_twelve_misconceptions_to_act_on(catalogue):
    assert len(catalogue.misconceptions) >= 12
    agreed = {
        "gifts-are-kindness",
        "paying-stops-threats",
        "victim-is-to-blame",
        "many-followers-means-safe",
        "only-strangers",
        "only-abroad",
        "secrets-are-normal",
        "mature-compliment",
        "private-app-is-safer",
        "online-love-is-real",
        "high-pay-no-skills",
        "comply-to-end-it",
        "delete-evidence-first",
        "telling-gets-you-punished",
        "nothing-can-be-done",
        "forwarding-is-harmless",
        "livestream-easy-money",
        "reporting-is-useless",
        "only-girls",
    }
    assert agreed <= set(catalogue.misconceptions)


def test_the_help_lines_are_the_verified_indonesian_ones(catalogue):
    contacts = {contact.value for line in catalogue.helplines for contact in line.contacts}
    assert {"tel:129", "https://wa.me/628111129129", "tel:110", "https://aduankonten.id"} <= contacts
    assert all(line.verified is not None for line in catalogue.helplines)
    # The police ask for reports at a station or through 110; no US-only numbers for Indonesian students.
    assert not any("patrolisiber" in value or value.startswith(("tel:1800", "tel:+1")) for value in contacts)


# --- every module -------------------------------------------------------------------------


@pytest.mark.parametrize("module", MODULES)
def test_a_module_is_a_real_lesson_of_ten_to_fifteen_varied_questions(catalogue, module):
    bank = catalogue.get(module)
    assert 10 <= len(bank.questions) <= 15
    assert len({q.type for q in bank.questions}) >= 3
    assert sum(q.key for q in bank.questions) >= 2, "a module needs at least two key safety items"


@pytest.mark.parametrize("module", MODULES)
def test_a_module_opens_and_closes_with_the_same_reflection_so_a_class_can_compare(catalogue, module):
    first, last = catalogue.get(module).questions[0], catalogue.get(module).questions[-1]
    assert first.type == "reflection" and last.type == "reflection"
    assert first.scale == last.scale == "agree4"
    for locale in LOCALES:
        assert first.prompt[locale] == last.prompt[locale], "the closing reflection mirrors the opening one"


@pytest.mark.parametrize("module", MODULES)
def test_every_question_teaches_with_an_explanation_in_both_languages(catalogue, module):
    for q in catalogue.get(module).questions:
        for locale in LOCALES:
            assert q.explanation.get(locale, "").strip(), f"{module}/{q.id}: no {locale} explanation"


@pytest.mark.parametrize("module", MODULES)
def test_every_text_a_student_reads_exists_in_every_language(catalogue, module):
    for where, text in bank_texts(catalogue.get(module)):
        for locale in LOCALES:
            assert text.get(locale, "").strip(), f"{module}: {where} is empty in {locale}"


@pytest.mark.parametrize("module", MODULES)
def test_a_module_has_an_intro_with_its_characters(catalogue, module):
    assert catalogue.get(module).intro is not None


@pytest.mark.parametrize("module", MODULES)
def test_a_module_names_the_misconceptions_its_wrong_answers_reveal(catalogue, module):
    bank = catalogue.get(module)
    tags = {c.misconception for q in bank.questions for c in q.choices if c.misconception}
    tags |= {m.misconception for q in bank.questions for m in q.messages if m.misconception}
    assert tags, f"{module}: no misconception tag anywhere"
    assert tags <= set(catalogue.misconceptions)


@pytest.mark.parametrize("module", MODULES)
def test_a_module_ends_by_pointing_to_help(catalogue, module):
    explanation = catalogue.get(module).questions[-1].explanation
    for locale, words in HELP_WORDS.items():
        for word in words:
            assert word in explanation[locale].lower(), f"{module}: last explanation ({locale}) lacks {word!r}"


@pytest.mark.parametrize("module", [m for m in MODULES if m in CHAT_MODULES])
def test_a_sensitive_module_warns_gently_before_it_starts(catalogue, module):
    note = catalogue.get(module).content_note
    assert note is not None
    for locale, words in NOTE_HELP_WORDS.items():
        assert contains_any(note[locale], words), f"{module}: the {locale} content note does not say where help is"


@pytest.mark.parametrize("module", CHAT_MODULES)
def test_chat_simulations_explain_every_red_flag(catalogue, module):
    chats = [q for q in catalogue.get(module).questions if q.type == "chat"]
    assert len(chats) >= 2, f"{module}: needs at least two chat simulations"
    for chat in chats:
        flags = [m for m in chat.messages if m.red_flag]
        assert flags
        for message in flags:
            assert message.why is not None, f"{module}/{chat.id}/{message.id}: a red flag without a why"


def test_reporting_practises_the_order_of_steps(catalogue):
    assert any(q.type == "order" for q in catalogue.get("reporting").questions)


# --- the words themselves -----------------------------------------------------------------


def test_no_bank_blames_a_victim_or_turns_graphic(catalogue):
    found = [
        f"{bank.id}: {where} ({locale}): {phrases}"
        for bank in catalogue.banks.values()
        for where, text in bank_texts(bank)
        for locale in LOCALES
        if (phrases := blocked_phrases(text.get(locale, "")))
    ]
    assert not found, "\n".join(found)


def test_no_shared_file_blames_a_victim_or_turns_graphic(catalogue):
    found = [
        f"{where} ({locale}): {phrases}"
        for where, text in shared_texts(catalogue)
        for locale in LOCALES
        if (phrases := blocked_phrases(text.get(locale, "")))
    ]
    assert not found, "\n".join(found)


def test_the_blocklist_catches_blame_but_leaves_kind_and_plain_words_alone():
    assert blocked_phrases("Itu salahmu sendiri.") and blocked_phrases("You shouldn't have sent it.")
    assert blocked_phrases("situs porno")
    for kind in (
        "Ini bukan salahmu.",
        "Kamu tidak salah.",
        "It is not your fault.",
        "foto tanpa busana",
        "a photo without clothes",
        "Yang salah adalah orang yang mengancam.",
    ):
        assert not blocked_phrases(kind), kind


def test_every_sextortion_question_says_it_is_not_the_victims_fault(catalogue):
    bank = catalogue.get("sextortion")
    framing = [text for text in (bank.intro, bank.content_note) if text is not None]
    for q in bank.questions:
        for locale, phrases in NOT_YOUR_FAULT.items():
            said = contains_any(q.explanation[locale], phrases)
            if not said and q.type == "reflection":
                # A reflection may lean on the module's own framing, which every student sees first.
                said = any(contains_any(text[locale], phrases) for text in framing)
            assert said, f"sextortion/{q.id}: the {locale} explanation does not say it is not their fault"
