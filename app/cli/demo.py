"""`flask demo seed`: a demo school with sign-ins printed on the console."""

import click
from flask import current_app
from flask.cli import AppGroup

from app.content import get_catalogue
from app.extensions import db
from app.services import codes
from app.services.demo import database_is_empty, demo_exists, seed_demo

demo_cli = AppGroup("demo", help="The demo school.")


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Only seed when the database has no school yet (for `make run`).")
def seed(if_empty):
    """Create the demo school, its staff, a class with students and an assignment."""
    if if_empty and not database_is_empty():
        click.echo("The database already has a school: no demo seeded.")
        return
    if demo_exists():
        raise click.ClickException("The demo school exists already. Use a fresh database to seed it again.")
    demo = seed_demo(get_catalogue())
    db.session.commit()
    base = current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    click.echo(f"Demo school created: {demo.school.name}")
    click.echo(f"Staff sign-in at {base}/login (each password is shown once; you will be asked to change it):")
    for username, password in demo.passwords.items():
        click.echo(f"  {username:8} {password}")
    click.echo(f"Students join at {base}/join with class code {codes.pretty(demo.classroom.join_code)}:")
    for student in demo.classroom.students[:3]:
        click.echo(f"  {student.display_name:8} personal code {codes.pretty(student.personal_code)}")
    click.echo("  (the teacher can print every student's card from the class page)")
