"""CSV bank statements: the DESIGN.md columns, or the same columns under common aliases.

Columns: ``id, booking_date, value_date, amount, currency, payer_name, payer_iban, reference,
remittance_text``, optionally ``payer_bic, end_to_end_id, creditor_reference, account,
bank_transaction_code``. Headers are matched without case, accents or punctuation, and
French and English bank-export names are accepted (``Date d'opération``, ``Montant``,
``Devise``, ``Donneur d'ordre``, ``Libellé``…); ``Crédit``/``Débit`` columns may replace
``amount``. A file is recognised when its header has an id, a booking date, an amount and a
currency column, and no ledger column (``invoice_number``, ``customer_id``, ``due_date``…).

Separators ``,`` ``;`` tab or ``|``; UTF-8 with or without BOM, UTF-16 with BOM, or
Windows-1252; decimal comma and ``1 234,56`` (the decimal mark is inferred per file); ISO or
``dd/mm/yyyy`` dates (the day/month order is inferred per file, day first when nothing tells).

Bad rows do not stop the file. :meth:`CsvStatementReader.iter_rows` yields, in file order,
a :class:`BankPayment` for each credit row and a :class:`RowError` for each row that cannot be
read; debit (negative) and zero rows yield nothing. :meth:`CsvStatementReader.iter_payments`
yields the payments and, once they are all out, raises :class:`CsvRowErrors` (a
:class:`ReaderError`) listing the bad rows. File-level problems (no header, missing columns,
two columns for one field) raise :class:`ReaderError` at once.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from ingest.bank.identifiers import find_creditor_reference, iban_or_none
from ingest.reader import ReaderError, RowErrors
from ingest.records import BankPayment, DocumentFormat, RowError
from ingest.text import decode_error, detect_encoding, normalise_space, read_head, real_value
from ingest.validation import error_message
from ingest.values import (
    DateOrder,
    ValueParseError,
    infer_date_order,
    infer_decimal_separator,
    parse_amount,
    parse_date,
)
from tools.money import MoneyError, normalise_currency

_SEPARATORS = (",", ";", "\t", "|")

# Field -> header names ("|"-separated), compared after _normalise_header (no case, accents,
# punctuation: "Date d'opération" is "date d operation").
_ALIASES: dict[str, str] = {
    "id": "id|transaction id|identifiant|id transaction|identifiant transaction|numero d operation"
    "|n d operation|numero de transaction|bank reference|reference bancaire",
    "booking_date": "booking date|date comptable|date d operation|date operation|date de comptabilisation"
    "|posting date|date",
    "value_date": "value date|date de valeur|date valeur",
    "amount": "amount|montant",
    "credit": "credit|montant credit",
    "debit": "debit|montant debit",
    "currency": "currency|devise|monnaie|ccy",
    "payer_name": "payer name|payer|donneur d ordre|nom du donneur d ordre|emetteur|debtor|debtor name"
    "|counterparty|counterparty name|contrepartie|tiers",
    "payer_iban": "payer iban|iban|iban donneur d ordre|iban du donneur d ordre|debtor iban"
    "|counterparty iban|iban contrepartie",
    "payer_bic": "payer bic|bic|bic donneur d ordre|debtor bic|counterparty bic",
    "reference": "reference|ref|payment reference|reference de paiement|reference paiement|reference client",
    "remittance_text": "remittance text|remittance|remittance information|libelle|libelle operation"
    "|description|details|motif|communication|memo|narrative|information|informations complementaires",
    "end_to_end_id": "end to end id|endtoendid|end to end reference|e2e id|reference de bout en bout",
    "creditor_reference": "creditor reference|reference creancier|reference structuree",
    "account": "account|compte|account iban|numero de compte|iban du compte",
    "bank_transaction_code": "bank transaction code|transaction code|code operation",
}
_FIELD_OF = {alias: name for name, aliases in _ALIASES.items() for alias in aliases.split("|")}
_LEDGER_COLUMNS = frozenset(
    (
        "invoice number",
        "customer id",
        "due date",
        "issue date",
        "open amount",
        "credit limit",
        "payment terms days",
    )
)
_DATE_FIELDS = ("booking_date", "value_date")
_AMOUNT_FIELDS = ("amount", "credit", "debit")


class CsvRowErrors(RowErrors):
    """Rows of a CSV statement that could not be read; ``errors`` has one per row."""


def _normalise_header(name: str) -> str:
    """``"Date d'opération"`` → ``"date d operation"``; ``"payer_iban"`` → ``"payer iban"``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_name.lower()).split())


@dataclass(frozen=True, slots=True)
class _Layout:
    """How a file is laid out: separator, header cells, and the column index of each field."""

    separator: str
    header: tuple[str, ...]
    columns: dict[str, int]
    conflict: str | None = None

    def name(self, field: str) -> str:
        """The file's own header for ``field`` (for error messages)."""
        return self.header[self.columns[field]]


def _separator(line: str) -> str:
    """The separator of a header line: the most frequent of ``, ; TAB |`` outside quotes."""
    unquoted = re.sub(r'"[^"]*"', "", line)
    return max(_SEPARATORS, key=unquoted.count)


def _layout(header_line: str) -> _Layout | None:
    """The layout a header line describes, or ``None`` when it is not a bank-statement header.

    When two columns claim one field, the first is kept and ``conflict`` says so: the file is
    a bank statement, but not one to read without a person deciding.
    """
    separator = _separator(header_line)
    cells = next(csv.reader([header_line], delimiter=separator), [])
    header = tuple(cell.strip().lstrip("\ufeff") for cell in cells)
    normalised = [_normalise_header(cell) for cell in header]
    if _LEDGER_COLUMNS.intersection(normalised):
        return None
    columns: dict[str, int] = {}
    conflict = None
    for index, name in enumerate(normalised):
        field = _FIELD_OF.get(name)
        if field is None:
            continue
        if field in columns:
            conflict = (
                conflict or f"columns {header[columns[field]]!r} and {header[index]!r} both mean {field}"
            )
            continue
        columns[field] = index
    required = {"id", "booking_date", "currency"}
    if not required <= columns.keys() or not columns.keys() & {"amount", "credit"}:
        return None
    return _Layout(separator, header, columns, conflict)


def _head_line(path: Path) -> str | None:
    """The first non-blank line of the file, decoded; ``None`` for empty or binary files."""
    head = read_head(path)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="replace")
    elif b"\x00" in head:
        return None
    else:
        try:
            text = head.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut by the sniff window is still UTF-8.
            text = head.decode("utf-8-sig" if exc.start >= len(head) - 3 else "cp1252", errors="replace")
    for line in text.splitlines():
        if line.strip():
            return line
    return None


class CsvStatementReader:
    """CSV bank statements with the DESIGN.md columns (or their common aliases)."""

    format: DocumentFormat = "csv"

    def identify(self, path: Path) -> bool:
        """True when the header row names an id, a booking date, an amount and a currency
        column (and no ledger column). Never raises."""
        try:
            line = _head_line(path)
            return line is not None and _layout(line) is not None
        except (OSError, csv.Error):
            return False

    def iter_rows(self, path: Path) -> Iterator[BankPayment | RowError]:
        """Yield a payment for each credit row and a :class:`RowError` for each bad row.

        Raises :class:`ReaderError` only for what spoils the whole file (no header, missing
        or ambiguous columns, undecodable text).
        """
        encoding = detect_encoding(path)
        try:
            layout = self._read_layout(path, encoding)
            decimal_separator, date_order = self._infer(path, encoding, layout)
            with path.open(encoding=encoding, newline="") as handle:
                rows = self._rows(handle, layout)
                next(rows, None)  # the header
                used_ids: set[str] = set()
                for number, row in rows:
                    item = _read_row(path.name, number, row, layout, decimal_separator, date_order, used_ids)
                    if item is not None:
                        yield item
        except UnicodeDecodeError as exc:
            raise decode_error(path, encoding, exc) from exc
        except csv.Error as exc:
            raise ReaderError(f"{path.name}: malformed CSV: {exc}") from exc

    def iter_payments(self, path: Path) -> Iterator[BankPayment]:
        """Yield every good credit row; then, if some rows were bad, raise :class:`CsvRowErrors`."""
        errors: list[RowError] = []
        for item in self.iter_rows(path):
            if isinstance(item, RowError):
                errors.append(item)
            else:
                yield item
        if errors:
            raise CsvRowErrors.of_file(path.name, errors)

    def _read_layout(self, path: Path, encoding: str) -> _Layout:
        with path.open(encoding=encoding, newline="") as handle:
            header_line = next((line for line in handle if line.strip()), None)
        if header_line is None:
            raise ReaderError(f"{path.name}: empty file, no header row")
        layout = _layout(header_line.rstrip("\r\n"))
        if layout is not None and layout.conflict:
            raise ReaderError(f"{path.name}: {layout.conflict}")
        if layout is None:
            raise ReaderError(
                f"{path.name}: the header row lacks an id, booking date, amount or currency column "
                f"(or is a ledger file): {header_line.strip()[:120]!r}"
            )
        return layout

    def _rows(self, handle: TextIO, layout: _Layout) -> Iterator[tuple[int, list[str]]]:
        """``(row number, cells)`` of the non-blank records, numbered as a spreadsheet shows them."""
        for number, row in enumerate(csv.reader(handle, delimiter=layout.separator), start=1):
            if any(cell.strip() for cell in row):
                yield number, row

    def _infer(self, path: Path, encoding: str, layout: _Layout) -> tuple[str | None, DateOrder | None]:
        """The file's decimal mark and day/month order, from its amount and date cells."""

        def cells(fields: tuple[str, ...]) -> Iterator[str]:
            indexes = [layout.columns[field] for field in fields if field in layout.columns]
            with path.open(encoding=encoding, newline="") as handle:
                rows = self._rows(handle, layout)
                next(rows, None)
                for _number, row in rows:
                    yield from (row[index] for index in indexes if index < len(row))

        return infer_decimal_separator(cells(_AMOUNT_FIELDS)), infer_date_order(cells(_DATE_FIELDS))


def _unique_id(candidate: str, fallback: str, used: set[str]) -> str:
    """A payment id not yet ``used`` in the file: ``candidate``, else ``fallback`` (then
    ``fallback#2``…); the chosen id is added to ``used``.

    Two payments of one file never share an id, even when the ``id`` column repeats or two
    rows without id are identical.
    """
    chosen = candidate if candidate not in used else fallback
    base, suffix = chosen, 2
    while chosen in used:
        chosen = f"{base}#{suffix}"
        suffix += 1
    used.add(chosen)
    return chosen


class _CellError(Exception):
    """A cell that spoils its row: which field, and why."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _read_row(
    file: str,
    number: int,
    row: list[str],
    layout: _Layout,
    decimal_separator: str | None,
    date_order: DateOrder | None,
    used_ids: set[str],
) -> BankPayment | RowError | None:
    """One data row: a payment, a row error, or ``None`` for a debit or zero row."""
    width = len(layout.header)
    if len(row) != width and not (len(row) > width and not any(cell.strip() for cell in row[width:])):
        return RowError(
            file=file, row=number, column=None, message=f"{len(row)} fields, the header has {width}"
        )
    cells = {field: row[index].strip() for field, index in layout.columns.items()}
    try:
        return _payment(cells, number, row, decimal_separator, date_order, used_ids)
    except _CellError as exc:
        column = layout.name(exc.field) if exc.field in layout.columns else None
        return RowError(file=file, row=number, column=column, message=exc.message)


def _payment(
    cells: dict[str, str],
    number: int,
    row: list[str],
    decimal_separator: str | None,
    date_order: DateOrder | None,
    used_ids: set[str],
) -> BankPayment | None:
    """The payment of a row's cells (by field); ``None`` for a debit or zero amount."""
    for field in ("booking_date", "currency"):
        if not cells.get(field):
            raise _CellError(field, "missing value")
    amount = _amount(cells, decimal_separator)
    if amount <= 0:
        return None
    dates = {field: _date(cells, field, date_order) for field in _DATE_FIELDS if cells.get(field)}
    try:
        currency = normalise_currency(cells["currency"])
    except MoneyError as exc:
        raise _CellError("currency", str(exc)) from exc
    text = {field: normalise_space(cells.get(field)) for field in _ALIASES}
    for field in ("id", "end_to_end_id", "reference", "creditor_reference"):
        text[field] = real_value(text[field])
    fallback = "row-" + hashlib.sha256("\x1f".join(cell.strip() for cell in row).encode()).hexdigest()[:16]
    bank_reference = text["id"]
    payer_iban = text["payer_iban"]
    payer_bic = text["payer_bic"]
    try:
        return BankPayment(
            id=_unique_id(bank_reference or fallback, fallback, used_ids),
            account=text["account"],
            booking_date=dates["booking_date"],
            value_date=dates.get("value_date"),
            amount=amount,
            currency=currency,
            payer_name=text["payer_name"],
            payer_iban=iban_or_none(payer_iban) or payer_iban,
            payer_bic=payer_bic.upper() if payer_bic else None,
            end_to_end_id=text["end_to_end_id"],
            creditor_reference=text["creditor_reference"] or find_creditor_reference(text["reference"]),
            reference=text["reference"],
            remittance_text=text["remittance_text"],
            bank_transaction_code=text["bank_transaction_code"],
            bank_reference=bank_reference,
            locator=f"row {number}",
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "amount"
        raise _CellError(field if field in cells else "amount", error_message(first)) from exc


def _date(cells: dict[str, str], field: str, order: DateOrder | None) -> date:
    try:
        return parse_date(cells[field], order=order)
    except ValueParseError as exc:
        raise _CellError(field, str(exc)) from exc


def _amount(cells: dict[str, str], decimal_separator: str | None) -> Decimal:
    """The row's signed amount: the amount column, or credit (positive) or debit (negative)."""
    for field, sign in (("amount", 1), ("credit", 1), ("debit", -1)):
        text = cells.get(field)
        if not text:
            continue
        try:
            value = parse_amount(text, decimal_separator=decimal_separator)
        except ValueParseError as exc:
            raise _CellError(field, str(exc)) from exc
        return value if field == "amount" else sign * abs(value)
    raise _CellError("amount" if "amount" in cells else "credit", "missing value")
