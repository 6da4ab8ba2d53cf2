"""The row loop shared by the customers and invoices readers, and ledger identification.

Rules, for both kinds of file:

- a row that cannot be read gives exactly one :class:`RowError` (file name, row number as a
  spreadsheet shows it, the column as the header writes it, what is wrong); good rows are kept;
- blank rows are skipped; a row with no key whose text starts with "Total" / "Sous-total" is
  an export's totals line: skipped, with a warning;
- in a CSV a row with fewer fields than the header, or extra non-empty fields, is an error;
- a key (customer id, invoice number) seen again in the same file is an error on the later
  row and the first row is kept: a file listing an invoice twice is suspicious either way;
- ``rows_read`` counts the data rows considered, so ``len(records) + len(errors) == rows_read``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Literal, TypeVar

from ingest.ledger.cells import CellError, RowView, infer_hints
from ingest.ledger.columns import (
    KEY_FIELD,
    ColumnProblem,
    LedgerKind,
    classify_header,
    header_score,
    map_columns,
    normalise_header,
    recognised_fields,
)
from ingest.ledger.table import Cell, LedgerFileError, Row, Table, read_table
from ingest.records import CustomerRecord, InvoiceRecord, RowError

LedgerFormat = Literal["customers_csv", "customers_xlsx", "invoices_csv", "invoices_xlsx"]
R = TypeVar("R", CustomerRecord, InvoiceRecord)
_FORMATS: dict[tuple[LedgerKind, str], LedgerFormat] = {
    ("customers", "csv"): "customers_csv",
    ("customers", "xlsx"): "customers_xlsx",
    ("invoices", "csv"): "invoices_csv",
    ("invoices", "xlsx"): "invoices_xlsx",
}


@dataclass(frozen=True)
class LedgerParse(Generic[R]):
    """What one ledger file gave: the good records, one error per bad row, and notes."""

    format: LedgerFormat
    records: tuple[R, ...]
    errors: tuple[RowError, ...]
    warnings: tuple[str, ...]
    rows_read: int


def identify_ledger(path: Path) -> LedgerKind | None:
    """``"customers"`` or ``"invoices"`` from the header row's columns; ``None`` otherwise. Never raises."""
    try:
        table = read_table(path, _ledger_header_score, header_only=True)
    except (LedgerFileError, OSError):
        return None
    return classify_header(table.header)


def _ledger_header_score(cells: Sequence[str]) -> int:
    kind = classify_header(cells)
    return len(recognised_fields(cells, kind)) if kind else 0


def parse_ledger(path: Path, kind: LedgerKind, build: Callable[[RowView], R]) -> LedgerParse[R]:
    """Read ``path`` as a ``kind`` ledger, building one record per good row with ``build``.

    Raises :class:`LedgerFileError` when the file cannot be read, has no header, is the
    other kind of ledger, or lacks a required column.
    """
    table = read_table(path, lambda cells: header_score(cells, kind) or _ledger_header_score(cells))
    where = f"(header row {table.header_row})"
    other = classify_header(table.header)
    if other is not None and other != kind:
        raise LedgerFileError(f"{path.name}: this file lists {other}, not {kind} {where}")
    try:
        columns = map_columns(table.header, kind)
    except ColumnProblem as exc:
        raise LedgerFileError(f"{path.name}: {exc} {where}") from exc
    warnings = [f"ignored columns: {', '.join(columns.ignored)}"] if columns.ignored else []
    hints = infer_hints(table.rows, columns)
    key_field = KEY_FIELD[kind]
    width = max((i + 1 for i, name in enumerate(table.header) if name.strip()), default=0)
    records: list[R] = []
    errors: list[RowError] = []
    first_seen: dict[str, int] = {}
    for row in table.rows:
        if all(_blank(cell) for cell in row.cells):
            continue
        view = RowView(row, columns, hints, _locator(table, row))
        if view.text(key_field) is None and _is_totals_line(row):
            warnings.append(f"row {row.number}: totals line skipped")
            continue
        try:
            if table.source == "csv" and _bad_width(row, width):
                raise CellError(None, f"row has {len(row.cells)} fields but the header has {width}")
            record = build(view)
            key = getattr(record, key_field)
            if key in first_seen:
                raise CellError(key_field, f"duplicate {key!r}, first on row {first_seen[key]}; row ignored")
        except CellError as exc:
            column = columns.names.get(exc.field) if exc.field else None
            errors.append(RowError(file=path.name, row=row.number, column=column, message=exc.message))
            continue
        first_seen[key] = row.number
        records.append(record)
    return LedgerParse(
        format=_FORMATS[kind, table.source],
        records=tuple(records),
        errors=tuple(errors),
        warnings=tuple(warnings),
        rows_read=len(records) + len(errors),
    )


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _locator(table: Table, row: Row) -> str:
    return f"sheet {table.sheet}, row {row.number}" if table.sheet else f"row {row.number}"


def _is_totals_line(row: Row) -> bool:
    return any(
        isinstance(cell, str) and normalise_header(cell).startswith(("total", "soustotal", "subtotal"))
        for cell in row.cells
    )


def _bad_width(row: Row, width: int) -> bool:
    return len(row.cells) < width or not all(_blank(cell) for cell in row.cells[width:])
