"""SWIFT MT940 statements (and MT942 interim reports): the incoming credits.

The file is decoded by us (UTF-8, else Windows-1252, else cp852), stripped of any SWIFT envelope
(``{1:…}{2:…}{4:`` … ``-}``) and cut into statements at each ``:20:``; each statement is
parsed on its own by the ``mt-940`` library, so memory stays flat whatever the file size.

The library reads the ``:61:`` statement lines (dates with the year roll-over of the entry
date, amounts, debit/credit marks, references), the ``:25:`` account, the ``:28C:``
statement number and the balances that give the currency. Where it falls short we step in:

- the account is read as the IBAN it plainly is (``NL34RABO0142623393 EUR``, German bank code
  and account number ``37040044/0532013000``), so that it matches the account of a camt
  statement (``ingest/bank/identifiers.py``);

- a statement number of more than five digits, or blank, is accepted (``:28C:123456/1``);
- a ``:61:`` the standard pattern cannot match is read with the library's ASN Bank or GLS
  variant, or with supplementary details over several lines;
- each ``:61:`` opens its own transaction, even without a transaction type (the library
  would merge such lines into one);
- the ``:86:`` is read from the file lines themselves (``ingest/bank/mt940_details.py``).

Only credits (mark ``C``) are payments; debits, reversals (``RC``, ``RD``) and returns (an
``:86:`` with ``/RTRN/``) are skipped. A payment's ``id`` is the ``:61:`` bank reference (after
``//``); without one, ``account/statement number/position/value date/amount``, which is
stable and unique within the statement. The customer reference is not an id: payers reuse
it (the same one recurs across statements, even within one); it is the ``reference`` when
the ``:86:`` gives no creditor reference or end-to-end id.

A file whose last statement has neither closing balance (``:62F:``/``:62M:``; an MT942 has
none) nor terminator (``-``) was cut off: :class:`ReaderError`, after the earlier statements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import mt940
from pydantic import ValidationError

from ingest.bank.identifiers import iban_or_none, statement_account
from ingest.bank.mt940_details import parse_details
from ingest.bank.mt940_text import Chunk, Tag, iter_statements, split_tags
from ingest.reader import ReaderError
from ingest.records import BankPayment, DocumentFormat
from ingest.text import compact, decode_error, detect_encoding, latin1_head, real_value
from ingest.validation import validation_message
from tools.money import format_amount

_OPTIONS = mt940.Options.all()
_KNOWN_TAGS = tuple(mt940.tags.TAG_BY_ID)
_HAS_REFERENCE = re.compile(r"(?m)^(?:\{4:)?:20:")
_HAS_ACCOUNT = re.compile(r"(?m)^:25:")
_HAS_BODY = re.compile(r"(?m)^:(?:28C?|60[FM]|61|62[FM]|34F|13D?):")
_TEXT_CONTROLS = frozenset("\t\n\r\x01\x02\x03\x1a")
_CLOSING = frozenset({"62", "62F", "62M"})
_INTERIM = frozenset({"34F", "13", "13D", "90C", "90D"})
_REFERENCE_KINDS = frozenset({"EREF", "PREF", "MARF", "KREF", "NOREF"})


class _StatementNumberANY(mt940.tags.StatementNumber):
    """``:28:``/``:28C:`` of any length, blank or cut over lines (``0000`` + ``0``)."""

    pattern = r"^(?P<statement_number>[^/]*)(?:/(?P<sequence_number>[\s\S]*))?$"

    def __call__(self, transactions: Any, value: dict[str, Any]) -> dict[str, Any]:
        return {key: compact(text) or None for key, text in value.items()}


class _StatementWRAPPED(mt940.tags.Statement):
    """A ``:61:`` whose supplementary details run over several lines.

    (The upper-case suffix keeps the library's slug ``statement``, so its date processors run.)
    """

    pattern = mt940.tags.Statement.pattern.replace("(?P<extra_details>.*)", "(?P<extra_details>[\\s\\S]*)")


_STATEMENT_NUMBER = _StatementNumberANY()
# :61: variants, tried in turn when the standard pattern does not match a statement line.
_STATEMENT_LINES: tuple[Any, ...] = (
    mt940.tags.TAG_BY_ID[61],
    mt940.tags.StatementASNB(),
    _StatementWRAPPED(),
    mt940.tags.StatementGLS(),
)


class _Statement(mt940.models.Transactions):
    """One statement, where every ``:61:`` starts a transaction of its own."""

    def _process_statement_tag(self, result: dict[str, Any]) -> None:
        self.transactions.append(mt940.models.Transaction(self, result))


class Mt940Reader:
    """SWIFT MT940 / MT942 bank statements."""

    format: DocumentFormat = "mt940"

    def identify(self, path: Path) -> bool:
        """True when the head of the file holds MT940 tags (``:20:``, ``:25:``, then ``:28C:``,
        ``:60F:``, ``:61:``…), with or without SWIFT envelope. Never raises."""
        text = latin1_head(path)
        if not text:
            return False
        controls = sum(1 for char in text if char < " " and char not in _TEXT_CONTROLS)
        if controls * 100 > len(text):
            return False
        return bool(_HAS_REFERENCE.search(text) and _HAS_ACCOUNT.search(text) and _HAS_BODY.search(text))

    def iter_payments(self, path: Path) -> Iterator[BankPayment]:
        """Yield the credits of every statement of the file, one statement at a time.

        Raises :class:`ReaderError` naming the statement and file line of what cannot be read.
        """
        encoding = detect_encoding(path)
        ordinal = 0
        try:
            with path.open(encoding=encoding, newline=None) as handle:
                for ordinal, chunk in enumerate(iter_statements(handle), start=1):
                    yield from _statement_payments(path, ordinal, chunk)
        except UnicodeDecodeError as exc:
            raise decode_error(path, encoding, exc) from exc
        if not ordinal:
            raise ReaderError(f"{path.name}: no MT940 statement (no line starts with :20:)")


def _statement_payments(path: Path, ordinal: int, chunk: Chunk) -> Iterator[BankPayment]:
    """The credits of one statement."""
    where = f"{path.name}: statement {ordinal} (line {chunk.first_line})"
    tags = split_tags(chunk, _KNOWN_TAGS)
    statement = _parse(chunk, tags, where)
    names = {tag.tag for tag in tags}
    if chunk.last and not chunk.terminated and not names & (_CLOSING | _INTERIM):
        raise ReaderError(f"{where}: the file ends without closing balance (:62F:): truncated")
    lines = [tag for tag in tags if tag.tag == "61"]
    if len(lines) != len(statement.transactions):
        raise ReaderError(f"{where}: {len(lines)} :61: lines but {len(statement.transactions)} parsed")
    account = statement_account(real_value(statement.data.get("account_identification")))
    number = "/".join(
        part
        for part in (statement.data.get("statement_number"), statement.data.get("sequence_number"))
        if part
    )
    for position, (line, transaction) in enumerate(zip(lines, statement.transactions, strict=True), start=1):
        data: dict[str, Any] = transaction.data
        if str(data.get("status") or "").upper() != "C":
            continue
        locator = f"statement {ordinal}, :61: {position} (line {line.number})"
        currency = data.get("currency") or statement.currency
        if not currency:
            raise ReaderError(f"{path.name}: {locator}: no currency (no :60F: opening balance)")
        amount = abs(data["amount"].amount)
        if amount == 0:
            continue
        fields = _payment_fields(data, _details_lines(tags, line))
        if fields is None:
            continue
        bank_reference = fields["bank_reference"]
        payment_id = bank_reference or "/".join(
            [
                account or "-",
                number or f"#{ordinal}",
                str(position),
                fields["value_date"].isoformat(),
                format_amount(amount, currency),
            ]
        )
        try:
            yield BankPayment(
                id=payment_id, account=account, amount=amount, currency=currency, locator=locator, **fields
            )
        except ValidationError as exc:
            raise ReaderError(f"{path.name}: {locator}: {validation_message(exc)}") from exc


def _statement_line_tag(tags: list[Tag], where: str) -> Any:
    """The first ``:61:`` pattern (standard, ASN Bank, multi-line, GLS) matching every line.

    A line no pattern matches is reported here, without asking the library (which would log
    its own error before raising).
    """
    lines = [tag for tag in tags if tag.tag == "61"]
    for variant in _STATEMENT_LINES:
        if all(variant.re.match(line.value) for line in lines):
            return variant
    for line in lines:
        if not any(variant.re.match(line.value) for variant in _STATEMENT_LINES):
            raise ReaderError(f"{where}: line {line.number}: cannot read :61: {line.value!r}")
    return _STATEMENT_LINES[0]  # pragma: no cover - each line matches some variant, not one the same


def _parse(chunk: Chunk, tags: list[Tag], where: str) -> _Statement:
    """The library's parse of one statement, with the ``:61:`` variant its lines need."""
    overrides: dict[int | str, Any] = {28: _STATEMENT_NUMBER, 61: _statement_line_tag(tags, where)}
    statement = _Statement(tags=overrides, options=_OPTIONS)
    try:
        statement.parse(chunk.text)
    except (RuntimeError, ValueError, ArithmeticError, KeyError, TypeError) as exc:
        raise ReaderError(f"{where}: {_describe(exc, tags)}") from exc
    return statement


def _failed_tag(exc: Exception) -> str:
    """The id (``"61"``, ``"60F"``) of the tag the library could not match, or ``""``."""
    tag = exc.args[1] if len(exc.args) > 1 else None
    return str(getattr(tag, "id", ""))


def _describe(exc: Exception, tags: list[Tag]) -> str:
    """One line on a library failure: which field, on which file line, with what content."""
    tag_id = _failed_tag(exc) if isinstance(exc, RuntimeError) else ""
    if not tag_id or len(exc.args) < 3:
        return f"cannot read the statement: {exc}"
    for tag in tags:
        if tag.tag.startswith(tag_id) and tag.value == exc.args[2]:
            return f"line {tag.number}: cannot read :{tag.tag}: {tag.value!r}"
    return f"cannot read :{tag_id}: {exc.args[2]!r}"


def _details_lines(tags: list[Tag], line: Tag) -> list[str]:
    """The lines of the ``:86:`` fields that follow a ``:61:`` (``:NS:`` may sit between)."""
    lines: list[str] = []
    for tag in tags[tags.index(line) + 1 :]:
        if tag.tag == "86":
            lines.extend(tag.lines)
        elif tag.tag != "NS":
            break
    return lines


def _payment_fields(data: dict[str, Any], details_lines: list[str]) -> dict[str, Any] | None:
    """Everything of a credit but its amount, currency, account and locator; ``None`` for a
    return (the ``:86:`` names a return reason, ``/RTRN/``)."""
    type_id = real_value(data.get("id"))
    customer_reference = real_value(data.get("customer_reference"))
    if f"{type_id or ''}{customer_reference or ''}" == "NONREF":  # ":61:…D20,00NONREF", no type
        type_id = customer_reference = None
    if customer_reference in _REFERENCE_KINDS:  # ING: "EREF" means "see the :86: EREF"
        customer_reference = None
    bank_reference = real_value(data.get("bank_reference"))
    extra = str(data.get("extra_details") or "").strip().split("\n")[0]
    customer_iban = iban_or_none(customer_reference)
    if customer_iban:  # SNS/ASN put the counterparty's IBAN there: not a reference
        customer_reference = None
    details = parse_details(details_lines, counterparty=customer_iban)
    if details.returned:
        return None
    value_date: date = data["date"]
    booking_date: date = data.get("entry_date") or value_date
    reference = (
        details.creditor_reference
        or details.end_to_end_id
        or customer_reference
        or details.customer_reference
    )
    code = "/".join(part for part in (type_id, details.gvc) if part) or None
    return {
        "bank_reference": bank_reference,
        "booking_date": date(booking_date.year, booking_date.month, booking_date.day),
        "value_date": date(value_date.year, value_date.month, value_date.day),
        "payer_name": details.payer_name,
        "payer_iban": details.payer_iban or iban_or_none(extra) or customer_iban,
        "payer_bic": details.payer_bic,
        "end_to_end_id": details.end_to_end_id,
        "creditor_reference": details.creditor_reference,
        "reference": reference,
        "remittance_text": details.remittance_text,
        "bank_transaction_code": code,
    }
