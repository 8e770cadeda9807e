"""`flask quiz ...`: check the quiz banks and list what the app would serve.

`flask quiz validate [PATH...]` is the author's tool: it reads folders or single bank
files and prints every problem as `path:line:col: message`, in Indonesian by default or
English with `--lang en`. It exits 1 on any error; warnings (quality checks, printed as
`path:line:col: warning: ...`) leave it at 0 unless `--strict` is given.
`flask quiz list` shows the catalogue the app builds from QUIZ_FOLDER, with each bank's
version and content hash. `flask quiz schema` writes QUIZ_FOLDER/schema.json, the JSON
Schema editors check banks against, made from the engine's own field definitions.
`flask quiz export --format moodle-xml|gift|aiken BANK --lang id|en` writes a bank for
Moodle's question-bank import and says which questions the format had to leave out.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.quizbank import LOCALES, Catalogue, CatalogueInvalid, check_paths, load_catalogue
from app.quizbank.formats import FORMATS, export_bank, file_stem
from app.quizbank.formats.words import cli_word
from app.quizbank.messages import cli_text
from app.quizbank.schema import SCHEMA_FILE, schema_text

quiz_cli = AppGroup("quiz", help="Check and list the quiz banks (YAML files in QUIZ_FOLDER).")

_lang_option = click.option(
    "--lang",
    type=click.Choice(LOCALES),
    default="id",
    show_default=True,
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
    catalogue = _catalogue_or_exit(folder, lang)
    if not catalogue.banks:
        click.echo(cli_text("list_empty", lang, folder=folder))
        return
    click.echo(cli_text("list_header", lang))
    for bank in catalogue.banks.values():
        bands = ",".join(bank.audience)
        row = (bank.id, bank.theme, bands, str(len(bank.questions)), str(bank.version), bank.content_hash)
        click.echo("\t".join(row))


def _catalogue_or_exit(folder: str, lang: str) -> Catalogue:
    """The catalogue of `folder`, or every problem printed and exit 1."""
    try:
        return load_catalogue(folder)
    except CatalogueInvalid as invalid:
        click.echo(invalid.report(lang))
        click.echo(cli_text("summary", lang, count=len(invalid.problems), files=len({p.path for p in invalid.problems})))
        raise SystemExit(1) from None


@quiz_cli.command("schema")
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write it (default: schema.json in QUIZ_FOLDER); '-' prints it.",
)
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


@quiz_cli.command("export")
@click.argument("bank_id", metavar="BANK")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(tuple(FORMATS)),
    default="moodle-xml",
    show_default=True,
    help="moodle-xml keeps every scored question; gift leaves out ordering; aiken keeps one-answer questions.",
)
@click.option(
    "--lang",
    type=click.Choice(LOCALES),
    default="id",
    show_default=True,
    help="Language of the questions and of the messages: id (Bahasa Indonesia) or en (English).",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write it (default: BANK-LANG-FORMAT.xml or .txt here); '-' prints it.",
)
def export_command(bank_id: str, format_name: str, lang: str, output: Path | None) -> None:
    """Write a bank for Moodle's question-bank import, saying which questions the format leaves out."""
    folder = current_app.config["QUIZ_FOLDER"]
    catalogue = _catalogue_or_exit(folder, lang)
    bank = catalogue.get(bank_id)
    if bank is None:
        click.echo(cli_word("unknown_bank", lang, bank=bank_id, folder=folder), err=True)
        raise SystemExit(1)
    made = export_bank(bank, format_name, lang, catalogue.helplines)
    if output is not None and str(output) == "-":
        click.echo(made.text, nl=False)
        for note in made.notes(lang):  # on stderr, so that the file on stdout stays whole
            click.echo(note, err=True)
        return
    path = output or Path("-".join(file_stem(bank, format_name, lang)) + "." + FORMATS[format_name].extension)
    try:
        path.write_text(made.text, encoding="utf-8")
    except OSError as error:
        click.echo(cli_word("cannot_write", lang, path=path, detail=error.strerror or error), err=True)
        raise SystemExit(1) from None
    click.echo(cli_word("written", lang, count=made.questions, bank=bank.id, path=path))
    for note in made.notes(lang):
        click.echo(note)
