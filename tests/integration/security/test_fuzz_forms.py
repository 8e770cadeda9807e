"""Random and malformed input on every route, as every kind of visitor: never a 500, never an unallowed change.

A seeded generator (the same examples on every run, so a failure can be replayed)
posts to every POST route: unicode of every sort, huge strings, missing fields,
lists where one value is expected, numbers where text is expected and text where
numbers are, dates that do not exist, and the ids of other schools' objects. Every
GET route gets a few random query strings, and every route with an id in its URL is
asked for ids no database holds (0, past 2^31, 25 digits).

Whoever the access matrix does not let in must leave the database exactly as it was
(row counts and a hash of every row, before and after). Whoever it lets in may change
things, but must never meet a 500. Bounded: a few examples per route and visitor.
"""

from __future__ import annotations

import random

import pytest

from app.content import get_catalogue
from app.extensions import db
from app.models import Assignment
from app.services import progress
from tests.integration.security import visitors
from tests.integration.security.test_access_matrix import EXPECTED, in_safe_order
from tests.integration.security.visitors import VISITORS

EXAMPLES_PER_POST = 4
EXAMPLES_PER_GET = 1

# The fields each form reads; random other names are mixed in as well.
FIELDS = {
    "admin.add_contact": ("kind", "name", "details", "phone"),
    "admin.edit_contact": ("kind", "name", "details", "phone"),
    "admin.create_staff": ("role", "display_name", "username", "email"),
    "admin.hand_over": ("teacher",),
    "admin.record_consent": ("informed_on", "method", "notes"),
    "admin.delete_class": ("confirm",),
    "admin.school_settings": ("name", "default_locale", "quick_exit_url"),
    "auth.change_password": ("current_password", "new_password", "confirm"),
    "auth.join": ("class_code", "personal_code"),
    "auth.login": ("login", "password"),
    "counsellor.follow_up_item": ("note",),
    "counsellor.update_help_request": ("status", "note"),
    "main.set_language": ("locale", "next"),
    "student.answer": ("choice", "answer", "value", "flag", "pos-stop", "pos-save", "pos-tell"),
    "student.send_help": ("text",),
    "teacher.add_students": ("one-name", "many-names"),
    "teacher.assign": ("modules", "feedback_mode", "retries", "due_on", "sensitive_ok"),
    "teacher.consent_page": ("informed_on", "method", "notes"),
    "teacher.delete_student": ("confirm",),
    "teacher.edit_assignment": ("feedback_mode", "retries", "due_on"),
    "teacher.edit_class": ("name",),
    "teacher.edit_student": ("name",),
    "teacher.new_class": ("name", "band", "locale"),
}
QUERY_NAMES = ("page", "show", "student", "band", "theme", "lang", "next")

ODD_TEXT = [
    "",
    " ",
    "\t\r\n",
    "Ayu",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR '1'='1' --",
    "%s%s%n",
    "{{ 7*7 }}",
    "../../etc/passwd",
    "\u202eevil.exe",
    "Bu\u200ddi",
    "👩\u200d👩\u200d👧 🇮🇩",
    "e\u0301\u0301\u0301",
    "\ufeffBOM",
    "\uffff",
    "漢字テスト",
    "مرحبا",
    "Ni\x00l",
    "\x00",
    "\x1b[31m",
    "Ünïcödé",
]
ODD_NUMBERS = [
    "-1",
    "0",
    "1",
    "2",
    "4",
    "5",
    "2147483648",
    "9" * 25,
    "9" * 5000,
    "1e309",
    "NaN",
    "0x10",
    "²",
    "①",
    "١",
    "3.5",
    "+1",
]
ODD_DATES = ["2024-02-30", "9999-12-31", "0001-01-01", "2024-1-1", "tomorrow", "2024-13-01", "20240101"]
CHOICES = [
    "a",
    "b",
    "c",
    "m1",
    "m2",
    "true",
    "false",
    "yes",
    "no",
    "on",
    "y",
    "teacher",
    "admin",
    "handled",
    "sd",
    "id",
    "en",
    "xx",
    "immediate",
    "after_close",
    "sample-basics",
    "sample-grooming",
    "no-such-module",
]


def random_value(rng: random.Random, other_ids: list[int], big: bool = True) -> str:
    kind = rng.random() if big else rng.random() * 0.85
    if kind < 0.30:
        return rng.choice(ODD_TEXT)
    if kind < 0.45:
        return rng.choice(ODD_NUMBERS)
    if kind < 0.55:
        return rng.choice(ODD_DATES)
    if kind < 0.75:
        return rng.choice(CHOICES)
    if kind < 0.85:
        return str(rng.choice(other_ids))
    if kind < 0.95:
        alphabet = "aZ09 <>&\"'\\/%\u202e\u200d😀ü漢\n"
        return "".join(rng.choice(alphabet) for _ in range(rng.choice([5, 300, 5000])))
    if rng.random() < 0.5:
        return rng.choice("é😀<") * 30_000  # every character percent-encoded: long to parse, so not longer
    return "x" * rng.choice([100_000, 600_000])  # 600 KB is past the form size limit: 413


def random_form(rng: random.Random, endpoint: str, other_ids: list[int]) -> dict:
    pool = ("name", "text", "note", "id", "csrf_token", "confirm", "x" * 300, "é\u202e", "choice", "value")
    names = [name for name in FIELDS.get(endpoint, ()) if rng.random() < 0.75]
    names += rng.sample(pool, rng.choice([0, 0, 1, 2]))
    form = {}
    for name in names:
        if rng.random() < 0.2:  # a list where one value is expected
            form[name] = [random_value(rng, other_ids) for _ in range(rng.choice([2, 3]))]
        else:
            form[name] = random_value(rng, other_ids)
    return form


def random_query(rng: random.Random, other_ids: list[int]) -> dict:
    # Short values only: a real query string is a few KB at most (servers refuse longer URLs).
    return {
        name: random_value(rng, other_ids, big=False)
        for name in rng.sample(QUERY_NAMES, rng.choice([1, 2, 3]))
        if rng.random() < 0.9
    }


def _start_the_module(scene, kind: str) -> None:
    """A student of class A has started the module, so that random answers reach the scoring."""
    if kind == "stu_a":
        assignment = db.session.get(Assignment, scene.args["assignment_id"])
        progress.start_attempt(get_catalogue(), scene.principal(kind), assignment)
        db.session.commit()


def _send(client, method: str, url: str, form: dict | None = None, query: dict | None = None):
    if method == "GET":
        return client.get(url, query_string=query or {})
    return client.post(url, data=form or {}, query_string=query or {})


@pytest.mark.parametrize("kind", VISITORS)
def test_random_input_never_breaks_a_page_nor_changes_what_the_visitor_may_not_change(app, kind, login_as):
    scene = visitors.make_scene()
    _start_the_module(scene, kind)
    client = visitors.visitor(app, login_as, scene, kind)
    other_ids = list(scene.other_school_ids.values()) + [scene.args["student_id"], scene.args["user_id"], 0, -1]
    question_ids = [question.id for question in get_catalogue().get("sample-basics").questions]
    broken, changed = [], []
    for method, endpoint, rule in in_safe_order(visitors.routes(app)):
        rng = random.Random(f"{kind} {method} {endpoint} {rule.rule}")
        # Signing out is allowed to everyone: for it "login" (the sign-in page) is the allowed answer.
        allowed = EXPECTED[(method, endpoint)][kind] == "ok" or endpoint == "auth.logout"
        before = None if allowed else visitors.snapshot()
        examples = EXAMPLES_PER_GET if method == "GET" else EXAMPLES_PER_POST
        if endpoint == "student.answer":
            examples *= len(question_ids)
        for _ in range(examples):
            args = dict(scene.args)
            if "question_id" in rule.arguments:
                args["question_id"] = rng.choice(question_ids)
            url = visitors.url_of(rule, args)
            form = random_form(rng, endpoint, other_ids) if method == "POST" else None
            response = _send(client, method, url, form, random_query(rng, other_ids) if rng.random() < 0.5 else None)
            if response.status_code >= 500:
                broken.append(f"{method} {url} {response.status_code} with {_short(form)}")
        if not allowed:
            after = visitors.snapshot()
            if after != before:
                changed.append(f"{method} {endpoint}: {sorted(t for t in after if after[t] != before[t])}")
    assert not broken, f"{kind} met server errors:\n" + "\n".join(broken)
    assert not changed, f"{kind} changed tables it may not touch:\n" + "\n".join(changed)


def _short(form) -> str:
    text = repr(form)
    return text if len(text) < 300 else text[:300] + "..."


ODD_IDS = (0, 2**31, 2**63, 10**25)


@pytest.mark.parametrize("kind", ["tch_a", "cou_a", "adm_a", "stu_a"])
def test_ids_no_database_holds_are_404_not_a_server_error(app, kind, login_as):
    """0, 2^31 (past PostgreSQL's INTEGER), 2^63 (past SQLite's) and 25 digits, in every id of every URL."""
    scene = visitors.make_scene()
    client = visitors.visitor(app, login_as, scene, kind)
    wrong = []
    for method, endpoint, rule in in_safe_order(visitors.routes(app)):
        id_names = [name for name in rule.arguments if name.endswith("_id") and name != "question_id"]
        if not id_names or EXPECTED[(method, endpoint)][kind] != "ok":
            continue
        for odd in ODD_IDS:
            url = visitors.url_of(rule, {**scene.args, **dict.fromkeys(id_names, odd)})
            status = _send(client, method, url).status_code
            # 405 where a route of another method shares the path: Werkzeug names the methods it knows.
            if status not in (404, 405):
                wrong.append(f"{method} {url}: {status}")
    assert not wrong, f"{kind}:\n" + "\n".join(wrong)


def test_a_huge_page_number_in_the_audit_trail_is_an_empty_page(login_as):
    scene = visitors.make_scene()
    client = login_as(scene.principal("adm_a"))
    for page in ("99999999999999999999", str(2**63), "-5", "abc"):
        assert client.get("/admin/audit", query_string={"page": page}).status_code == 200, page


@pytest.mark.parametrize("odd", ["²", "①", "9" * 5000, "١", "-1", " 2"])
def test_odd_digits_in_an_answer_are_a_form_error_and_nothing_is_saved(odd, login_as):
    """str.isdigit() says yes to "²" and "①", which int() refuses: found by the fuzzing, once a 500."""
    scene = visitors.make_scene()
    _start_the_module(scene, "stu_a")
    client = login_as(scene.principal("stu_a"))
    module = f"/s/m/{scene.args['assignment_id']}"
    before = visitors.snapshot()
    assert client.post(f"{module}/q/feel-before", data={"value": odd}).status_code == 400
    assert client.post(f"{module}/q/steps", data={"pos-stop": odd, "pos-save": "1", "pos-tell": "2"}).status_code == 400
    assert visitors.snapshot() == before
