"""A demo school to look around in: three staff accounts, a class with login codes, an assignment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Classroom, ConsentRecord, Role, School, utcnow
from app.quizbank import Catalogue
from app.services import assignments, classes, rosters
from app.services.schools import create_school
from app.services.staff import create_staff

DEMO_SCHOOL = "SMP Negeri Contoh (demo)"
# Display names for made-up students (the demo school, the tests, the benchmark): first names only.
SAMPLE_NAMES = [
    "Ayu",
    "Budi",
    "Citra",
    "Dimas",
    "Eka",
    "Fajar",
    "Gita",
    "Hadi",
    "Intan",
    "Joko",
    "Kartika",
    "Lukman",
    "Maya",
    "Nanda",
    "Oki",
    "Putri",
    "Qori",
    "Rina",
    "Sari",
    "Tono",
    "Umar",
    "Vina",
    "Wahyu",
    "Yuni",
    "Zaki",
]
DEMO_STUDENTS = SAMPLE_NAMES[:10]


@dataclass
class DemoSchool:
    school: School
    classroom: Classroom
    passwords: dict[str, str] = field(default_factory=dict)  # username -> one-time password


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(School))


def demo_exists() -> bool:
    return db.session.scalar(select(School.id).where(School.name == DEMO_SCHOOL)) is not None


def seed_demo(catalogue: Catalogue) -> DemoSchool:
    school = create_school(DEMO_SCHOOL)
    demo = DemoSchool(school=school, classroom=None)  # type: ignore[arg-type]
    staff = {}
    for role, username, name in (
        (Role.ADMIN, "admin", "Admin Sekolah"),
        (Role.TEACHER, "guru", "Ibu Sari (guru kelas)"),
        (Role.COUNSELLOR, "gurubk", "Pak Andi (guru BK)"),
    ):
        user, password = create_staff(school, role, username, name)
        staff[role] = user
        demo.passwords[username] = password
    classroom = classes.create_classroom(staff[Role.TEACHER], "VIII-B", "smp", "id")
    demo.classroom = classroom
    for name in DEMO_STUDENTS:
        rosters.add_student(classroom, name)
    db.session.add(
        ConsentRecord(
            classroom_id=classroom.id,
            informed_on=utcnow().date(),
            method="Demo: surat untuk orang tua",
            recorded_by_id=staff[Role.TEACHER].id,
        )
    )
    banks = catalogue.banks_for(band="smp")
    preferred = [bank for bank in banks if bank.theme == "grooming"] or list(banks)
    if preferred:
        assignments.create_assignment(
            catalogue,
            classroom,
            preferred[0].id,
            staff[Role.TEACHER],
            due_at=utcnow() + timedelta(days=7),
            sensitive_confirmed=True,
        )
    db.session.flush()
    return demo
