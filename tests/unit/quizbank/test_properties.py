"""Properties that must hold for any input, found by hypothesis.

The loader meets files written by hand and maybe by an attacker: for any bytes it
returns a bank or raises CatalogueInvalid, fast. Scoring meets whatever a browser
sends: a number in [0, 1] for a response that fits, InvalidResponse otherwise.
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.quizbank import CatalogueInvalid, InvalidResponse, load_catalogue, parse_bank, presentation_order, score_response
from app.quizbank.bank import References
from tests.unit.quizbank.helpers import BANK_TEXT, VALID

CATALOGUE = load_catalogue(VALID)
BANK = CATALOGUE.get("safe-chat")
REFS = References(themes=tuple(t.key for t in CATALOGUE.themes), misconceptions=frozenset(CATALOGUE.misconceptions))
FAST = settings(max_examples=150, deadline=1000, suppress_health_check=[HealthCheck.too_slow])


def _loads_or_refuses(data) -> None:
    started = time.perf_counter()
    try:
        bank = parse_bank(data, "safe-chat.yaml", REFS)
    except CatalogueInvalid as invalid:
        assert invalid.problems, "a refusal always says why"
        for problem in invalid.problems:
            assert problem.message("en") and problem.message("id")
    else:
        assert bank.id == "safe-chat" and bank.questions
    assert time.perf_counter() - started < 1


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_load_or_are_refused(data):
    _loads_or_refuses(data)


@FAST
@given(st.text(max_size=3000))
def test_any_text_loads_or_is_refused(text):
    _loads_or_refuses(text)


YAML_BITS = st.sampled_from(
    [
        "\n",
        ": ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        '"',
        "&a ",
        "*a",
        "!!str ",
        "? ",
        "#",
        "|",
        ">",
        "  ",
        "no",
        "true",
        "1.10",
        "~",
        "---\n",
        "%",
        "\t",
        "\\",
        "\x85",
        "\u2028",
        "é",
    ]
)


@st.composite
def mutated_bank(draw):
    """The valid bank with a few small, YAML-flavoured edits: the deep paths get exercised."""
    text = BANK_TEXT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 8))
        text = text[:at] + "".join(draw(st.lists(YAML_BITS, max_size=3))) + text[at + cut :]
    return text


@FAST
@given(mutated_bank())
def test_a_mutated_bank_loads_or_is_refused(text):
    _loads_or_refuses(text)


@FAST
@given(st.lists(st.sampled_from(BANK_TEXT.split("\n")), max_size=120).map("\n".join))
def test_shuffled_lines_of_a_bank_load_or_are_refused(text):
    _loads_or_refuses(text)


# --- scoring ------------------------------------------------------------------------------------

QUESTIONS = st.sampled_from(BANK.questions)


def _ids(question):
    return [c.id for c in question.choices] or [i.id for i in question.items] or [m.id for m in question.messages]


@st.composite
def valid_response(draw, question):
    ids = _ids(question)
    kind = question.type
    if kind == "single":
        return {"choice": draw(st.sampled_from(ids))}
    if kind in ("multiple", "chat"):
        picked = draw(st.lists(st.sampled_from(ids), unique=True))
        return {"choices" if kind == "multiple" else "flags": picked}
    if kind == "true_false":
        return {"answer": draw(st.booleans())}
    if kind == "order":
        return {"order": draw(st.permutations(ids))}
    return {"value": draw(st.integers(1, 4))}


@settings(max_examples=200, deadline=200)
@given(st.data())
def test_a_valid_response_scores_between_zero_and_one(data):
    question = data.draw(QUESTIONS)
    score = score_response(question, data.draw(valid_response(question)))
    if question.scored:
        assert 0.0 <= score <= 1.0
    else:
        assert score is None


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 10)
    | st.floats(allow_nan=True)
    | st.text(max_size=4)
    | st.sampled_from(["a", "b", "c", "m1", "m3", "save", "tell"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["choice", "choices", "answer", "order", "flags", "value", "x"]), inner, max_size=2),
    max_leaves=8,
)


@settings(max_examples=300, deadline=200)
@given(QUESTIONS, JSON)
def test_any_response_is_scored_in_range_or_rejected(question, response):
    try:
        score = score_response(question, response)
    except InvalidResponse as invalid:
        assert invalid.code in {"bad_shape", "unknown_choice", "duplicate_ids", "not_permutation", "out_of_range"}
        return
    assert score is None if not question.scored else 0.0 <= score <= 1.0


@settings(max_examples=100, deadline=200)
@given(st.data())
def test_an_invalid_response_is_rejected(data):
    question = data.draw(QUESTIONS.filter(lambda q: q.type in ("multiple", "order", "chat")))
    key = {"multiple": "choices", "order": "order", "chat": "flags"}[question.type]
    ids = _ids(question)
    broken = data.draw(st.sampled_from(["unknown", "twice", "short"]))
    if broken == "unknown":
        bad, code = [*ids[:1], "nope"], "unknown_choice"
    elif broken == "twice":
        bad, code = [ids[0], ids[0]], "duplicate_ids"
    else:
        if question.type != "order":
            return
        bad, code = ids[:-1], "not_permutation"
    try:
        score_response(question, {key: bad})
    except InvalidResponse as invalid:
        assert invalid.code == code
    else:
        raise AssertionError(f"{bad} was scored")


@settings(max_examples=150, deadline=200)
@given(st.data(), st.text(max_size=20))
def test_the_shuffled_presentation_never_changes_the_score(data, seed):
    """A student answers by content: what she clicks on screen maps back through the shown order."""
    question = data.draw(QUESTIONS.filter(lambda q: q.type in ("single", "multiple", "order")))
    belief = data.draw(valid_response(question))  # what she means, by content
    shown = presentation_order(question, seed)
    assert sorted(shown) == sorted(_ids(question))
    position = {ident: index for index, ident in enumerate(shown)}
    # The page sends back the ids at the positions she clicked (or dragged into place).
    if question.type == "single":
        clicked = {"choice": shown[position[belief["choice"]]]}
    elif question.type == "multiple":
        clicked = {"choices": [shown[position[i]] for i in belief["choices"]]}
    else:
        clicked = {"order": [shown[position[i]] for i in belief["order"]]}
    assert score_response(question, clicked) == score_response(question, belief)
    reference = presentation_order(question, seed + "-another-student")
    assert sorted(reference) == sorted(shown)


# --- order scoring by pairs ---------------------------------------------------------------------


@st.composite
def order_question_and_response(draw):
    """An order question of 3 to 7 steps and any arrangement of them."""
    from dataclasses import replace

    from app.quizbank import Item

    template = BANK.question("report-steps")
    size = draw(st.integers(3, 7))
    steps = tuple(Item(id=f"step-{n}", text=template.items[0].text) for n in range(size))
    arranged = draw(st.permutations([item.id for item in steps]))
    return replace(template, items=steps), list(arranged)


def _pairs_kept(correct, arranged):
    return sum(
        1
        for i in range(len(correct))
        for j in range(i + 1, len(correct))
        if arranged.index(correct[i]) < arranged.index(correct[j])
    )


@settings(max_examples=200, deadline=200)
@given(order_question_and_response())
def test_an_order_scores_the_share_of_pairs_in_their_right_order(case):
    question, arranged = case
    correct = [item.id for item in question.items]
    pairs = len(correct) * (len(correct) - 1) // 2
    score = score_response(question, {"order": arranged})
    assert score == _pairs_kept(correct, arranged) / pairs
    assert (score == 1.0) == (arranged == correct)
    reversed_score = score_response(question, {"order": arranged[::-1]})
    assert abs(score + reversed_score - 1.0) < 1e-9  # every pair is right in exactly one of the two


@settings(max_examples=200, deadline=200)
@given(order_question_and_response(), st.data())
def test_swapping_two_neighbours_changes_the_score_by_one_pair(case, data):
    question, arranged = case
    pairs = len(arranged) * (len(arranged) - 1) // 2
    at = data.draw(st.integers(0, len(arranged) - 2))
    swapped = [*arranged[:at], arranged[at + 1], arranged[at], *arranged[at + 2 :]]
    change = score_response(question, {"order": swapped}) - score_response(question, {"order": arranged})
    assert abs(abs(change) - 1 / pairs) < 1e-9
