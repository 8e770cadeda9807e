"""What a score means: the verdict a student sees, and what a counsellor follows up."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.quizbank import (
    FOLLOW_UP_BELOW,
    InvalidResponse,
    Verdict,
    concern_shown,
    load_catalogue,
    missed_red_flags,
    needs_follow_up,
    verdict,
)
from tests.unit.quizbank.helpers import VALID

BANK = load_catalogue(VALID).get("safe-chat")
SINGLE, MULTIPLE, TRUE_FALSE = BANK.question("gift-offer"), BANK.question("signs"), BANK.question("only-strangers")
ORDER, CHAT, REFLECTION = BANK.question("report-steps"), BANK.question("game-chat"), BANK.question("feel-before")


def _key(question):
    return replace(question, key=True)


# --- verdict ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (1.0, Verdict.RIGHT),
        (1 - 1e-12, Verdict.RIGHT),  # shares that do not add up exactly are still right
        (2 / 3 + 1 / 3, Verdict.RIGHT),
        (0.999, Verdict.PARTLY_RIGHT),
        (0.5, Verdict.PARTLY_RIGHT),
        (1e-6, Verdict.PARTLY_RIGHT),
        (0.0, Verdict.WRONG),
        (None, None),
    ],
)
def test_a_score_has_a_verdict(score, expected):
    assert verdict(score) is expected


def test_verdicts_are_strings_the_app_can_store_and_compare():
    assert Verdict.RIGHT == "right" and Verdict.PARTLY_RIGHT == "partly_right" and Verdict.WRONG == "wrong"
    assert Verdict("partly_right") is Verdict.PARTLY_RIGHT
    assert [v.value for v in Verdict] == ["right", "partly_right", "wrong"]


# --- follow-up -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "score", "expected"),
    [
        # single and true_false: anything but right
        (SINGLE, 1.0, False),
        (SINGLE, 0.0, True),
        (_key(TRUE_FALSE), 1.0, False),
        (_key(TRUE_FALSE), 0.0, True),
        # multiple and chat: below one half
        (_key(MULTIPLE), 1.0, False),
        (_key(MULTIPLE), 0.5, False),
        (_key(MULTIPLE), 0.49, True),
        (_key(MULTIPLE), 0.0, True),
        (CHAT, 0.5, False),
        (CHAT, 0.25, True),
        (CHAT, 0.0, True),
        # never for order or reflection, even if a bank were to mark them key
        (_key(ORDER), 0.0, False),
        (_key(REFLECTION), None, False),
        # never for an item that is not key
        (MULTIPLE, 0.0, False),
        (TRUE_FALSE, 0.0, False),
        (ORDER, 0.0, False),
        (SINGLE, None, False),
    ],
)
def test_a_key_item_needs_follow_up_when_missed(question, score, expected):
    assert needs_follow_up(question, score) is expected


def test_follow_up_agrees_with_the_scores_of_real_responses():
    from app.quizbank import score_response

    assert FOLLOW_UP_BELOW == 0.5
    multiple = _key(MULTIPLE)  # a and b are right, c is wrong
    assert not needs_follow_up(multiple, score_response(multiple, {"choices": ["b"]}))  # 1/2
    assert needs_follow_up(multiple, score_response(multiple, {"choices": ["a", "c"]}))  # 0
    assert needs_follow_up(SINGLE, score_response(SINGLE, {"choice": "b"}))
    assert not needs_follow_up(SINGLE, score_response(SINGLE, {"choice": "a"}))


# --- concerns --------------------------------------------------------------------------------

CONCERN_SINGLE = replace(SINGLE, choices=(SINGLE.choices[0], replace(SINGLE.choices[1], concern=True), SINGLE.choices[2]))
CONCERN_MULTIPLE = replace(_key(MULTIPLE), choices=(*MULTIPLE.choices[:2], replace(MULTIPLE.choices[2], concern=True)))
CONCERN_TRUE = replace(_key(TRUE_FALSE), concern_if=True)  # the answer is false


@pytest.mark.parametrize(
    ("question", "response", "expected"),
    [
        (CONCERN_SINGLE, {"choice": "b"}, True),
        (CONCERN_SINGLE, {"choice": "c"}, False),  # wrong, but not unsafe
        (CONCERN_SINGLE, {"choice": "a"}, False),
        (CONCERN_MULTIPLE, {"choices": ["a", "c"]}, True),
        (CONCERN_MULTIPLE, {"choices": ["c"]}, True),
        (CONCERN_MULTIPLE, {"choices": ["a", "b"]}, False),
        (CONCERN_MULTIPLE, {"choices": []}, False),
        (CONCERN_TRUE, {"answer": True}, True),
        (CONCERN_TRUE, {"answer": False}, False),
        (replace(CONCERN_TRUE, answer=True, concern_if=False), {"answer": False}, True),
        (_key(TRUE_FALSE), {"answer": True}, False),  # no concern_if: a wrong answer is not a concern
        (SINGLE, {"choice": "b"}, False),  # no choice marked
        (CHAT, {"flags": []}, False),
        (ORDER, {"order": ["tell", "block", "save"]}, False),
        (REFLECTION, {"value": 1}, False),
    ],
)
def test_a_concern_is_an_answer_marked_unsafe(question, response, expected):
    assert concern_shown(question, response) is expected


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (CONCERN_SINGLE, {"choice": "z"}),
        (CONCERN_MULTIPLE, {"choices": ["c", "c"]}),
        (CONCERN_TRUE, {"answer": "true"}),
        (CHAT, {"flags": ["m9"]}),
    ],
)
def test_an_invalid_response_shows_no_concern_and_no_red_flags_it_raises(question, response):
    with pytest.raises(InvalidResponse):
        concern_shown(question, response)
    with pytest.raises(InvalidResponse):
        missed_red_flags(question, response)


# --- missed red flags ------------------------------------------------------------------------


def test_missed_red_flags_are_the_unmarked_red_flags_in_message_order():
    messages = CHAT.messages  # m1 (harmless), m2 (me), m3 (red flag)
    two_flags = replace(CHAT, messages=(replace(messages[0], red_flag=True), *messages[1:]))
    assert [m.id for m in missed_red_flags(two_flags, {"flags": []})] == ["m1", "m3"]
    assert [m.id for m in missed_red_flags(two_flags, {"flags": ["m3"]})] == ["m1"]
    assert [m.id for m in missed_red_flags(two_flags, {"flags": ["m3", "m1"]})] == []
    assert missed_red_flags(CHAT, {"flags": ["m1", "m2"]}) == (messages[2],)  # wrong marks do not hide a miss
    assert missed_red_flags(CHAT, {"flags": ["m3"]}) == ()


def test_other_types_have_no_red_flags_to_miss():
    assert missed_red_flags(SINGLE, {"choice": "b"}) == ()
    assert missed_red_flags(REFLECTION, {"value": 3}) == ()
