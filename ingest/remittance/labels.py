"""Label/value cells around a remittance table: payer, payment date, amount, currency, reference.

A label is one a laid-out advice uses (:func:`~ingest.remittance.field_labels.payment_label`); its
value is the next non-blank cell on the row (``Payeur`` | ``ACME SA``), or the text after a
colon in the same cell (``Payeur : ACME SA``). The first occurrence of each field counts.
Values are read through a :class:`RowView`, so they follow the same conventions as the table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ingest.ledger.cells import CellError, ColumnHints, RowView, cell_text
from ingest.ledger.columns import ColumnMap
from ingest.ledger.table import Cell, Row
from ingest.reader import ReaderError
from ingest.remittance.field_labels import payment_label

T = TypeVar("T")


@dataclass(frozen=True)
class LabelField:
    """A label/value pair found around the table."""

    row: Row
    label: str
    position: int


def _blank(cell: Cell) -> bool:
    return cell_text(cell) is None


def find_fields(rows: Sequence[Row]) -> dict[str, LabelField]:
    """The first label/value pair for each payment field, in two cells or as ``label: value``."""
    found: dict[str, LabelField] = {}
    for row in rows:
        cells = list(row.cells)
        position = 0
        while position < len(cells):
            text = cell_text(cells[position]) or ""
            label, colon, rest = text.partition(":")
            field = payment_label(text)
            if field is not None:
                value_at = next((i for i in range(position + 1, len(cells)) if not _blank(cells[i])), None)
                if value_at is not None:
                    found.setdefault(field, LabelField(row, text, value_at))
                    position = value_at
            elif colon and rest.strip() and (field := payment_label(label)) is not None:
                split = Row(row.number, (rest.strip(),))
                found.setdefault(field, LabelField(split, label.strip(), 0))
            position += 1
    return found


def field_view(fields: Mapping[str, LabelField], field: str, hints: ColumnHints) -> RowView | None:
    """A view of the field's value cell (column name ``value``), ``None`` when absent."""
    found = fields.get(field)
    if found is None:
        return None
    columns = ColumnMap(positions={"value": found.position}, names={"value": found.label}, ignored=())
    return RowView(found.row, columns, hints, f"row {found.row.number}")


def field_text(fields: Mapping[str, LabelField], field: str) -> str | None:
    """The field's value as stripped text, ``None`` when absent or blank."""
    view = field_view(fields, field, ColumnHints({}, {}))
    return view.text("value") if view is not None else None


def field_value(
    name: str,
    fields: Mapping[str, LabelField],
    field: str,
    hints: ColumnHints,
    read: Callable[[RowView], T | None],
) -> T | None:
    """The field's value read by ``read``; a bad value raises a one-line :class:`ReaderError`."""
    view = field_view(fields, field, field_hints(hints, field))
    if view is None:
        return None
    try:
        return read(view)
    except CellError as exc:
        found = fields[field]
        raise ReaderError(f"{name}, row {found.row.number}, {found.label}: {exc.message}") from exc


def field_hints(hints: ColumnHints, field: str) -> ColumnHints:
    """The reading conventions for a field's value: the table's decimal mark or date order."""
    separators = [mark for mark in hints.decimal_separator.values() if mark]
    orders = [order for order in hints.date_order.values() if order]
    if field == "payment_amount":
        return ColumnHints({"value": separators[0] if separators else None}, {})
    return ColumnHints({}, {"value": orders[0] if orders else None})
