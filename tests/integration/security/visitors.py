"""The visitors of the security tests, and the objects of class A they ask for.

A scene is ``factories.make_world()`` plus what class A needs for every kind of URL:
an assignment, a finished attempt with a missed key item (so a counsellor has
something to follow up), a help request and a school contact. Every URL argument
names an object of class A (school A), so that each kind of visitor asks for the very
same objects: the teacher of A may, the teacher of B (same school) must get 404, the
counsellor of another school must get 404, and so on.

Visitor kinds:
  anon    nobody signed in
  stu_a   a student of class A            stu_b   a student of class B (same school)
  tch_a   the teacher of class A          tch_b   the teacher of class B (same school)
  cou_a   the counsellor of school A      adm_a   the admin of school A
  cou_x   the counsellor of school B      adm_x   the admin of school B
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from types import SimpleNamespace

from sqlalchemy import func, select

from app.content import get_catalogue
from app.extensions import db
from app.models import SchoolContact
from app.security import access_of, permissions_of
from app.services import help_requests, lessons
from tests import factories

VISITORS = ("anon", "stu_a", "stu_b", "tch_a", "tch_b", "cou_a", "adm_a", "cou_x", "adm_x")
# A missed key item of sample-basics: "who-does-it" answered "a" (only strangers).
KEY_QUESTION = "who-does-it"


@dataclass
class Scene:
    world: SimpleNamespace
    args: dict  # URL arguments, by the name the rules use
    other_school_ids: dict  # ids of school B's objects, for the fuzzing

    def principal(self, kind: str):
        a, b = self.world.a, self.world.b
        return {
            "anon": None,
            "stu_a": a.students[0],
            "stu_b": a.other_students[0],
            "tch_a": a.teacher,
            "tch_b": a.other_teacher,
            "cou_a": a.counsellor,
            "adm_a": a.admin,
            "cou_x": b.counsellor,
            "adm_x": b.admin,
        }[kind]


def _contact(school, name: str) -> SchoolContact:
    contact = SchoolContact(school_id=school.id, kind="counsellor", name=name, details="Ruang BK", position=1)
    db.session.add(contact)
    db.session.commit()
    return contact


def _objects_of(school_world):
    """An assignment, a finished attempt with a missed key item, a help request and a contact."""
    assignment = factories.make_assignment(school_world.classroom, "sample-basics")
    # The second student of the class does the module (the first is a visitor): key item missed.
    attempt = factories.answer_all(school_world.students[1], assignment, responses={KEY_QUESTION: {"choice": "a"}})
    answer = next(answer for answer in attempt.answers if answer.question_id == KEY_QUESTION)
    request = help_requests.submit(school_world.students[1], "Ada orang yang mengancam saya.")
    db.session.commit()
    contact = _contact(school_world.school, "Guru BK")
    lesson = lessons.start_lesson(get_catalogue(), school_world.classroom, "sample-basics", school_world.teacher)
    db.session.commit()
    return SimpleNamespace(assignment=assignment, attempt=attempt, answer=answer, request=request, contact=contact, lesson=lesson)


def make_scene() -> Scene:
    world = factories.make_world()
    a, b = _objects_of(world.a), _objects_of(world.b)
    args = {
        "classroom_id": world.a.classroom.id,
        "student_id": world.a.students[1].id,
        "assignment_id": a.assignment.id,
        "attempt_id": a.attempt.id,
        "answer_id": a.answer.id,
        "request_id": a.request.id,
        "user_id": world.a.other_teacher.id,
        "contact_id": a.contact.id,
        "direction": "up",
        "question_id": KEY_QUESTION,
        "class_code": world.a.classroom.join_code,
        "bank_id": "sample-basics",  # modules are the catalogue's: every staff member may open them
        "fmt": "gift",
        "lesson_id": a.lesson.id,
        "code": a.lesson.code,
        "action": "next",
    }
    other = {
        "classroom_id": world.b.classroom.id,
        "student_id": world.b.students[1].id,
        "assignment_id": b.assignment.id,
        "attempt_id": b.attempt.id,
        "answer_id": b.answer.id,
        "request_id": b.request.id,
        "user_id": world.b.other_teacher.id,
        "contact_id": b.contact.id,
        "lesson_id": b.lesson.id,
    }
    return Scene(world=world, args=args, other_school_ids=other)


def visitor(app, login_as, scene: Scene, kind: str):
    """A new client of ``app``, signed in as the visitor ``kind`` (nobody for anon) with the ``login_as`` fixture."""
    principal = scene.principal(kind)
    return app.test_client() if principal is None else login_as(principal)


# --- The URL map -----------------------------------------------------------------------


def routes(app) -> list[tuple[str, str, object]]:
    """(method, endpoint, rule) for every route of the app but static files, HEAD and OPTIONS."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, rule.endpoint, rule))
    return found


def url_of(rule, args: dict) -> str:
    values = {name: args[name] for name in rule.arguments}
    _domain, path = rule.build(values, append_unknown=False)
    return path


def outcome(response) -> str:
    """ok, login, 403, 404, or the status code for anything else (e.g. 500)."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        path = "/" + location.split("://", 1)[-1].split("/", 1)[-1] if "://" in location else location
        return "login" if path.startswith(("/login", "/join")) else "ok"
    if status in (403, 404, 405) or status >= 500:
        return str(status)
    # 2xx, and 400/413/429: the gate let the visitor in; the form or a limit refused the data.
    return "ok"


def holds_permissions(app, endpoint: str, principal) -> bool:
    access = access_of(endpoint, app.view_functions)
    return bool(access and access.permissions) and all(p in permissions_of(principal) for p in access.permissions)


# --- What the database holds -----------------------------------------------------------

# Columns that change without anyone acting on purpose: the rate-limit counters count
# every try, even a refused one.
_VOLATILE_TABLES = {"rate_limit_counters"}


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row, per table: equal snapshots mean nothing changed."""
    db.session.expire_all()
    result = {}
    for table in db.metadata.sorted_tables:
        if table.name in _VOLATILE_TABLES:
            continue
        keys = list(table.primary_key.columns)
        rows = db.session.execute(select(table).order_by(*keys)).all()
        digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
        count = db.session.scalar(select(func.count()).select_from(table))
        result[table.name] = (count, digest)
    db.session.commit()
    return result
