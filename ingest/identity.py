"""When two bank records are the same transaction.

A transaction can reach us several times: a camt.054 notification then the day's camt.053,
an overlapping re-export, the same day in MT940 and CSV. The rules, strongest first:

1. **Bank reference.** Same account (or an account unknown on one side) and the same bank
   reference (camt ``AcctSvcrRef``, MT940 bank reference, BAI2 bank reference, CSV ``id``),
   with the same currency and amount, booked within three days.
2. **End-to-end id.** Same end-to-end id, currency and amount, booked within three days;
   end-to-end ids are chosen by payers and are not unique on their own.
3. **Fingerprint** (only between different files: two identical lines in one statement are
   two payments). Same currency, amount and booking or value date, a compatible account, and
   no contradiction between what both sides know — payer IBAN, payer name, reference and
   remittance text, compared after normalisation and allowing one side to be a truncation of
   the other — with at least one of them positively equal.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Protocol

_PLACEHOLDER_REFS = {"", "NONREF", "NOTPROVIDED", "NOREF", "NONE", "N/A"}
DATE_WINDOW_DAYS = 3
"""How far apart two reports of one transaction may be booked (a notification, then the statement)."""


class TransactionView(Protocol):
    """What the rules need to know of a payment, stored or freshly read."""

    @property
    def booking_date(self) -> date: ...
    @property
    def value_date(self) -> date | None: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def currency(self) -> str: ...
    @property
    def payer_name(self) -> str | None: ...
    @property
    def payer_iban(self) -> str | None: ...
    @property
    def end_to_end_id(self) -> str | None: ...
    @property
    def reference(self) -> str | None: ...
    @property
    def remittance_text(self) -> str | None: ...
    @property
    def bank_reference(self) -> str | None: ...


def normalise_token(text: str | None) -> str:
    """Upper-case letters and digits only, accents removed (``"Dupont S.A.S."`` → ``"DUPONTSAS"``)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^A-Z0-9]", "", decomposed.encode("ascii", "ignore").decode().upper())


def real_reference(reference: str | None) -> str | None:
    """A reference worth comparing, or ``None`` for blanks and placeholders like NONREF."""
    if reference is None:
        return None
    cleaned = reference.strip()
    return None if cleaned.upper() in _PLACEHOLDER_REFS else cleaned


def accounts_compatible(left: str | None, right: str | None) -> bool:
    """Same account, or an account unknown on one side."""
    return not left or not right or normalise_token(left) == normalise_token(right)


def _same_money(left: TransactionView, right: TransactionView) -> bool:
    return left.currency == right.currency and left.amount == right.amount


def _close_dates(left: TransactionView, right: TransactionView) -> bool:
    return abs((left.booking_date - right.booking_date).days) <= DATE_WINDOW_DAYS


def _texts(left: str | None, right: str | None) -> bool | None:
    """``None`` when one side is unknown, else whether they agree (truncation allowed)."""
    a, b = normalise_token(left), normalise_token(right)
    if not a or not b:
        return None
    return a.startswith(b) or b.startswith(a)


def same_by_reference(left: TransactionView, right: TransactionView) -> bool:
    """Rule 1: the bank's own reference (accounts already checked compatible)."""
    a, b = real_reference(left.bank_reference), real_reference(right.bank_reference)
    return a is not None and a == b and _same_money(left, right) and _close_dates(left, right)


def same_by_end_to_end(left: TransactionView, right: TransactionView) -> bool:
    """Rule 2: the payer's end-to-end id, amount, and booking dates close together."""
    a, b = real_reference(left.end_to_end_id), real_reference(right.end_to_end_id)
    return a is not None and a == b and _same_money(left, right) and _close_dates(left, right)


def same_by_fingerprint(left: TransactionView, right: TransactionView) -> bool:
    """Rule 3: same money and day, nothing contradicting, something positively equal."""
    if not _same_money(left, right):
        return False
    same_day = left.booking_date == right.booking_date or (
        left.value_date is not None and left.value_date == right.value_date
    )
    if not same_day:
        return False
    verdicts = [
        _texts(left.payer_iban, right.payer_iban),
        _texts(left.payer_name, right.payer_name),
        _texts(real_reference(left.reference), real_reference(right.reference)),
        _texts(left.remittance_text, right.remittance_text),
    ]
    known = [verdict for verdict in verdicts if verdict is not None]
    return bool(known) and all(known)


def match_rule(left: TransactionView, right: TransactionView, *, same_document: bool) -> str | None:
    """The name of the first rule saying both are one transaction, or ``None``."""
    if same_by_reference(left, right):
        return "bank_reference"
    if same_document:
        return None
    if same_by_end_to_end(left, right):
        return "end_to_end_id"
    if same_by_fingerprint(left, right):
        return "fingerprint"
    return None
