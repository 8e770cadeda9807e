"""`flask users create`: a staff account from the command line (the first admin of a school)."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from app.models import Role, School
from app.services.errors import ServiceError
from app.services.schools import create_school
from app.services.staff import create_staff

users_cli = AppGroup("users", help="Manage staff accounts.")

STAFF_ERRORS = {
    "bad_role": "The role must be admin, teacher or counsellor.",
    "bad_username": "The username must be 2-64 characters: lower-case letters, digits, '.', '_' or '-'.",
    "bad_display_name": "Give a display name of at most 120 characters.",
    "bad_email": "That email address does not look right.",
    "taken": "That username or email is already used.",
}


@users_cli.command("create")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="admin, teacher or counsellor")
@click.option("--school", "school_name", required=True, help="The school's name (or id); created with --new-school.")
@click.option("--username", required=True)
@click.option("--name", "display_name", help="The name shown in the app (default: the username).")
@click.option("--email", default=None)
@click.option("--new-school", is_flag=True, help="Create the school if it does not exist yet.")
def create_user(role, school_name, username, display_name, email, new_school):
    """Create a staff account and print its one-time password."""
    school = db.session.scalar(select(School).where(School.name == school_name))
    if school is None and school_name.isdigit():
        school = db.session.get(School, int(school_name))
    if school is None:
        if not new_school:
            raise click.ClickException(f"No school called '{school_name}'. Check the name, or add --new-school to create it.")
        school = create_school(school_name)
    try:
        user, password = create_staff(school, role, username, display_name or username, email)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(STAFF_ERRORS[error.code]) from None
    db.session.commit()
    click.echo(f"Created {user.role.value} '{user.username}' at {school.name}.")
    click.echo(f"One-time password (shown once, to be changed at first sign-in): {password}")
