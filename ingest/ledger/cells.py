"""Typed access to the cells of one ledger row, with the conventions inferred per column.

A column's decimal mark and date order are inferred from all its text values (so
``1 234,56``, ``1.234,56`` and ``1,234.56`` each read right), falling back to what the
file's other amount or date columns say. XLSX numbers are taken at Excel's own precision of
15 significant digits, through text, never by float arithmetic; XLSX dates pass through.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from ingest.ledger.columns import AMOUNT_FIELDS, DATE_FIELDS, ColumnMap
from ingest.ledger.table import Cell, Row
from ingest.values import (
    DateOrder,
    ValueParseError,
    coerce_date,
    infer_date_order,
    infer_decimal_separator,
    parse_amount,
)
from tools.money import MoneyError, minor_unit_exponent, quantise

T = TypeVar("T")
_TRAILING_TIME = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?$")
_LONE_MARK_BEFORE_THREE_DIGITS = re.compile(r"^\D*(?<![\d.,])\d{1,3}[.,]\d{3}\D*$")


class CellError(ValueError):
    """A cell that does not hold what its column promises (``field`` ``None``: the whole row)."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


_NOTHING = frozenset({"", "-", "–", "—", "--", "n/a", "N/A"})


def cell_text(value: Cell) -> str | None:
    """A cell as stripped text (numbers at Excel's precision, dates ISO); blank is ``None``."""
    if value is None:
        return None
    if isinstance(value, float):
        text = format(value, ".15g")
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    return text or None


def _without_time(text: str) -> str:
    """``03/10/2026 00:00`` → ``03/10/2026``: exports often print a midnight time after the date."""
    return _TRAILING_TIME.sub("", text.strip())


def shown(value: Cell) -> str:
    """A cell as an error message quotes it."""
    return repr(value.strip()) if isinstance(value, str) else repr(cell_text(value))


@dataclass(frozen=True)
class ColumnHints:
    """Per-column reading conventions inferred from the whole file."""

    decimal_separator: Mapping[str, str | None]
    date_order: Mapping[str, DateOrder | None]


def _per_column(
    samples: Mapping[str, list[str]], fields: Iterable[str], infer: Callable[[list[str]], T | None]
) -> dict[str, T | None]:
    present = [field for field in fields if field in samples]
    whole_file = infer([text for field in present for text in samples[field]])
    return {field: infer(samples[field]) or whole_file for field in present}


def infer_hints(rows: Sequence[Row], columns: ColumnMap) -> ColumnHints:
    """Infer each amount column's decimal mark and each date column's day/month order."""
    samples: dict[str, list[str]] = {field: [] for field in columns.positions}
    for row in rows:
        for field, position in columns.positions.items():
            value = row.cells[position] if position < len(row.cells) else None
            if isinstance(value, str) and value.strip():
                samples[field].append(_without_time(value) if field in DATE_FIELDS else value)
    return ColumnHints(
        decimal_separator=_per_column(samples, sorted(AMOUNT_FIELDS), infer_decimal_separator),
        date_order=_per_column(samples, sorted(DATE_FIELDS), infer_date_order),
    )


class RowView:
    """The cells of one row by field name; each accessor raises :class:`CellError`."""

    def __init__(self, row: Row, columns: ColumnMap, hints: ColumnHints, locator: str) -> None:
        self._row = row
        self._columns = columns
        self._hints = hints
        self.locator = locator

    def raw(self, field: str) -> Cell:
        """The cell under ``field`` as read (``None`` when blank or the column is absent)."""
        position = self._columns.positions.get(field)
        if position is None or position >= len(self._row.cells):
            return None
        value = self._row.cells[position]
        return None if isinstance(value, str) and not value.strip() else value

    def text(self, field: str) -> str | None:
        """The cell as stripped text, ``None`` when blank."""
        return cell_text(self.raw(field))

    def required_text(self, field: str) -> str:
        """The cell as text; a blank cell is an error."""
        text = self.text(field)
        if text is None:
            raise CellError(field, "required value is empty")
        return text

    def convert(self, field: str, parse: Callable[[str], T]) -> T | None:
        """``parse`` applied to the cell's text (``None`` when blank); its ValueError names the cell."""
        text = self.text(field)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as exc:
            raise CellError(field, str(exc)) from exc

    def amount(self, field: str, currency: str | None) -> Decimal | None:
        """An exact amount, quantised to ``currency`` when known; more decimals is an error.

        A dash alone (``-``, ``–``, ``—``) is how reports print "nothing": no amount.
        """
        value = self.raw(field)
        if value is None or (isinstance(value, str) and value.strip() in _NOTHING):
            return None
        number = self._number(field, value, currency)
        if currency is None:
            return number
        try:
            return quantise(number, currency)
        except MoneyError as exc:
            raise CellError(field, f"{shown(value)} has more decimals than {currency} allows") from exc

    def _number(self, field: str, value: Cell, currency: str | None) -> Decimal:
        if isinstance(value, int | float):
            number = Decimal(cell_text(value) or "0")
            if number.is_finite():
                return number
        elif isinstance(value, str):
            separator = self._hints.decimal_separator.get(field)
            try:
                number = parse_amount(value, decimal_separator=separator)
                if separator is None and _LONE_MARK_BEFORE_THREE_DIGITS.match(value.strip()):
                    number = self._thousands_reading(value, currency, number)
                return number
            except ValueParseError:
                pass
        raise CellError(field, f"{shown(value)} is not an amount")

    @staticmethod
    def _thousands_reading(text: str, currency: str | None, number: Decimal) -> Decimal:
        """``1.500`` when nothing else tells: a thousands mark, unless the currency has 3 decimals."""
        if currency is not None and minor_unit_exponent(currency) >= 3:
            return number
        mark = "." if "." in text else ","
        return parse_amount(text, decimal_separator="," if mark == "." else ".")

    def date(self, field: str) -> datetime.date | None:
        """A calendar date from a date cell or text in the column's inferred order."""
        value = self.raw(field)
        if value is None:
            return None
        readable = value if isinstance(value, datetime.date) else _without_time(cell_text(value) or "")
        try:
            return coerce_date(readable, order=self._hints.date_order.get(field))
        except ValueParseError as exc:
            raise CellError(field, f"{shown(value)} is not a valid date") from exc

    def required_date(self, field: str) -> datetime.date:
        """A date; a blank cell is an error."""
        found = self.date(field)
        if found is None:
            raise CellError(field, "required value is empty")
        return found
