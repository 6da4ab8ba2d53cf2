"""BAI2 (Cash Management Balance Reporting Specification v2) files: the incoming credits.

The ``bai2`` library parses the records of a group (``02`` … ``98``): accounts (``03``/``49``),
transaction details (``16``) with funds availability, continuation records (``88``), type
codes with their direction. We feed it one group at a time (memory is bounded by a group)
and step in where real files trip it up:

- the physical lines are cut into logical records first (several records on one line, lines
  without record code, ``03`` records continued by ``88`` records): ``bai2_records.py``;
- a type code the library does not list is read by its range (100–399 credit, 400–699 debit);
- control totals and record counts (``49``, ``98``, ``99``, see ``bai2_totals.py``) are checked
  here, with file line numbers in the message, unless the reader is built with
  ``verify_totals=False``.

Amounts have implied decimals (cents for USD, none for JPY). Payments are the credit details
(type codes 100–399) except returns, reversals and rejects (e.g. 252 Debit Reversal, 261
Individual Rejected Credit, 266 Return Item). ``booking_date`` is the group's as-of date. A
payment's ``id`` is the bank reference of its ``16`` record; without one,
``account/group.account.detail/as-of date/amount``. The customer reference (often a cheque
number) is the payment's ``reference``, not its id.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from bai2.constants import FundsType, TypeCode, TypeCodeLevel, TypeCodes, TypeCodeTransaction
from bai2.exceptions import IntegrityException, NotSupportedYetException, ParsingException
from bai2.helpers import IteratorHelper
from bai2.parsers import (
    AccountIdentifierParser,
    AccountParser,
    Bai2FileHeaderParser,
    GroupParser,
    TransactionDetailParser,
)
from pydantic import ValidationError

from ingest.bank.bai2_records import Record, iter_records
from ingest.bank.bai2_totals import Check, file_checks, group_checks
from ingest.reader import ReaderError
from ingest.records import BankPayment, DocumentFormat
from ingest.text import decode_error, detect_encoding, latin1_head, normalise_space, real_value
from ingest.validation import validation_message
from tools.money import format_amount, minor_unit_exponent

_SNIFF_BYTES = 4096
_HEADER = re.compile(r"^01,[^,\n]*,[^,\n]*,\d{6},")
_GROUP = re.compile(r"(?m)(?:^|/)\s*02,")
_RETURN_WORDS = ("Reversal", "Return", "Reject")
_PAYER = re.compile(
    r"^\s*(?:DBNM|ORIG CO NAME|ORIGINATOR NAME|ORIGINATOR|ORG|B/O|BY ORDER OF|SENDER NAME|FROM|REMITTER|"
    r"PAYER|DEBTOR NAME)\s*(?::=|:|=)\s*(?P<name>.+)$",
    re.IGNORECASE,
)
_PAYER_END = re.compile(
    r"\s+(?:ORIG ID|ORIG BANK|DESC DATE|CO ENTRY DESCR|ENTRY DESCR|SEC|TRACE ?#|IND ID|IND NAME|EED|"
    r"ADDR|ADDRESS|ID)\s*(?::=|:)",
    re.IGNORECASE,
)
# A piece of text ending with a company's legal form ("Jones and Partners LLP", " INC.").
_LEGAL_FORM_END = re.compile(
    r"(?:\b(?:INC|INCORPORATED|LLC|L\.L\.C|LLP|LP|L\.P|LTD|LIMITED|CORP|CORPORATION|PLC|GMBH|AG|SA|SAS|SARL|"
    r"NV|BV|SPA|SRL)|(?:&|\bAND)\s*(?:CO|COMPANY))\.?\s*$",
    re.IGNORECASE,
)
_LIBRARY_ERRORS = (ParsingException, NotSupportedYetException, IntegrityException, ValueError, IndexError)


def _type_code(value: str) -> TypeCode:
    """The library's type code, or one made from the BAI2 ranges for codes it does not list."""
    known: TypeCode | None = TypeCodes.get(value)
    if known is not None:
        return known
    if not re.fullmatch(r"\d{3}", value):
        raise ParsingException(f"not a BAI2 type code: {value!r}")
    number = int(value)
    transaction = None
    if 100 <= number <= 399:
        transaction = TypeCodeTransaction.credit
    elif 400 <= number <= 699:
        transaction = TypeCodeTransaction.debit
    return TypeCode(value, transaction, TypeCodeLevel.detail, "unlisted type code")


def _defaulted_availability(funds_type: FundsType | None, rest: list[str]) -> list[str]:
    """``rest`` with blank (defaulted) availability amounts as ``0``, which the library rejects."""
    rest = list(rest)
    if funds_type == FundsType.distributed_availability_simple:
        rest[:3] = [value.strip() or "0" for value in rest[:3]]
    elif funds_type == FundsType.distributed_availability and rest:
        count = int(rest[0]) if rest[0].strip().isdigit() else 0
        for index in range(2, 2 + 2 * count, 2):
            if index < len(rest):
                rest[index] = rest[index].strip() or "0"
    return rest


class _LenientAvailability:
    """Mixin: blank availability amounts count as zero (BAI2 defaulted fields)."""

    @classmethod
    def _parse_availability(cls, funds_type: FundsType | None, rest: list[str]) -> Any:
        parse = super()._parse_availability  # type: ignore[misc]
        return parse(funds_type, _defaulted_availability(funds_type, rest))


class _DetailParser(_LenientAvailability, TransactionDetailParser):  # type: ignore[misc]
    head_fields_config: ClassVar[tuple[tuple[str, Any], ...]] = (
        ("type_code", _type_code),
        ("amount", int),
        ("funds_type", FundsType),
    )


class _AccountIdentifierParser(_LenientAvailability, AccountIdentifierParser):  # type: ignore[misc]
    summary_fields_config: ClassVar[tuple[tuple[str, Any], ...]] = (
        ("type_code", _type_code),
        ("amount", int),
        ("item_count", int),
        ("funds_type", FundsType),
    )


class _AccountParser(AccountParser):  # type: ignore[misc]
    header_parser_class = _AccountIdentifierParser
    child_parser_class = _DetailParser


class _GroupParser(GroupParser):  # type: ignore[misc]
    child_parser_class = _AccountParser


@dataclass(frozen=True, slots=True)
class _Position:
    """Where a detail is: group, account and detail ordinals (1-based), file line."""

    group: int
    account: int
    detail: int
    line: int


class Bai2Reader:
    """BAI2 balance and transaction reporting files."""

    format: DocumentFormat = "bai2"

    def __init__(self, *, verify_totals: bool = True) -> None:
        """``verify_totals``: reject a file whose control totals or record counts are wrong."""
        self.verify_totals = verify_totals

    def identify(self, path: Path) -> bool:
        """True when the file starts with a BAI2 file header (``01,sender,receiver,YYMMDD,``)
        and has a group header (``02,``). Never raises."""
        head = latin1_head(path, _SNIFF_BYTES)
        if head is None:
            return False
        text = head.lstrip()
        return bool(_HEADER.match(text) and _GROUP.search(text))

    def iter_payments(self, path: Path) -> Iterator[BankPayment]:
        """Yield the credit details of every group, one group at a time.

        Raises :class:`ReaderError` with the file line of a malformed record, a wrong control
        total or record count, or a missing trailer.
        """
        encoding = detect_encoding(path)
        try:
            with path.open(encoding=encoding, newline=None) as handle:
                yield from self._payments(iter_records(handle))
        except ReaderError as exc:
            raise ReaderError(f"{path.name}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise decode_error(path, encoding, exc) from exc

    def _payments(self, records: Iterator[Record]) -> Iterator[BankPayment]:
        header = next(records, None)
        if header is None or header.code != "01":
            raise ReaderError("the file does not start with a file header (01)")
        _parse_file_header(header)
        group: list[Record] = []
        totals: list[int] = []
        count = header.physical
        for record in records:
            count += record.physical
            if record.code == "99":
                if group:
                    raise ReaderError(f"line {record.line}: file trailer (99) inside group {len(totals) + 1}")
                self._verify(file_checks(record, totals, count))
                return
            if (record.code == "02") == bool(group):
                where = f"group {len(totals) + 1} has no group trailer (98)" if group else "outside a group"
                raise ReaderError(f"line {record.line}: {record.code} record: {where}")
            group.append(record)
            if record.code == "98":
                totals.append((yield from self._group_payments(len(totals) + 1, group)))
                group = []
        raise ReaderError("the file ends without file trailer (99): truncated")

    def _verify(self, checks: list[Check]) -> None:
        """Raise on the first control figure that is wrong (unless totals are not verified)."""
        for line, what, stated, actual in checks if self.verify_totals else []:
            if stated != actual:
                raise ReaderError(f"line {line}: {what} is {stated}, the records add up to {actual}")

    def _group_payments(self, ordinal: int, records: list[Record]) -> Generator[BankPayment, None, int]:
        """The credits of one group; returns the group control total (for the file trailer)."""
        helper = IteratorHelper(iter([line for record in records for line in record.library_lines()]))
        try:
            group = _GroupParser(helper, check_integrity=False).parse()
        except _LIBRARY_ERRORS as exc:
            failing = helper.current_record
            line = _line_of(records, failing.rows[0] if failing is not None and failing.rows else None)
            raise ReaderError(f"line {line}: group {ordinal}: {exc}") from exc
        self._verify(group_checks(group, records, ordinal))
        as_of: date | None = group.header.as_of_date
        if as_of is None:
            raise ReaderError(f"line {records[0].line}: group {ordinal} has no as-of date")
        detail_lines = iter([record.line for record in records if record.code == "16"])
        for account_ordinal, account in enumerate(group.children, start=1):
            for position, detail in enumerate(account.children, start=1):
                where = _Position(ordinal, account_ordinal, position, next(detail_lines))
                payment = _payment(where, account, detail, as_of, group.header.currency)
                if payment is not None:
                    yield payment
        return int(group.trailer.group_control_total or 0)


def _parse_file_header(record: Record) -> None:
    helper = IteratorHelper(iter([f"01,{record.text}"]))
    try:
        Bai2FileHeaderParser(helper, check_integrity=False).parse()
    except _LIBRARY_ERRORS as exc:
        raise ReaderError(f"line {record.line}: file header (01): {exc}") from exc


def _line_of(records: list[Record], row: tuple[Any, str] | None) -> int:
    """The file line of the record the library was reading when it failed."""
    wanted = f"{row[0].value},{row[1]}" if row is not None else None
    return next((record.line for record in records if wanted in record.library_lines()), records[0].line)


def _availability_width(detail: Any) -> int:
    """How many fields the funds availability takes in a ``16`` record."""
    funds = detail.funds_type
    if funds == FundsType.distributed_availability_simple:
        return 3
    if funds == FundsType.value_dated:
        return 2
    if funds == FundsType.distributed_availability:
        return 1 + 2 * len(detail.availability or {})
    return 0


def _text_parts(detail: Any) -> list[str]:
    """The detail's text: the text field of the ``16`` record, then each ``88`` record's."""
    fixed = 3 + _availability_width(detail) + 2
    first = ",".join(detail.rows[0][1].split(",")[fixed:])
    return [part.strip().rstrip("/").strip(" ,") for part in [first, *(row[1] for row in detail.rows[1:])]]


def _payer_name(parts: list[str]) -> str | None:
    """The payer when the text labels it (``DBNM:``, ``ORIG CO NAME:``, ``ORG:=``, ``B/O:``…).

    A label opens a part (the ``16`` text, an ``88`` record) or follows a comma in it. The name
    ends at the next label or comma (``B/O: ACME CORP, PARIS``), unless what follows the comma
    ends with a legal form: then the comma is the name's (``ACME, INC.``, ``Smith, Jones LLP``).
    """
    for part in parts:
        segments = part.split(",")
        for index, segment in enumerate(segments):
            match = _PAYER.match(segment)
            if not match:
                continue
            name = _PAYER_END.split(match.group("name"), maxsplit=1)[0]
            following = segments[index + 1] if index + 1 < len(segments) else ""
            if name == match.group("name") and _LEGAL_FORM_END.search(following):
                name += "," + _PAYER_END.split(following, maxsplit=1)[0]
            cleaned = normalise_space(name.strip(" ,/"))
            if cleaned:
                return cleaned
    return None


def _payment(
    where: _Position, account: Any, detail: Any, as_of: date, group_currency: str | None
) -> BankPayment | None:
    """The payment of a credit detail; ``None`` for debits, returns, reversals and rejects."""
    code: TypeCode = detail.type_code
    if code.transaction != TypeCodeTransaction.credit or any(w in code.description for w in _RETURN_WORDS):
        return None
    number = normalise_space(account.header.customer_account_number)
    currency = account.header.currency or group_currency or "USD"
    locator = (
        f"group {where.group}, account {where.account} ({number}), detail {where.detail} (line {where.line})"
    )
    if detail.amount is None:
        raise ReaderError(f"{locator}: credit without amount")
    amount = Decimal(detail.amount).scaleb(-minor_unit_exponent(currency))
    if amount <= 0:
        return None
    value_date = as_of if detail.funds_type == FundsType.immediate_availability else None
    if detail.funds_type == FundsType.value_dated:
        value_date = (detail.availability or {}).get("date") or None
    bank_reference = real_value(detail.bank_reference)
    customer_reference = real_value(detail.customer_reference)
    position = f"{where.group}.{where.account}.{where.detail}"
    payment_id = bank_reference or f"{number or '-'}/{position}/{as_of}/{format_amount(amount, currency)}"
    parts = _text_parts(detail)
    try:
        return BankPayment(
            id=payment_id,
            account=number,
            booking_date=as_of,
            value_date=value_date,
            amount=amount,
            currency=currency,
            payer_name=_payer_name(parts),
            reference=customer_reference,
            remittance_text=normalise_space(" ".join(parts)),
            bank_transaction_code=code.code,
            bank_reference=bank_reference,
            locator=locator,
        )
    except ValidationError as exc:
        raise ReaderError(f"{locator}: {validation_message(exc)}") from exc
