"""The flask commands: users create and demo seed, with their refusals."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Classroom, Role, School, Student, User
from tests import factories


def test_users_create_makes_an_admin_and_prints_the_password_once(runner):
    result = runner.invoke(
        args=["users", "create", "--role", "admin", "--school", "SMP Harapan", "--new-school", "--username", "Kepsek"]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "kepsek"))
    assert user.role == Role.ADMIN and user.school.name == "SMP Harapan" and user.must_change_password
    password = result.output.split("shown once, to be changed at first sign-in): ")[1].strip()
    assert len(password) >= 12 and password not in user.password_hash


def test_users_create_refuses_an_unknown_school_without_new_school(runner):
    result = runner.invoke(args=["users", "create", "--role", "teacher", "--school", "Nowhere", "--username", "ani"])
    assert result.exit_code != 0
    assert "No school called 'Nowhere'" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_users_create_refuses_a_bad_role_username_and_duplicate(runner):
    school = factories.make_school("SMP Satu")
    bad_role = runner.invoke(args=["users", "create", "--role", "janitor", "--school", "SMP Satu", "--username", "a1"])
    assert bad_role.exit_code != 0 and "janitor" in bad_role.output
    bad_name = runner.invoke(args=["users", "create", "--role", "teacher", "--school", "SMP Satu", "--username", "bad name!"])
    assert bad_name.exit_code != 0 and "username must be" in bad_name.output
    factories.make_user(school, Role.TEACHER, username="ani")
    duplicate = runner.invoke(args=["users", "create", "--role", "teacher", "--school", str(school.id), "--username", "ani"])
    assert duplicate.exit_code != 0 and "already used" in duplicate.output


def test_demo_seed_creates_a_school_to_look_around_in(runner):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert "Students join at" in result.output and "guru" in result.output
    classroom = db.session.scalar(select(Classroom))
    assert classroom.name == "VIII-B" and len(classroom.students) == 10
    assert {user.role for user in db.session.scalars(select(User))} == {Role.ADMIN, Role.TEACHER, Role.COUNSELLOR}


def test_demo_seed_refuses_to_run_twice_and_if_empty_skips_quietly(runner):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    again = runner.invoke(args=["demo", "seed"])
    assert again.exit_code != 0 and "exists already" in again.output
    quiet = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert quiet.exit_code == 0 and "no demo seeded" in quiet.output
    assert db.session.scalar(select(func.count()).select_from(School)) == 1
    assert db.session.scalar(select(func.count()).select_from(Student)) == 10
