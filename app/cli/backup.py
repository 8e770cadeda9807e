"""`flask db backup`: an online backup of the database (added to Flask-Migrate's `db` group)."""

from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask_migrate.cli import db as db_group

from app.services.backup import BackupError, backup_database


@db_group.command("backup")
@click.option(
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the backup (default: instance/backups/waspada-<time>.<ext>).",
)
def backup(output: Path | None):
    """Back up the database while the app keeps running."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if output is None:
        from config import INSTANCE_DIR

        suffix = "sqlite3" if url.startswith("sqlite") else "pgdump"
        output = Path(INSTANCE_DIR) / "backups" / f"waspada-{datetime.now():%Y%m%d-%H%M%S}.{suffix}"
    try:
        path = backup_database(url, output)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {path}")
