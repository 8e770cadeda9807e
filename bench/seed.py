"""Seed a benchmark database the way a school fills it: through the app's own services.

Usage (run by bench/run with DATABASE_URL set): ``python -m bench.seed [--migrate] plan.json out.json``.
The plan names groups of classes, for example ``{"name": "replay", "sizes": [40, 32, 32],
"banks": ["grooming"], "feedback": "immediate"}`` (or ``"classes": 6, "min_students": 30,
"max_students": 40`` for random sizes).
Every class gets a teacher, its students (30 to 40, with personal codes), the
parents' consent recorded, and one assignment per bank; the output lists each
class's join code and its students' codes for the simulated students to type, and
each teacher's username (with the password they all share, to sign in over HTTP).
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

from app import create_app
from app.content import load_content
from app.extensions import db
from app.models import ConsentRecord, Role, utcnow
from app.services import assignments, classes, rosters
from app.services.demo import SAMPLE_NAMES
from app.services.schools import create_school
from app.services.staff import create_staff

TEACHER_PASSWORD = "bench-password-1"  # noqa: S105 - a throwaway database, dropped after the run


def seed(plan: dict, app) -> dict:
    """Create the plan's school, classes, students and assignments (in ``app``'s context) and commit."""
    catalogue = load_content(app)
    rng = random.Random(plan.get("seed", 7))
    school = create_school("SMP Negeri Bench")
    counter = 0
    out: dict = {"groups": {}}
    for group in plan["groups"]:
        made = []
        sizes = group.get("sizes") or [
            rng.randint(group.get("min_students", 30), group.get("max_students", 40)) for _ in range(group["classes"])
        ]
        for number, size in enumerate(sizes):
            counter += 1
            teacher, _password = create_staff(
                school, Role.TEACHER, f"guru{counter}", f"Guru {counter}", password=TEACHER_PASSWORD
            )
            teacher.must_change_password = False  # the bench signs in as this teacher to open the report
            classroom = classes.create_classroom(teacher, f"{group['name']}-{number + 1}", "smp", "id")
            students = [rosters.add_student(classroom, f"{SAMPLE_NAMES[i % len(SAMPLE_NAMES)]} {i + 1}") for i in range(size)]
            db.session.add(
                ConsentRecord(
                    classroom_id=classroom.id,
                    informed_on=utcnow().date(),
                    method="Surat untuk orang tua",
                    recorded_by_id=teacher.id,
                )
            )
            made_assignments = {}
            for bank_id in group["banks"]:
                assignment = assignments.create_assignment(
                    catalogue,
                    classroom,
                    bank_id,
                    teacher,
                    feedback_mode=group.get("feedback", "immediate"),
                    due_at=utcnow() + timedelta(days=7),
                    sensitive_confirmed=True,
                )
                made_assignments[bank_id] = assignment.id
            made.append(
                {
                    "classroom_id": classroom.id,
                    "class_code": classroom.join_code,
                    "teacher": teacher.username,
                    "assignments": made_assignments,
                    "students": [{"id": s.id, "code": s.personal_code} for s in students],
                }
            )
        out["groups"][group["name"]] = made
    db.session.commit()
    out["questions"] = {bank.id: [q.id for q in bank.questions] for bank in catalogue.banks.values()}
    out["teacher_password"] = TEACHER_PASSWORD  # every teacher's, for the bench to sign in over HTTP
    return out


if __name__ == "__main__":
    # --migrate: run the migrations first, in this process (what `flask db upgrade` does),
    # which saves the smoke run a second start of the app.
    migrate_first = "--migrate" in sys.argv
    plan_path, out_path = (Path(arg) for arg in sys.argv[1:] if arg != "--migrate")
    app = create_app()
    started = time.perf_counter()
    with app.app_context():
        if migrate_first:
            from flask_migrate import upgrade

            upgrade()
        result = seed(json.loads(plan_path.read_text()), app)
    out_path.write_text(json.dumps(result))
    total = sum(len(c["students"]) for group in result["groups"].values() for c in group)
    print(f"seeded {total} students in {time.perf_counter() - started:.1f} s")
