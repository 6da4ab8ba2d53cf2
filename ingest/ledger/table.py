"""Reading a CSV or XLSX ledger export into a header row and data rows.

The type is told by content, never by extension: a zip that openpyxl opens is a workbook,
anything else must decode as text (UTF-8 with or without BOM, UTF-16 with BOM, else
Windows-1252). The header is the first row, within the first few, that a caller-supplied
score accepts; rows above it (an export title, a date line) are skipped. For CSV the
separator (``,`` ``;`` tab ``|``) is the one under which the best header row appears.
Rows are numbered as a spreadsheet shows them: 1-based, title and header lines included.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, TypeAlias

import openpyxl
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

Cell: TypeAlias = str | int | float | date | None
"""A cell value: text from CSV; text, number or date (``datetime`` included) from XLSX."""

HeaderScore: TypeAlias = Callable[[Sequence[str]], int]
"""Scores a row as a header: 0 when it is not one, else how many known columns it names."""

HEADER_SEARCH_ROWS = 30
_SEPARATORS = (",", ";", "\t", "|")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_XLSX_EXPANDED_BYTES = 512 * 1024 * 1024
"""A workbook whose parts would expand past this is refused unread (a zip bomb)."""
MAX_XLSX_RATIO = 200
"""Nor one past 16 MB whose parts expand more than this many times their compressed size."""
_RATIO_CHECKED_FROM = 16 * 1024 * 1024


class LedgerFileError(ValueError):
    """A ledger file that cannot be read at all; the message is one line naming the file."""


@dataclass(frozen=True)
class Row:
    """One data row: its number as a spreadsheet shows it and its cells."""

    number: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A header row and the rows below it (and above it: titles, label/value fields), with
    where they came from."""

    source: Literal["csv", "xlsx"]
    sheet: str | None
    header_row: int
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    above: tuple[Row, ...] = ()


def read_table(
    path: Path,
    score: HeaderScore,
    *,
    header_only: bool = False,
    wanted: str = "header row with ledger columns",
) -> Table:
    """Read ``path`` and find its header row with ``score``; raise :class:`LedgerFileError`.

    With ``header_only`` the data rows are not read (for a cheap identification).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LedgerFileError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data, path.name, score, header_only, wanted)
    if data.startswith(_OLE_MAGIC):
        raise LedgerFileError(f"{path.name}: legacy Excel (.xls) workbook; save it as .xlsx or CSV")
    return _read_csv(data, path.name, score, header_only, wanted)


def _best_header(rows: Iterable[tuple[int, Sequence[str]]], score: HeaderScore) -> tuple[int, int] | None:
    """``(score, row number)`` of the first header row among the first rows, or ``None``."""
    for number, cells in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        points = score(cells)
        if points:
            return points, number
    return None


def _decode(data: bytes, name: str) -> str:
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise LedgerFileError(f"{name}: not a text file (neither UTF-8, UTF-16 nor Windows-1252)") from exc
    if "\x00" in text:
        raise LedgerFileError(f"{name}: not a text file (it contains NUL bytes)")
    return text


def _csv_records(text: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    return enumerate(reader, start=1)


def _read_csv(data: bytes, name: str, score: HeaderScore, header_only: bool, wanted: str) -> Table:
    text = _decode(data, name)
    found: tuple[int, int, str] | None = None
    for separator in _SEPARATORS:
        try:
            best = _best_header(_csv_records(text, separator), score)
        except csv.Error:
            continue
        if best is not None and (found is None or best[0] > found[0]):
            found = (best[0], best[1], separator)
    if found is None:
        raise LedgerFileError(f"{name}: no {wanted} in the first {HEADER_SEARCH_ROWS} lines")
    _, header_row, separator = found
    header: tuple[str, ...] = ()
    rows: list[Row] = []
    above: list[Row] = []
    try:
        for number, cells in _csv_records(text, separator):
            if number < header_row:
                above.append(Row(number, tuple(cells)))
            elif number == header_row:
                header = tuple(cells)
                if header_only:
                    break
            elif number > header_row:
                rows.append(Row(number, tuple(cells)))
    except csv.Error as exc:
        last = rows[-1].number if rows else header_row
        raise LedgerFileError(f"{name}: malformed CSV after row {last} ({exc})") from exc
    return Table("csv", None, header_row, header, tuple(rows), tuple(above))


def _xlsx_cell(value: object) -> Cell:
    if isinstance(value, bool):
        return str(value)
    if value is None or isinstance(value, str | date | float | int):
        return value
    return str(value)  # times, durations, rich text: kept as written


def _header_text(cells: Sequence[Cell]) -> tuple[str, ...]:
    return tuple("" if cell is None else str(cell) for cell in cells)


def check_zip_expansion(source: bytes | Path, name: str) -> None:
    """Refuse a zip whose members would expand past :data:`MAX_XLSX_EXPANDED_BYTES`, or past
    16 MB at more than :data:`MAX_XLSX_RATIO` times their size; judged from its directory, unread.
    A damaged zip passes: the reader that opens it says what is wrong."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a sound zip: the reader that opens it says what is wrong
    expanded = sum(member.file_size for member in members)
    packed = max(sum(member.compress_size for member in members), 1)
    ratio_too_high = expanded > _RATIO_CHECKED_FROM and expanded > MAX_XLSX_RATIO * packed
    if expanded > MAX_XLSX_EXPANDED_BYTES or ratio_too_high:
        raise LedgerFileError(
            f"{name}: would expand to {expanded // (1024 * 1024)} MB from {packed // 1024} KB; "
            "refused unread as a possible zip bomb"
        )


def _read_xlsx(data: bytes, name: str, score: HeaderScore, header_only: bool, wanted: str) -> Table:
    check_zip_expansion(data, name)
    try:  # from memory: given a path, openpyxl would judge the file by its extension
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl fails in many ways on zips that are not workbooks
        raise LedgerFileError(f"{name}: a zip file but not a readable XLSX workbook ({exc})") from exc
    try:
        for sheet in workbook.worksheets:
            table = _sheet_table(sheet, score, header_only)
            if table is not None:
                return table
    except Exception as exc:  # read-only sheets parse their XML lazily, while iterating
        raise LedgerFileError(f"{name}: damaged XLSX workbook ({exc})") from exc
    finally:
        workbook.close()
    raise LedgerFileError(f"{name}: no sheet has a {wanted} in its first {HEADER_SEARCH_ROWS} rows")


def _sheet_table(sheet: object, score: HeaderScore, header_only: bool) -> Table | None:
    if not isinstance(sheet, ReadOnlyWorksheet):
        return None  # a workbook opened read-only has no other kind of worksheet
    sheet.reset_dimensions()  # ERP writers often state wrong dimensions; read every cell
    rows = (tuple(_xlsx_cell(value) for value in values) for values in sheet.values)
    numbered = enumerate(rows, start=1)
    header: tuple[str, ...] | None = None
    header_row = 0
    above: list[Row] = []
    for number, cells in numbered:
        if number > HEADER_SEARCH_ROWS:
            return None
        if score(_header_text(cells)):
            header, header_row = _header_text(cells), number
            break
        above.append(Row(number, cells))
    if header is None:
        return None
    width = len(header)
    data = (
        ()
        if header_only
        else tuple(Row(number, (cells + (None,) * width)[:width]) for number, cells in numbered)
    )
    return Table("xlsx", sheet.title, header_row, header, data, tuple(above))
