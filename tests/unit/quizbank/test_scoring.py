"""Scoring every question type as docs/authoring.md says, and refusing responses that do not fit."""

from __future__ import annotations

import pytest

from app.quizbank import InvalidResponse, load_catalogue, misconceptions_shown, score_response
from tests.unit.quizbank.helpers import VALID

BANK = load_catalogue(VALID).get("safe-chat")
SINGLE, MULTIPLE, TRUE_FALSE = BANK.question("gift-offer"), BANK.question("signs"), BANK.question("only-strangers")
ORDER, CHAT, REFLECTION = BANK.question("report-steps"), BANK.question("game-chat"), BANK.question("feel-before")


@pytest.mark.parametrize(
    ("question", "response", "score"),
    [
        (SINGLE, {"choice": "a"}, 1.0),
        (SINGLE, {"choice": "b"}, 0.0),
        # multiple: a and b are right, c is wrong: (right - wrong) / 2, never below 0
        (MULTIPLE, {"choices": ["a", "b"]}, 1.0),
        (MULTIPLE, {"choices": ["b"]}, 0.5),
        (MULTIPLE, {"choices": ["a", "b", "c"]}, 0.5),
        (MULTIPLE, {"choices": ["a", "c"]}, 0.0),
        (MULTIPLE, {"choices": ["c"]}, 0.0),
        (MULTIPLE, {"choices": []}, 0.0),
        (TRUE_FALSE, {"answer": False}, 1.0),
        (TRUE_FALSE, {"answer": True}, 0.0),
        # order: save, block, tell; the share of the 3 pairs in their right relative order
        (ORDER, {"order": ["save", "block", "tell"]}, 1.0),
        (ORDER, {"order": ["save", "tell", "block"]}, 2 / 3),  # one swap of neighbours
        (ORDER, {"order": ["block", "save", "tell"]}, 2 / 3),
        (ORDER, {"order": ["tell", "save", "block"]}, 1 / 3),  # "tell" first breaks two pairs
        (ORDER, {"order": ["block", "tell", "save"]}, 1 / 3),
        (ORDER, {"order": ["tell", "block", "save"]}, 0.0),  # reversed
        # chat: only m3 is a red flag
        (CHAT, {"flags": ["m3"]}, 1.0),
        (CHAT, {"flags": ["m3", "m1"]}, 0.0),
        (CHAT, {"flags": []}, 0.0),
        (REFLECTION, {"value": 1}, None),
        (REFLECTION, {"value": 4}, None),
    ],
)
def test_scores_follow_the_spec(question, response, score):
    assert (
        score_response(question, response) == pytest.approx(score)
        if score is not None
        else (score_response(question, response) is None)
    )


@pytest.mark.parametrize(
    ("question", "response", "code"),
    [
        (SINGLE, {"choice": "z"}, "unknown_choice"),
        (SINGLE, {"choice": ["a"]}, "bad_shape"),
        (SINGLE, {"choices": ["a"]}, "bad_shape"),
        (SINGLE, {"choice": "a", "extra": 1}, "bad_shape"),
        (SINGLE, ["a"], "bad_shape"),
        (SINGLE, None, "bad_shape"),
        (MULTIPLE, {"choices": ["a", "a"]}, "duplicate_ids"),
        (MULTIPLE, {"choices": ["a", "x"]}, "unknown_choice"),
        (MULTIPLE, {"choices": "ab"}, "bad_shape"),
        (MULTIPLE, {"choices": [1]}, "bad_shape"),
        (TRUE_FALSE, {"answer": "false"}, "bad_shape"),
        (TRUE_FALSE, {"answer": 0}, "bad_shape"),
        (ORDER, {"order": ["save", "block"]}, "not_permutation"),
        (ORDER, {"order": ["save", "block", "block"]}, "duplicate_ids"),
        (ORDER, {"order": ["save", "block", "tell", "x"]}, "unknown_choice"),
        (CHAT, {"flags": ["m9"]}, "unknown_choice"),
        (CHAT, {"flags": ["m3", "m3"]}, "duplicate_ids"),
        (REFLECTION, {"value": 0}, "out_of_range"),
        (REFLECTION, {"value": 5}, "out_of_range"),
        (REFLECTION, {"value": True}, "out_of_range"),
        (REFLECTION, {"value": "3"}, "out_of_range"),
    ],
)
def test_responses_that_do_not_fit_are_rejected_not_scored(question, response, code):
    with pytest.raises(InvalidResponse) as caught:
        score_response(question, response)
    assert caught.value.code == code
    with pytest.raises(InvalidResponse):
        misconceptions_shown(question, response)


@pytest.mark.parametrize(
    ("question", "response", "shown"),
    [
        (SINGLE, {"choice": "b"}, ("gifts-are-kindness",)),
        (SINGLE, {"choice": "a"}, ()),
        (CHAT, {"flags": []}, ("secrets-are-normal",)),  # the missed red flag tells
        (CHAT, {"flags": ["m3"]}, ()),
        (TRUE_FALSE, {"answer": True}, ()),
        (REFLECTION, {"value": 2}, ()),
    ],
)
def test_misconceptions_shown_by_a_response(question, response, shown):
    assert misconceptions_shown(question, response) == shown


def test_multiple_misconceptions_are_sorted_and_unique():
    from dataclasses import replace

    question = replace(SINGLE, type="multiple")
    assert misconceptions_shown(question, {"choices": ["c", "b", "a"]}) == ("gifts-are-kindness", "secrets-are-normal")


def test_an_order_is_scored_by_pairs_so_one_swap_of_neighbours_loses_little():
    from dataclasses import replace

    from app.quizbank import Item

    steps = tuple(Item(id=f"s{n}", text=ORDER.items[0].text) for n in range(1, 7))  # 6 steps: 15 pairs
    question = replace(ORDER, items=steps)
    ids = [item.id for item in steps]
    assert score_response(question, {"order": ids}) == 1.0
    assert score_response(question, {"order": ["s2", "s1", *ids[2:]]}) == pytest.approx(14 / 15)
    assert score_response(question, {"order": [*ids[1:], "s1"]}) == pytest.approx(10 / 15)  # first step last
    assert score_response(question, {"order": ids[::-1]}) == 0.0
