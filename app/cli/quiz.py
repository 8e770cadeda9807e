"""`flask quiz ...`: check the quiz banks and list what the app would serve.

`flask quiz validate [PATH...]` is the author's tool: it reads folders or single bank
files and prints every problem as `path:line:col: message`, in Indonesian by default or
English with `--lang en`. It exits 1 on any error; warnings (quality checks, printed as
`path:line:col: warning: ...`) leave it at 0 unless `--strict` is given.
`flask quiz list` shows the catalogue the app builds from QUIZ_FOLDER, with each bank's
version and content hash. `flask quiz schema` writes QUIZ_FOLDER/schema.json, the JSON
Schema editors check banks against, made from the engine's own field definitions.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.quizbank import LOCALES, CatalogueInvalid, check_paths, load_catalogue
from app.quizbank.messages import cli_text
from app.quizbank.schema import SCHEMA_FILE, schema_text

quiz_cli = AppGroup("quiz", help="Check and list the quiz banks (YAML files in QUIZ_FOLDER).")

_lang_option = click.option(
    "--lang", type=click.Choice(LOCALES), default="id", show_default=True,
    help="Language of the messages: id (Bahasa Indonesia) or en (English).",
)


@quiz_cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_lang_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
def validate_command(paths: tuple[Path, ...], lang: str, strict: bool) -> None:
    """Check quiz folders or bank files (default: QUIZ_FOLDER); exit 1 on any error."""
    targets = list(paths) or [Path(current_app.config["QUIZ_FOLDER"])]
    checked = check_paths(targets)
    errors, warnings = checked.errors, checked.warnings
    for problem in checked.problems:
        click.echo(problem.message(lang))
    if errors:
        files = len({problem.path for problem in checked.problems})
        if warnings:
            click.echo(cli_text("summary_warnings", lang, count=len(errors), warnings=len(warnings), files=files))
        else:
            click.echo(cli_text("summary", lang, count=len(errors), files=files))
        raise SystemExit(1)
    if warnings:
        click.echo(cli_text("ok_warnings", lang, files=checked.files, warnings=len(warnings)))
        if strict:
            raise SystemExit(1)
        return
    click.echo(cli_text("ok", lang, files=checked.files))


@quiz_cli.command("list")
@_lang_option
def list_command(lang: str) -> None:
    """List the banks of QUIZ_FOLDER: id, theme, bands, questions, version, hash."""
    folder = current_app.config["QUIZ_FOLDER"]
    try:
        catalogue = load_catalogue(folder)
    except CatalogueInvalid as invalid:
        click.echo(invalid.report(lang))
        click.echo(cli_text("summary", lang, count=len(invalid.problems),
                            files=len({p.path for p in invalid.problems})))
        raise SystemExit(1) from None
    if not catalogue.banks:
        click.echo(cli_text("list_empty", lang, folder=folder))
        return
    click.echo(cli_text("list_header", lang))
    for bank in catalogue.banks.values():
        bands = ",".join(bank.audience)
        row = (bank.id, bank.theme, bands, str(len(bank.questions)), str(bank.version), bank.content_hash)
        click.echo("\t".join(row))


@quiz_cli.command("schema")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Where to write it (default: schema.json in QUIZ_FOLDER); '-' prints it.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the file differs from the engine's schema.")
@_lang_option
def schema_command(output: Path | None, check: bool, lang: str) -> None:
    """Write the JSON Schema of the bank format (for editors), made from the engine's field definitions."""
    text = schema_text()
    if output is not None and str(output) == "-":
        click.echo(text, nl=False)
        return
    path = output or Path(current_app.config["QUIZ_FOLDER"]) / SCHEMA_FILE
    if check:
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            click.echo(cli_text("schema_stale", lang, path=path))
            raise SystemExit(1)
        click.echo(cli_text("schema_current", lang, path=path))
        return
    path.write_text(text, encoding="utf-8")
    click.echo(cli_text("schema_written", lang, path=path))
