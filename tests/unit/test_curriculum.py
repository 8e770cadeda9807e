"""The curriculum itself, as a teacher and a child protection officer would check it.

The quiz engine has its own tests; these read the real banks in quizzes/ and hold the
content to the promises of the curriculum (docs/authoring.md, section 6): ten modules
of the right size for their school band, each teaching with an explanation on every
question, opening and closing with the same reflection so a class can compare before
and after, marking its key safety items and the unsafe answers among them; chat
simulations that explain every red flag; no victim blaming, nothing graphic, words a
ten-year-old knows in the `sd` banks; every student under sextortion told it is not
their fault; help lines as they really are; and every module ending by pointing to
help. If an edit to a bank breaks one of these, a test here fails.
"""

import importlib.util
import re
from pathlib import Path

import pytest

from app.quizbank import LOCALES, CatalogueInvalid, check_paths, load_catalogue
from app.quizbank.quality import SD_WORDS
from tests.unit.standalone import MACHINE_PATH

QUIZ_FOLDER = Path(__file__).resolve().parents[2] / "quizzes"

# The five themes, in the order students meet them; each has a bank of its own name.
THEMES = ("basics", "grooming", "false-promises", "sextortion", "reporting")
# Every bank: its theme and its school bands.
BANKS = {
    "basics": ("basics", ("smp", "sma")),
    "grooming": ("grooming", ("smp", "sma")),
    "false-promises": ("false-promises", ("smp", "sma")),
    "sextortion": ("sextortion", ("smp", "sma")),
    "reporting": ("reporting", ("smp", "sma")),
    "sd-safe-online": ("basics", ("sd",)),
    "sd-telling": ("reporting", ("sd",)),
    "images-and-pressure": ("sextortion", ("smp", "sma")),
    "meeting-offline": ("grooming", ("smp", "sma")),
    "work-abroad": ("false-promises", ("sma",)),
}
SD_BANKS = tuple(bank for bank, (_theme, bands) in BANKS.items() if "sd" in bands)
# Modules whose core exercise is spotting the pattern in simulated conversations.
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

# Words that show a text speaks of sexual exploitation (its theme must then be sensitive).
EXPLOITATION_WORDS = (
    "eksploitasi seksual",
    "dieksploitasi secara seksual",
    "secara seksual",
    "sekstorsi",
    "pemerasan seksual",
    "perdagangan orang",
    "tanpa busana",
    "sexual exploitation",
    "sexually exploit",
    "sextortion",
    "trafficking",
    "without clothes",
)

# The unsafe steps the app calls concerns (pay, send a photo, give in, keep the secret, meet
# alone): a wrong choice of a key item tagged with one of these misconceptions says the
# student might take that step, so it must carry `concern: true`.
CONCERN_MISCONCEPTIONS = {
    "paying-stops-threats",  # pay
    "comply-to-end-it",  # send more, do what is asked
    "forwarding-is-harmless",  # send someone's photo on
    "secrets-are-normal",  # keep the secret
    "promised-secret-must-be-kept",
    "keep-it-in-the-family",
    "meeting-without-adult-is-safe",  # meet alone
    "meet-to-end-it",
}

# KPAI's number of 2022 sources; its current WhatsApp is 0811-1002-7727.
OLD_KPAI_NUMBER = re.compile(r"(?:\+?62|\b0)[\s.-]*811[\s.-]*1772[\s.-]*273\b")
# Fear instead of skills: "act before it is too late" (reassurance such as "it is not too late" is fine).
SCARE_PHRASES = re.compile(r"sebelum terlambat|before it(?:'s|’s| is) too late", re.IGNORECASE)
# What Take It Down can and cannot do, as every text that names it must say (content guide's help-line table).
TAKE_IT_DOWN = re.compile(r"take\s*it\s*down|takeitdown", re.IGNORECASE)
TAKE_IT_DOWN_LIMITS = {
    "own device": {
        # "perangkatmu sendiri", "perangkat milikmu sendiri", "HP Tiara sendiri"
        "id": re.compile(r"\b(?:perangkat|hp|ponsel|gawai)\w*\s+(?:\w+\s+)?sendiri", re.I),
        "en": re.compile(r"own\s+(?:device|phone)", re.I),
    },
    "not WhatsApp or encrypted chats": {
        "id": re.compile(r"whatsapp|terenkripsi", re.I),
        "en": re.compile(r"whatsapp|encrypted", re.I),
    },
}


def _load_blocklist():
    # Loaded by path so the test does not depend on tests/ being an importable package.
    spec = importlib.util.spec_from_file_location("content_blocklist", Path(__file__).with_name("content_blocklist.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BLOCKLIST


BLOCKLIST = _load_blocklist()
_BLOCKED = [(phrase, re.compile(r"\b" + re.escape(phrase), re.IGNORECASE)) for phrase in BLOCKLIST]
_SD_BLOCKED = [(word, re.compile(r"\b" + re.escape(word), re.IGNORECASE)) for word in SD_WORDS]


def blocked_phrases(text: str) -> list[str]:
    return [phrase for phrase, pattern in _BLOCKED if pattern.search(text)]


@pytest.fixture(scope="module")
def catalogue():
    try:
        return load_catalogue(QUIZ_FOLDER)
    except CatalogueInvalid as invalid:  # show the author every problem, not a bare traceback
        pytest.fail("quizzes/ does not validate:\n" + "\n".join(p.message("en") for p in invalid.problems))


def bank(catalogue, bank_id):
    found = catalogue.get(bank_id)
    if found is None:
        pytest.fail(f"quizzes/{bank_id}.yaml is missing")
    return found


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
        yield from question_texts(q)


def question_texts(q):
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


def quiz_files():
    return sorted(QUIZ_FOLDER.glob("*.yaml"))


# --- the catalogue as a whole -------------------------------------------------------------


def test_the_whole_catalogue_validates_with_the_ten_banks_of_the_five_themes(catalogue):
    assert [theme.key for theme in catalogue.themes] == list(THEMES)
    found = {b.id: (b.theme, b.audience) for b in catalogue.banks.values()}
    assert found == BANKS


def test_no_shipped_bank_has_a_validator_warning():
    warnings = check_paths([QUIZ_FOLDER]).warnings
    assert not warnings, "\n".join(w.message("en") for w in warnings)


def test_every_theme_whose_banks_speak_of_sexual_exploitation_is_sensitive(catalogue):
    for theme in catalogue.themes:
        texts = [text for b in catalogue.banks_for(theme=theme.key) for _where, text in bank_texts(b)]
        texts += [theme.title, theme.summary]
        if any(contains_any(text[locale], EXPLOITATION_WORDS) for text in texts for locale in LOCALES):
            assert theme.sensitive, f"theme {theme.key} speaks of sexual exploitation: mark it sensitive: true"
    # basics and reporting too: they name exploitation and threats to share photos
    assert {theme.key for theme in catalogue.themes if theme.sensitive} == set(THEMES)


def test_teachers_have_the_misconceptions_to_act_on(catalogue):
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
    assert agreed | CONCERN_MISCONCEPTIONS <= set(catalogue.misconceptions)


def test_the_help_lines_are_the_verified_indonesian_ones(catalogue):
    contacts = {contact.value for line in catalogue.helplines for contact in line.contacts}
    assert {"tel:129", "https://wa.me/628111129129", "tel:110", "https://aduankonten.id"} <= contacts
    assert "https://wa.me/6281110027727" in contacts, "KPAI's WhatsApp is 0811-1002-7727"
    assert all(line.verified is not None for line in catalogue.helplines)
    # The police ask for reports at a station or through 110; no US-only numbers for Indonesian students.
    assert not any("patrolisiber" in value or value.startswith(("tel:1800", "tel:+1")) for value in contacts)


def test_the_old_kpai_number_is_nowhere_in_the_quiz_folder():
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in quiz_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
        if OLD_KPAI_NUMBER.search(line)
    ]
    assert not found, "0811-1772-273 is KPAI's old number (2022); the current one is 0811-1002-7727:\n" + "\n".join(found)


def test_no_text_urges_before_it_is_too_late():
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in quiz_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
        if SCARE_PHRASES.search(line)
    ]
    assert not found, "skills, not fear:\n" + "\n".join(found)


def _take_it_down_groups(catalogue):
    """The places a student meets Take It Down: each text of a bank's frame, each question as a whole, each help line."""
    for b in catalogue.banks.values():
        frame = [("title", b.title), ("summary", b.summary), ("intro", b.intro), ("content_note", b.content_note)]
        frame += [("resource label", r.label) for r in b.resources]
        for where, text in frame:
            if text is not None:
                yield f"{b.id}: {where}", [text]
        for q in b.questions:
            yield f"{b.id}: question {q.id}", [text for _where, text in question_texts(q)]
    for line in catalogue.helplines:
        yield f"helpline {line.key}", [line.name, line.description]


def test_wherever_take_it_down_is_named_its_limits_are_stated(catalogue):
    missing = []
    for where, texts in _take_it_down_groups(catalogue):
        for locale in LOCALES:
            together = "\n".join(text[locale] for text in texts)
            if not TAKE_IT_DOWN.search(together):
                continue
            missing += [
                f"{where} ({locale}): {limit}"
                for limit, patterns in TAKE_IT_DOWN_LIMITS.items()
                if not patterns[locale].search(together)
            ]
    assert not missing, (
        "Take It Down works only from the person's own device and does not reach WhatsApp or encrypted chats; "
        "say so where it is named:\n" + "\n".join(missing)
    )


# --- every module -------------------------------------------------------------------------


@pytest.mark.parametrize("bank_id", BANKS)
def test_a_module_is_a_real_lesson_of_the_right_size_and_variety(catalogue, bank_id):
    b = bank(catalogue, bank_id)
    low, high = (8, 12) if bank_id in SD_BANKS else (10, 15)
    assert low <= len(b.questions) <= high, f"{bank_id}: {len(b.questions)} questions, not {low} to {high}"
    assert len({q.type for q in b.questions}) >= 3, f"{bank_id}: fewer than three question types"
    assert sum(q.key for q in b.questions) >= 2, f"{bank_id}: needs at least two key safety items"


@pytest.mark.parametrize("bank_id", CHAT_MODULES)
def test_the_pattern_modules_practise_with_at_least_two_chats(catalogue, bank_id):
    chats = [q for q in bank(catalogue, bank_id).questions if q.type == "chat"]
    assert len(chats) >= 2, f"{bank_id}: needs at least two chat simulations"


@pytest.mark.parametrize("bank_id", SD_BANKS)
def test_an_sd_module_has_at_most_one_chat(catalogue, bank_id):
    assert sum(q.type == "chat" for q in bank(catalogue, bank_id).questions) <= 1


@pytest.mark.parametrize("bank_id", BANKS)
def test_a_module_opens_and_closes_with_the_same_reflection_so_a_class_can_compare(catalogue, bank_id):
    b = bank(catalogue, bank_id)
    first, last = b.questions[0], b.questions[-1]
    assert first.type == "reflection" and last.type == "reflection"
    assert first.scale == last.scale == "agree4"
    for locale in LOCALES:
        assert first.prompt[locale] == last.prompt[locale], "the closing reflection mirrors the opening one"


@pytest.mark.parametrize("bank_id", BANKS)
def test_every_question_teaches_with_an_explanation_in_both_languages(catalogue, bank_id):
    for q in bank(catalogue, bank_id).questions:
        for locale in LOCALES:
            assert q.explanation.get(locale, "").strip(), f"{bank_id}/{q.id}: no {locale} explanation"


@pytest.mark.parametrize("bank_id", BANKS)
def test_every_text_a_student_reads_exists_in_every_language(catalogue, bank_id):
    for where, text in bank_texts(bank(catalogue, bank_id)):
        for locale in LOCALES:
            assert text.get(locale, "").strip(), f"{bank_id}: {where} is empty in {locale}"


@pytest.mark.parametrize("bank_id", BANKS)
def test_a_module_has_an_intro_with_its_characters(catalogue, bank_id):
    assert bank(catalogue, bank_id).intro is not None


@pytest.mark.parametrize("bank_id", BANKS)
def test_a_module_names_the_misconceptions_its_wrong_answers_reveal(catalogue, bank_id):
    b = bank(catalogue, bank_id)
    tags = {c.misconception for q in b.questions for c in q.choices if c.misconception}
    tags |= {m.misconception for q in b.questions for m in q.messages if m.misconception}
    assert tags, f"{bank_id}: no misconception tag anywhere"
    assert tags <= set(catalogue.misconceptions)


@pytest.mark.parametrize("bank_id", BANKS)
def test_every_unsafe_answer_of_a_key_item_is_marked_as_a_concern(catalogue, bank_id):
    unmarked = [
        f"{bank_id}/{q.id}/{c.id} ({c.misconception}): {c.text['en']}"
        for q in bank(catalogue, bank_id).questions
        if q.key
        for c in q.choices
        if not c.correct and c.misconception in CONCERN_MISCONCEPTIONS and not c.concern
    ]
    assert not unmarked, "an answer to pay, send, give in, keep the secret or meet alone needs concern: true:\n" + (
        "\n".join(unmarked)
    )


@pytest.mark.parametrize("bank_id", BANKS)
def test_a_module_ends_by_pointing_to_help(catalogue, bank_id):
    explanation = bank(catalogue, bank_id).questions[-1].explanation
    for locale, words in HELP_WORDS.items():
        for word in words:
            assert word in explanation[locale].lower(), f"{bank_id}: last explanation ({locale}) lacks {word!r}"


@pytest.mark.parametrize("bank_id", BANKS)
def test_a_module_of_a_sensitive_theme_warns_gently_before_it_starts(catalogue, bank_id):
    b = bank(catalogue, bank_id)
    if not catalogue.theme(b.theme).sensitive:
        return
    note = b.content_note
    assert note is not None, f"{bank_id}: the theme is sensitive, so the module needs a content_note"
    for locale, words in NOTE_HELP_WORDS.items():
        assert contains_any(note[locale], words), f"{bank_id}: the {locale} content note does not say where help is"


@pytest.mark.parametrize("bank_id", BANKS)
def test_chat_simulations_explain_every_red_flag(catalogue, bank_id):
    for chat in (q for q in bank(catalogue, bank_id).questions if q.type == "chat"):
        flags = [m for m in chat.messages if m.red_flag]
        assert flags
        for message in flags:
            assert message.why is not None, f"{bank_id}/{chat.id}/{message.id}: a red flag without a why"


def test_reporting_practises_the_order_of_steps(catalogue):
    assert any(q.type == "order" for q in bank(catalogue, "reporting").questions)


# --- the words themselves -----------------------------------------------------------------


def test_no_bank_blames_a_victim_or_turns_graphic(catalogue):
    assert set(BANKS) <= set(catalogue.banks), "every bank, sd included"
    found = [
        f"{b.id}: {where} ({locale}): {phrases}"
        for b in catalogue.banks.values()
        for where, text in bank_texts(b)
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


@pytest.mark.parametrize("bank_id", SD_BANKS)
def test_sd_banks_avoid_the_words_kept_for_older_students(catalogue, bank_id):
    found = [
        f"{bank_id}: {where} ({locale}): {word}"
        for where, text in bank_texts(bank(catalogue, bank_id))
        for locale in LOCALES
        for word, pattern in _SD_BLOCKED
        if pattern.search(text[locale])
    ]
    assert not found, "\n".join(found)


def test_the_sd_words_are_the_content_guides():
    assert {"sekstorsi", "perdagangan", "eksploitasi seksual"} <= set(SD_WORDS)


def test_every_sextortion_question_says_it_is_not_the_victims_fault(catalogue):
    b = bank(catalogue, "sextortion")
    framing = [text for text in (b.intro, b.content_note) if text is not None]
    for q in b.questions:
        for locale, phrases in NOT_YOUR_FAULT.items():
            said = contains_any(q.explanation[locale], phrases)
            if not said and q.type == "reflection":
                # A reflection may lean on the module's own framing, which every student sees first.
                said = any(contains_any(text[locale], phrases) for text in framing)
            assert said, f"sextortion/{q.id}: the {locale} explanation does not say it is not their fault"


def test_the_quiz_folder_stands_alone():
    found = [path.name for path in quiz_files() if MACHINE_PATH.search(path.read_text(encoding="utf-8"))]
    assert not found, f"an absolute machine path in {found}; name sources by title and date instead"
