"""Helpers of the student journey tests: a class with a module, and the form a browser would send."""

from __future__ import annotations

import re

from app.content import get_catalogue
from tests import factories


def form_for(question, response: dict) -> dict:
    """The fields a browser posts for ``response`` (a stored response) to ``question``."""
    value = next(iter(response.values()))
    if question.type == "single":
        return {"choice": value}
    if question.type == "multiple":
        return {"choice": list(value)}
    if question.type == "true_false":
        return {"answer": "true" if value else "false"}
    if question.type == "order":
        return {f"pos-{item_id}": str(place) for place, item_id in enumerate(value, 1)}
    if question.type == "chat":
        return {"flag": list(value)}
    return {"value": str(value)}


def right_form(question) -> dict:
    return form_for(question, factories.correct_response(question))


def wrong_form(question) -> dict:
    return form_for(question, factories.wrong_response(question))


def bank(bank_id: str = "sample-basics"):
    return get_catalogue().get(bank_id)


def a_class_with_a_module(bank_id: str = "sample-basics", students: int = 2, locale: str = "id", **options):
    """A school, a teacher, a class of ``students`` and the module assigned to it."""
    teacher = factories.make_user(factories.make_school())
    classroom = factories.make_class(teacher, students=students, locale=locale)
    assignment = factories.make_assignment(classroom, bank_id, **options)
    return classroom, assignment


def question_url(assignment, question_id: str) -> str:
    return f"/s/m/{assignment.id}/q/{question_id}"


def text_of(response) -> str:
    return response.get_data(as_text=True)


def visible_text(html: str) -> str:
    """The page's text without tags, spaces squeezed: what a reader sees."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
