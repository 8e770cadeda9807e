"""Reading a class list the way a school keeps it: an Excel file, a CSV, or rows pasted from a spreadsheet.

A school's class list is a table: a title or two ("DAFTAR SISWA KELAS VIII-B"), a
header row ("No", "NIS", "NISN", "Nama Siswa", "L/P"), then one student a row. Pasted
from a spreadsheet, the same rows arrive as lines with tabs between the cells. This
module finds the name column and returns the names, and nothing else:

- The header row is the first row (among the first 15 with content) with a name
  header: "Nama", "Nama Lengkap", "Nama Siswa" and their kin (``NAME_HEADERS``).
  Rows above it are titles and are left out. Without a header, the name column is the
  one with the most cells that read like names (two letters or more).
- A cell with no letter ("12", "-", a NIS) is never a name: numbering, NIS and NISN
  columns can never become students, even if the teacher picks one by mistake.
- Numbers in front of names ("1. Ayu", "2 Budi") are left out when most names have one.
- Every other column, NIS and NISN included, is read only to be dropped here: nothing
  but names leaves this module, and nothing of the file is stored.

It changes nothing: no database, no request, no session. It lives among the services
because what it returns is what ``rosters.add_students`` takes; the route shows the
names for the teacher to confirm before anything is created. Bad files are refused
with ``ServiceError`` codes: ``file_too_big``, ``too_many_rows``, ``old_excel``,
``unreadable_file``, ``no_names``.

Files are read with openpyxl in read-only mode with ``data_only=True``: a formula
gives the value Excel last calculated (a file never opened in Excel has none, and the
cell reads as blank), merged cells give their value once, hidden sheets are skipped,
and at most ``SCAN_ROWS`` rows of ``MAX_COLUMNS`` columns are read. An XLSX is a zip
archive: one whose parts say they unpack to more than ``MAX_UNPACKED_BYTES`` is refused
before openpyxl opens it, so a small file cannot unpack into gigabytes.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from app.services.errors import ServiceError

MAX_FILE_BYTES = 1_000_000  # 1 MB: a class list is a few kilobytes
MAX_ROWS = 500  # rows of names under the header
MAX_COLUMNS = 60  # a Dapodik export has about as many
SCAN_ROWS = 5_000  # rows read at most, blank ones included
HEADER_SEARCH = 15  # rows with content in which a header row is looked for
MAX_SHEETS = 30
MAX_UNPACKED_BYTES = 30_000_000  # what the parts of an XLSX may unpack to: a class list is far smaller

NAME_HEADERS = frozenset(
    {
        "nama",
        "nama lengkap",
        "nama siswa",
        "nama siswi",
        "nama siswa siswi",
        "nama lengkap siswa",
        "nama murid",
        "nama peserta didik",
        "nama lengkap peserta didik",
        "nama anak",
        "name",
        "names",
        "full name",
        "student",
        "students",
        "student name",
        "student s name",
        "pupil",
        "nama pd",
    }
)
# Words that may come before a name header in one cell, as in a pasted "No Nama" or "No. Nama Siswa".
LEADING_WORDS = frozenset({"no", "nomor", "nomer", "urut", "nis", "nisn", "number", "nr"})

_NUMBERED = re.compile(r"^\s*\d{1,4}(?:\s*[.)-]\s*|\s+)(?=[^\W\d_])")  # "1 Ayu", "2. Budi", "3)Citra"
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class ColumnChoice:
    index: int
    letter: str  # "C", as the spreadsheet names the column
    label: str  # its header, or its first value when there is no header row


@dataclass(frozen=True)
class ClassList:
    """What a file or a paste says, read as a class list."""

    names: list[str]  # in the file's order; duplicates kept (``rosters.preview`` sorts them out)
    sheets: list[str] = field(default_factory=list)  # every visible sheet with content (files only)
    sheet: str | None = None  # the sheet read
    columns: list[ColumnChoice] = field(default_factory=list)  # every column with content
    column: int | None = None  # the name column's index
    header_row: int | None = None  # the header's row number (1 = the first row)
    rows_above: int = 0  # rows with content above the header (titles), left out
    blank_rows: int = 0  # rows under the header without a name, left out
    not_names: list[str] = field(default_factory=list)  # cells with no letter ("12", "-"), left out
    numbers_removed: bool = False  # "1. Ayu" read as "Ayu"

    @property
    def reinterpreted(self) -> bool:
        """Whether the names differ from "one line, one name": then the teacher sees them before they are added."""
        return len(self.columns) > 1 or self.header_row is not None or self.numbers_removed


@dataclass
class _Sheet:
    name: str
    rows: list[tuple[int, list[str]]]  # (row number, cells as text) of the rows with content
    too_long: bool = False  # more rows with content than a class list can have


# --- Cells ----------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as text: whitespace collapsed, control characters dropped, 12.0 read as "12"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = str(value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        text = str(value)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch in "\t\n\r")
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", text.casefold()).split()


def is_name_header(text: str) -> bool:
    """ "Nama", "NAMA SISWA", "Nama Lengkap:", "No. Nama" (a pasted header in one cell)."""
    words = _words(text)
    while words and words[0] in LEADING_WORDS:
        words = words[1:]
    return " ".join(words) in NAME_HEADERS


def has_letters(text: str, at_least: int = 1) -> bool:
    return sum(1 for ch in text if ch.isalpha()) >= at_least


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- Reading a table ------------------------------------------------------------------


def _header(rows: list[tuple[int, list[str]]]) -> tuple[int, int] | None:
    """(position in ``rows``, column) of the first name header among the first rows with content."""
    for position, (_number, cells) in enumerate(rows[:HEADER_SEARCH]):
        for column, text in enumerate(cells):
            if text and is_name_header(text):
                return position, column
    return None


def _likely_name_column(rows: list[tuple[int, list[str]]], width: int) -> int:
    """Without a header: the column with the most cells of two letters or more (the leftmost on a tie)."""
    scores = [0] * width
    for _number, cells in rows:
        for column, text in enumerate(cells):
            if has_letters(text, 2):
                scores[column] += 1
    return max(range(width), key=lambda column: (scores[column], -column)) if width else 0


def _choices(rows: list[tuple[int, list[str]]], header: list[str] | None, width: int) -> list[ColumnChoice]:
    choices = []
    for column in range(width):
        values = [cells[column] for _n, cells in rows if column < len(cells) and cells[column]]
        label = (header[column] if header and column < len(header) and header[column] else "") or (values[0] if values else "")
        if values or label:
            choices.append(ColumnChoice(column, column_letter(column), label[:40]))
    return choices


def _strip_numbering(names: list[str]) -> tuple[list[str], bool]:
    numbered = [name for name in names if _NUMBERED.match(name)]
    if not names or len(numbered) * 2 < len(names):
        return names, False
    return [_NUMBERED.sub("", name) for name in names], True


def read_table(sheet: _Sheet, column: int | None = None, sheets: list[str] | None = None) -> ClassList:
    """The names of one table; ``column`` chosen by the teacher, else found."""
    rows = sheet.rows
    width = max((len(cells) for _n, cells in rows), default=0)
    found = _header(rows)
    header_cells = rows[found[0]][1] if found else None
    body = rows[found[0] + 1 :] if found else rows
    if column is None or not 0 <= column < width:
        column = found[1] if found else _likely_name_column(rows, width)
    if sheet.too_long or sum(1 for _n, cells in body if column < len(cells) and cells[column]) > MAX_ROWS:
        raise ServiceError("too_many_rows")
    names, not_names, blank = [], [], 0
    first = rows[found[0]][0] + 1 if found else (rows[0][0] if rows else 1)
    with_names = []
    for number, cells in body:
        text = cells[column] if column < len(cells) else ""
        if not text:
            continue
        with_names.append(number)
        if has_letters(text):
            names.append(text)
        else:
            not_names.append(text)
    if with_names:
        blank = (with_names[-1] - first + 1) - len(with_names)
    names, numbered = _strip_numbering(names)
    return ClassList(
        names=names,
        sheets=sheets or [],
        sheet=sheet.name if sheets else None,
        columns=_choices(body, header_cells, width),
        column=column,
        header_row=rows[found[0]][0] if found else None,
        rows_above=found[0] if found else 0,
        blank_rows=blank,
        not_names=not_names,
        numbers_removed=numbered,
    )


# --- Pastes ---------------------------------------------------------------------------


def read_paste(text: str, column: int | None = None) -> ClassList:
    """Lines pasted from a spreadsheet (cells separated by tabs) or typed, one name a line."""
    lines = (text or "").splitlines()
    if len(lines) > SCAN_ROWS:
        raise ServiceError("too_many_rows")
    rows = [(number, [cell_text(cell) for cell in line.split("\t")[:MAX_COLUMNS]]) for number, line in enumerate(lines, start=1)]
    rows = [(number, _trimmed(cells)) for number, cells in rows if any(cells)]
    return read_table(_Sheet("", rows), column)


def _trimmed(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells


# --- Files ----------------------------------------------------------------------------


def read_file(data: bytes, filename: str = "", sheet: str | None = None, column: int | None = None) -> ClassList:
    """A class list from an XLSX or CSV file's bytes; ``sheet`` and ``column`` as the teacher chose them."""
    if len(data) > MAX_FILE_BYTES:
        raise ServiceError("file_too_big")
    if not data.strip():
        raise ServiceError("no_names")
    if data.startswith(_OLE) or filename.lower().endswith((".xls", ".ods", ".numbers")):
        raise ServiceError("old_excel")
    sheets = _xlsx_sheets(data) if data.startswith(_ZIP) else [_csv_sheet(data)]
    if not sheets:
        raise ServiceError("no_names")
    chosen = next((s for s in sheets if s.name == sheet), None) or next(
        (s for s in sheets if _header(s.rows) is not None), sheets[0]
    )
    names = [s.name for s in sheets] if data.startswith(_ZIP) else []
    return read_table(chosen, column, names)


def _xlsx_sheets(data: bytes) -> list[_Sheet]:
    import openpyxl  # imported here: only the roster import needs it

    _check_unpacked_size(data)
    sheets = []
    # openpyxl raises many kinds of error on a damaged or foreign file, and warns about parts of a workbook it
    # does not read (data validation, extensions): here they all mean "not a class list we can read".
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # any error: see above
            raise ServiceError("unreadable_file", detail=type(error).__name__) from error
        try:
            for worksheet in workbook.worksheets[:MAX_SHEETS]:
                if getattr(worksheet, "sheet_state", "visible") != "visible":
                    continue
                read = _read_rows(worksheet.iter_rows(max_row=SCAN_ROWS, max_col=MAX_COLUMNS, values_only=True))
                if read.rows:
                    read.name = worksheet.title
                    sheets.append(read)
        except Exception as error:  # a damaged sheet inside a readable workbook
            raise ServiceError("unreadable_file", detail=type(error).__name__) from error
        finally:
            workbook.close()
    return sheets


def _check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ServiceError("unreadable_file", detail=type(error).__name__) from error
    if len(parts) > 1000 or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise ServiceError("unreadable_file", detail="unpacks too large")


def _read_rows(rows) -> _Sheet:
    """Keep the rows with content, as text; stop once there are more than a class list can have."""
    sheet = _Sheet("", [])
    for number, values in enumerate(rows, start=1):
        cells = _trimmed([cell_text(value) for value in values])
        if cells:
            sheet.rows.append((number, cells))
            if len(sheet.rows) > MAX_ROWS + HEADER_SEARCH:
                sheet.too_long = True
                break
    return sheet


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, which Excel on Windows writes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_sheet(data: bytes) -> _Sheet:
    text = _decode(data)
    if "\x00" in text:
        raise ServiceError("unreadable_file", detail="NUL")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:  # one column: nothing to separate
        delimiter = ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = (row[:MAX_COLUMNS] for _number, row in zip(range(SCAN_ROWS), reader, strict=False))
        return _read_rows(rows)
    except csv.Error as error:
        raise ServiceError("unreadable_file", detail=str(error)) from error
