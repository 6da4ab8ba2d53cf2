"""Remittance advice spreadsheets (CSV or XLSX): one payment and the invoices it settles.

A sheet is recognised from its content: a table header row naming an invoice-number column
and a paid-amount column, in French or English (``N° facture`` / ``Invoice No``,
``Montant payé`` / ``Amount paid``…; see :mod:`ingest.remittance.columns`), and no ledger
export or bank statement column. Optional columns: invoice date and amount, discount,
deduction, reason, reason code, currency. Above the table, label/value cells may give the
payer, payment date, payment amount, currency and reference (``Payeur`` | ``ACME SA`` in two
cells, or ``Payeur : ACME SA`` in one). A ``Total`` row ends the table; it is not a line.

The sheet gives one :class:`RemittanceRecord`. Its currency is the header field's, else the
currency column's, else the one the amounts carry (``19,923.77 GBP``, ``$3100.00``), else
``default_currency``; its amount the header field's, else the sum
of the paid amounts. Lines that do not add up (invoice − discount − deduction ≠ paid, or
paid amounts whose sum is not the payment) give warnings and a lower confidence.

A line that cannot be read (a malformed amount or date, no invoice number) is one
:class:`RowError` naming the file, row and column: :meth:`RemittanceSheetReader.iter_remittances`
yields the remittance with its good lines, then raises :class:`RowErrors`. What spoils the
whole file (no table, two columns for one field, an unreadable header field, two
currencies) raises :class:`ReaderError` at once.

:func:`remittance_from_grid` reads a table whose rows came from elsewhere (an email body).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from ingest.ledger.cells import CellError, ColumnHints, RowView, cell_text
from ingest.ledger.columns import ColumnMap, normalise_header
from ingest.ledger.table import Cell, Row
from ingest.reader import ReaderError, RowErrors
from ingest.records import DocumentFormat, RemittanceLineRecord, RemittanceRecord, RowError
from ingest.remittance.checks import confidence, line_warning, paid_total, total_warnings
from ingest.remittance.columns import (
    AMOUNT_COLUMNS,
    line_column,
    remittance_header_score,
)
from ingest.remittance.grid import Grid, grid_of_table, read_grid
from ingest.remittance.labels import LabelField, field_text, field_value, find_fields
from ingest.remittance.tokens import currency_in
from ingest.values import infer_date_order, infer_decimal_separator
from tools.money import MoneyError, normalise_currency

T = TypeVar("T")


@dataclass(frozen=True)
class SheetRemittance:
    """What one remittance sheet gave: its format, the remittance, and one error per bad row."""

    format: DocumentFormat
    remittance: RemittanceRecord | None
    errors: tuple[RowError, ...]


class RemittanceSheetReader:
    """Remittance advice spreadsheets, CSV or XLSX (the format is told by content)."""

    name = "remittance sheet"

    def __init__(self, default_currency: str = "EUR") -> None:
        self.default_currency = normalise_currency(default_currency)

    def identify(self, path: Path) -> bool:
        """True when a row within the first lines is a remittance table header. Never raises."""
        try:
            read_grid(path, remittance_header_score, header_only=True)
        except (ReaderError, OSError, csv.Error, ValueError):
            return False
        return True

    def document_format(self, path: Path) -> DocumentFormat:
        """``"xlsx"`` for a workbook, ``"csv"`` for text."""
        try:
            with path.open("rb") as handle:
                return "xlsx" if handle.read(4) == b"PK\x03\x04" else "csv"
        except OSError as exc:
            raise ReaderError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc

    def read(self, path: Path) -> SheetRemittance:
        """The remittance and the bad rows; raise :class:`ReaderError` for a file-level problem."""
        return read_remittance_sheet(path, default_currency=self.default_currency)

    def iter_remittances(self, path: Path) -> Iterator[RemittanceRecord]:
        """Yield the sheet's remittance; then, if some rows were bad, raise :class:`RowErrors`."""
        result = self.read(path)
        if result.remittance is not None:
            yield result.remittance
        if result.errors:
            raise SheetRowErrors.of_file(path.name, result.errors)


class SheetRowErrors(RowErrors):
    """Lines of a remittance sheet that could not be read."""


def read_remittance_sheet(path: Path, *, default_currency: str = "EUR") -> SheetRemittance:
    """Read one remittance sheet; raise :class:`ReaderError` when the file as a whole is unreadable."""
    table = read_grid(path, remittance_header_score)
    return remittance_from_grid(
        grid_of_table(table), name=path.name, format_=table.source, default_currency=default_currency
    )


def remittance_from_grid(
    grid: Grid, *, name: str, format_: DocumentFormat, default_currency: str = "EUR"
) -> SheetRemittance:
    """The remittance of one table, wherever its rows came from (a file, an email body).

    ``name`` names the document in messages; raise :class:`ReaderError` when the table as a
    whole is unreadable.
    """
    columns = _map_columns(grid, name)
    lines_rows, totals, footer = _split_rows(grid.rows, columns)
    fields = find_fields([*grid.above, *footer, *grid.after])
    hints = _hints(lines_rows, columns, fields)
    currency = _currency(name, fields, lines_rows, columns, hints, default_currency)
    payer_name = field_text(fields, "payer_name")
    reference = field_text(fields, "payment_reference")
    header_amount = field_value(
        name, fields, "payment_amount", hints, lambda view: view.amount("value", currency)
    )
    payment_date = field_value(name, fields, "payment_date", hints, lambda view: view.date("value"))

    lines: list[RemittanceLineRecord] = []
    errors: list[RowError] = []
    for row in lines_rows:
        view = RowView(row, columns, hints, _locator(grid, row))
        try:
            lines.append(_line(view, columns, currency))
        except CellError as exc:
            column = columns.names.get(exc.field) if exc.field else None
            errors.append(RowError(file=name, row=row.number, column=column, message=exc.message))
    if not lines:
        if not errors:
            raise ReaderError(f"{name}: no invoice lines below the remittance table (row {grid.header_row})")
        return SheetRemittance(format=format_, remittance=None, errors=tuple(errors))

    line_warnings = [warning for line in lines if (warning := line_warning(line, currency))]
    paid_sum = paid_total(lines)
    totals_amount = _totals_amount(name, totals, columns, hints, currency)
    sum_warnings = total_warnings(
        paid_sum, header_amount, totals_amount, totals.number if totals else None, currency
    )
    warnings = [*line_warnings, *sum_warnings, *(f"{error} (line left out)" for error in errors)]
    last_row = max(row.number for row in grid.rows) if grid.rows else grid.header_row
    where = f"rows {grid.header_row}-{last_row}"
    remittance = RemittanceRecord(
        payer_name=payer_name,
        payment_date=payment_date,
        payment_amount=header_amount if header_amount is not None else paid_sum,
        currency=currency,
        payment_reference=reference,
        confidence=confidence(
            total_problems=len(sum_warnings),
            line_problems=len(line_warnings),
            bad_rows=len(errors),
            has_payer=payer_name is not None,
            has_date=payment_date is not None,
        ),
        warnings=tuple(warnings),
        lines=tuple(lines),
        locator=f"{grid.place}, {where}" if grid.place else where,
    )
    return SheetRemittance(format=format_, remittance=remittance, errors=tuple(errors))


def _map_columns(grid: Grid, name: str) -> ColumnMap:
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored: list[str] = []
    for position, cell in enumerate(grid.header):
        field = line_column(cell)
        if field is None:
            if cell.strip():
                ignored.append(cell.strip())
        elif field in positions:
            raise ReaderError(
                f"{name}: columns {names[field]!r} and {cell.strip()!r} both mean {field} "
                f"(header row {grid.header_row})"
            )
        else:
            positions[field], names[field] = position, cell.strip()
    return ColumnMap(positions=positions, names=names, ignored=tuple(ignored))


def _blank(cell: Cell) -> bool:
    return cell_text(cell) is None


def _total_kind(row: Row, columns: ColumnMap) -> str | None:
    """``"total"`` or ``"subtotal"`` when the row is a totals line rather than an invoice."""
    position = columns.positions["invoice_number"]
    key = row.cells[position] if position < len(row.cells) else None
    candidates = [key] if not _blank(key) else list(row.cells)
    for cell in candidates:
        text = normalise_header(cell_text(cell) or "")
        if text.startswith(("soustotal", "subtotal")):
            return "subtotal"
        if text.startswith("total"):
            return "total"
    return None


def _split_rows(rows: Sequence[Row], columns: ColumnMap) -> tuple[list[Row], Row | None, list[Row]]:
    """The line rows, the totals row (``None`` when absent) and the rows after it."""
    lines: list[Row] = []
    for index, row in enumerate(rows):
        if all(_blank(cell) for cell in row.cells):
            continue
        kind = _total_kind(row, columns)
        if kind == "total":
            return lines, row, list(rows[index + 1 :])
        if kind is None:
            lines.append(row)
    return lines, None, []


def _hints(rows: Sequence[Row], columns: ColumnMap, fields: Mapping[str, LabelField]) -> ColumnHints:
    """Each amount column's decimal mark and the date columns' day/month order, from the file."""
    samples: dict[str, list[str]] = {field: [] for field in columns.positions}
    for row in rows:
        for field, position in columns.positions.items():
            value = row.cells[position] if position < len(row.cells) else None
            if isinstance(value, str) and value.strip():
                samples[field].append(value.strip())
    for field, found in fields.items():
        value = found.row.cells[found.position]
        if isinstance(value, str) and field in ("payment_amount", "payment_date"):
            samples.setdefault(field, []).append(value)
    amounts = [text for field in (*AMOUNT_COLUMNS, "payment_amount") for text in samples.get(field, [])]
    dates = [text for field in ("invoice_date", "payment_date") for text in samples.get(field, [])]
    whole_mark, whole_order = infer_decimal_separator(amounts), infer_date_order(dates)
    return ColumnHints(
        decimal_separator={
            field: infer_decimal_separator(samples[field]) or whole_mark
            for field in AMOUNT_COLUMNS & columns.positions.keys()
        }
        | ({"payment_amount": whole_mark} if whole_mark else {}),
        date_order={"invoice_date": whole_order} | ({"payment_date": whole_order} if whole_order else {}),
    )


def _currency(
    name: str,
    fields: Mapping[str, LabelField],
    rows: Sequence[Row],
    columns: ColumnMap,
    hints: ColumnHints,
    default: str,
) -> str:
    written = field_text(fields, "currency")
    if written is not None:
        try:
            return normalise_currency(written)
        except MoneyError as exc:
            found = fields["currency"]
            raise ReaderError(f"{name}, row {found.row.number}, {found.label}: {exc}") from exc
    if "currency" in columns.positions:
        seen: dict[str, int] = {}
        for row in rows:
            text = RowView(row, columns, hints, "").text("currency")
            if text is not None:
                try:
                    seen.setdefault(normalise_currency(text), row.number)
                except MoneyError:
                    continue  # reported on its row
        if len(seen) > 1:
            listed = ", ".join(f"{code} (row {number})" for code, number in seen.items())
            raise ReaderError(f"{name}: one remittance in several currencies: {listed}")
        if seen:
            return next(iter(seen))
    marked = {
        code
        for row in rows
        for column in AMOUNT_COLUMNS & columns.positions.keys()
        if (text := RowView(row, columns, hints, "").text(column)) and (code := currency_in(text))
    }
    return marked.pop() if len(marked) == 1 else default


def _line(view: RowView, columns: ColumnMap, currency: str) -> RemittanceLineRecord:
    written = view.text("currency")
    if written is not None:
        try:
            line_currency = normalise_currency(written)
        except MoneyError as exc:
            raise CellError("currency", str(exc)) from exc
        if line_currency != currency:
            raise CellError("currency", f"{line_currency} is not the remittance's currency {currency}")
    invoice_number = view.required_text("invoice_number")
    paid = view.amount("paid_amount", currency)
    if paid is None:
        raise CellError("paid_amount", "required value is empty")
    zero = Decimal(0)

    def adjustment(field: str) -> Decimal | None:
        """A discount or deduction, written ``199,30`` or ``-199,30``: what it takes off."""
        value = view.amount(field, currency)
        return zero if value is None and field in columns.positions else None if value is None else abs(value)

    return RemittanceLineRecord(
        invoice_number=invoice_number,
        invoice_date=view.date("invoice_date"),
        invoice_amount=view.amount("invoice_amount", currency),
        paid_amount=paid,
        discount_amount=adjustment("discount_amount"),
        deduction_amount=adjustment("deduction_amount"),
        reason_text=view.text("reason_text"),
        reason_code=view.text("reason_code"),
        locator=view.locator,
    )


def _totals_amount(
    name: str, totals: Row | None, columns: ColumnMap, hints: ColumnHints, currency: str
) -> Decimal | None:
    if totals is None:
        return None
    try:
        return RowView(totals, columns, hints, "").amount("paid_amount", currency)
    except CellError as exc:
        column = columns.names["paid_amount"]
        message = f"{name}, row {totals.number}, column {column}: {exc.message} (totals row)"
        raise ReaderError(message) from exc


def _locator(grid: Grid, row: Row) -> str:
    return f"{grid.place}, row {row.number}" if grid.place else f"row {row.number}"
