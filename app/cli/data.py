"""`flask data purge --before DATE`: delete the classes archived before a date, and their students' data.

The year-end care an admin does class by class in the admin pages, for every school
on the server at once: it lists what it will delete, asks for confirmation (``--yes``
skips the question, for a scheduled task), then deletes. Help requests stay with the
counsellors, marked as from a deleted student. It also deletes the rate-limit counters
whose window has ended (the app deletes them now and then as it goes, too).
"""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app import ratelimit
from app.extensions import db
from app.models import School
from app.services import data_care

data_cli = AppGroup("data", help="Care for the data kept of students.")


@data_cli.command("purge")
@click.option(
    "--before",
    "before",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Delete classes archived before this date (YYYY-MM-DD).",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def purge(before, yes):
    """Delete every class archived before DATE, with everything recorded of its students."""
    expired = ratelimit.purge_expired()
    click.echo(f"Expired rate-limit counters deleted: {expired}.")
    classrooms = data_care.archived_before(before)
    if not classrooms:
        click.echo(f"No class was archived before {before:%Y-%m-%d}: nothing to delete.")
        return
    schools = dict(
        db.session.execute(select(School.id, School.name).where(School.id.in_({c.school_id for c in classrooms}))).all()
    )
    summary = data_care.deletion_summary([classroom.id for classroom in classrooms])
    click.echo(f"Classes archived before {before:%Y-%m-%d}:")
    for classroom in classrooms:
        click.echo(f"  {schools[classroom.school_id]}: {classroom.name} (archived {classroom.archived_at:%Y-%m-%d})")
    click.echo("This deletes, for good:")
    click.echo(
        f"  classes:  {summary.classrooms}\n  students: {summary.students}\n"
        f"  attempts: {summary.attempts}\n  answers:  {summary.answers}"
    )
    click.echo(
        f"Help requests of these students stay with the counsellors, marked as from a deleted student: "
        f"{summary.help_requests_kept}."
    )
    if not yes and not click.confirm("Delete them for good?", default=False):
        click.echo("Nothing deleted.")
        return
    data_care.delete_classrooms(classrooms)
    db.session.commit()
    click.echo(f"Deleted {summary.classrooms} classes and everything recorded of their students.")
