"""The order a student sees: shuffled, stable for a seed, never the answer itself."""

from __future__ import annotations

from app.quizbank import load_catalogue, presentation_order
from tests.unit.quizbank.helpers import VALID

BANK = load_catalogue(VALID).get("safe-chat")


def test_choices_are_shuffled_the_same_way_for_the_same_seed():
    question = BANK.question("gift-offer")
    first = presentation_order(question, "attempt-1")
    assert first == presentation_order(question, "attempt-1")
    assert sorted(first) == ["a", "b", "c"]
    orders = {presentation_order(question, f"attempt-{n}") for n in range(60)}
    assert len(orders) == 6  # every arrangement of three choices happens for some student


def test_an_order_question_is_never_shown_in_its_correct_order():
    question = BANK.question("report-steps")
    correct = tuple(item.id for item in question.items)
    for n in range(200):
        shown = presentation_order(question, str(n))
        assert sorted(shown) == sorted(correct) and shown != correct


def test_the_seed_and_the_question_both_change_the_order():
    single, multiple = BANK.question("gift-offer"), BANK.question("signs")
    assert len({presentation_order(single, str(n)) for n in range(20)}) > 1
    assert any(presentation_order(single, s) != presentation_order(multiple, s) for s in map(str, range(20)))


def test_chats_keep_their_order_and_the_rest_has_nothing_to_shuffle():
    assert presentation_order(BANK.question("game-chat"), "x") == ("m1", "m2", "m3")
    assert presentation_order(BANK.question("only-strangers"), "x") == ()
    assert presentation_order(BANK.question("feel-before"), "x") == ()
