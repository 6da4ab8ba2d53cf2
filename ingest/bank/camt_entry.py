"""One camt ``Ntry`` (bank entry) turned into the incoming payments it holds.

Shared by the camt.052, camt.053 and camt.054 readers (``ingest/bank/camt.py``). Paths are
local names without namespace (see ``camt_fields.py``), so one code path serves every message
version (001.01 to 001.NN), including the v8+ ``Dbtr/Pty/Nm`` and ``<Sts><Cd>BOOK</Cd></Sts>``
shapes and v1's ``TxDtls`` directly under ``Ntry``.

Rules (see ``camt.py`` for which statuses each reader keeps):

- only ``CdtDbtInd`` CRDT entries that are not reversals (``RvslInd`` true) are payments;
- an entry with several ``TxDtls`` (a batch booking) gives one payment per ``TxDtls``, each
  with its own amount (``TxDtls/Amt``, else ``AmtDtls/TxAmt/Amt``, in the entry's currency);
  an entry with one ``TxDtls`` or none is one payment for the entry amount;
- a zero amount is not a payment (skipped); amounts are exact (``18.150`` EUR is 18.15,
  ``18.155`` EUR raises);
- ``id`` is the transaction's ``Refs/AcctSvcrRef``, else the entry's ``AcctSvcrRef``, else
  its ``NtryRef`` (suffixed ``/n`` for the n-th transaction of a batch when the reference is
  not the transaction's own, or when two transactions of one batch share it), else a
  fallback built from account, booking date, amount, currency and position in the file; an
  id already given in the file for the same account (two entries with one bank reference)
  gets ``@<position>``;
- ``booking_date`` is ``BookgDt/Dt`` (or the date part of ``BookgDt/DtTm`` as written),
  else ``ValDt`` (pending entries may have no booking date yet);
- ``remittance_text`` joins the ``Ustrd`` lines and ``Strd/AddtlRmtInf``; without ``Ustrd``
  it falls back to ``AddtlTxInf``, then (not for a batch, where it describes the whole
  batch) ``AddtlNtryInf``. ``reference`` is the creditor reference, else the end-to-end id
  (``NOTPROVIDED`` is no id);
- ``bank_reference`` identifies the transaction for deduplication: the entry's
  ``AcctSvcrRef`` for a single-transaction entry; in a batch only a transaction's own,
  unshared ``AcctSvcrRef``, and the entry's goes to ``entry_reference`` (the batch total a
  statement may show instead of the transactions, see ``copilot/services/batches.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import ValidationError

from ingest.bank.camt_fields import Element, Fields
from ingest.reader import ReaderError
from ingest.records import BankPayment, DocumentFormat
from tools.money import format_amount

_AMOUNT = re.compile(r"^\d+(?:\.\d+)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_NOT_PROVIDED = {"NOTPROVIDED", "NOT PROVIDED", "NONREF"}
_STATUS_ALIASES = {"BOOKED": "BOOK", "PENDING": "PDNG", "INFORMATION": "INFO", "FUTURE": "FUTR"}
_PAYER_NAME = (
    "RltdPties/Dbtr/Nm",
    "RltdPties/Dbtr/Pty/Nm",
    "RltdPties/UltmtDbtr/Nm",
    "RltdPties/UltmtDbtr/Pty/Nm",
)
_PAYER_ACCOUNT = ("RltdPties/DbtrAcct/Id/IBAN", "RltdPties/DbtrAcct/Id/Othr/Id")
_PAYER_BIC = ("RltdAgts/DbtrAgt/FinInstnId/BIC", "RltdAgts/DbtrAgt/FinInstnId/BICFI")
_CREDITOR_REFERENCE = ("RmtInf/Strd/CdtrRefInf/Ref", "RmtInf/Strd/CdtrRefInf/CdtrRef")


@dataclass(frozen=True, slots=True)
class EntryContext:
    """Where an entry sits: the reader's format, the statement's account and its position."""

    format: DocumentFormat
    statuses: frozenset[str]
    account: str | None
    container: str
    statement_no: int
    entry_no: int

    @property
    def locator(self) -> str:
        """``"Stmt 1, Ntry 3"`` (``Rpt``/``Ntfctn`` for camt.052/054)."""
        return f"{self.container} {self.statement_no}, Ntry {self.entry_no}"

    def position(self, transaction_no: int | None) -> str:
        """``"1.3"`` (statement 1, entry 3) or ``"1.3.2"`` for a batch's second transaction."""
        return f"{self.statement_no}.{self.entry_no}" + (f".{transaction_no}" if transaction_no else "")

    def error(self, message: str, transaction_no: int | None = None) -> ReaderError:
        """A :class:`ReaderError` saying format, entry (and transaction) and what is wrong."""
        where = self.locator + (f", TxDtls {transaction_no}" if transaction_no else "")
        return ReaderError(f"{self.format}: {where}: {message}")


@dataclass(frozen=True, slots=True)
class _Amount:
    value: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class _Part:
    """One payment-to-be of an entry: its ``TxDtls`` fields, amount and batch position."""

    tx: Fields
    amount: _Amount
    tx_no: int | None


def account_id(account: Element) -> str | None:
    """The account number of a statement's ``Acct``: IBAN, else other or proprietary id."""
    return Fields(account).text("Id/IBAN", "Id/Othr/Id", "Id/PrtryAcct/Id")


def _amount(element: Element | None, context: EntryContext, tx_no: int | None = None) -> _Amount | None:
    if element is None:
        return None
    raw = (element.text or "").strip()
    if not _AMOUNT.match(raw):
        raise context.error(f"invalid Amt {raw!r}", tx_no)
    currency = (element.get("Ccy") or "").strip()
    if not currency:
        raise context.error("Amt without Ccy", tx_no)
    return _Amount(Decimal(raw), currency.upper())


def _date(entry: Fields, path: str, context: EntryContext) -> date | None:
    raw = entry.text(f"{path}/Dt", f"{path}/DtTm")
    if raw is None:
        return None
    match = _ISO_DATE.match(raw)
    try:
        if match is None:
            raise ValueError(raw)
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise context.error(f"invalid date {raw!r} in {path}") from None


def _status(entry: Fields) -> str | None:
    status = entry.text("Sts/Cd", "Sts/Prtry", "Sts")
    return None if status is None else _STATUS_ALIASES.get(status.upper(), status.upper())


def _bank_transaction_code(fields: Fields) -> str | None:
    parts = [fields.text(f"BkTxCd/Domn/{part}") for part in ("Cd", "Fmly/Cd", "Fmly/SubFmlyCd")]
    if all(parts):
        return "/".join(part for part in parts if part)
    return fields.text("BkTxCd/Prtry/Cd")


def _remittance_text(entry: Fields, tx: Fields, batch: bool) -> str | None:
    unstructured = tx.texts("RmtInf/Ustrd")
    parts = unstructured + tx.texts("RmtInf/Strd/AddtlRmtInf")
    if not unstructured:
        # A batch's AddtlNtryInf describes the whole batch, not this transaction.
        fallback = tx.text("AddtlTxInf") or (None if batch else entry.text("AddtlNtryInf"))
        parts += [fallback] if fallback else []
    return " ".join(parts) or None


def _end_to_end_id(tx: Fields) -> str | None:
    value = tx.text("Refs/EndToEndId")
    return None if value is None or value.upper() in _NOT_PROVIDED else value


def entry_payments(element: Element, context: EntryContext, seen_ids: set[str]) -> list[BankPayment]:
    """The incoming payments of one ``Ntry`` (empty for debits, reversals, other statuses).

    ``seen_ids`` holds the ids already given in this file for the entry's account; an id met
    again (two entries carrying one bank reference) gets ``@<position>`` appended, so no
    payment hides another.
    """
    entry = Fields(element, stop=frozenset({"TxDtls"}))
    amount = _amount(entry.element("Amt"), context)
    if amount is None:
        raise context.error("missing Amt")
    direction = entry.text("CdtDbtInd")
    if direction not in ("CRDT", "DBIT"):
        raise context.error(f"CdtDbtInd must be CRDT or DBIT, got {direction!r}")
    status = _status(entry)
    if status is None:
        raise context.error("missing Sts")
    reversal = (entry.text("RvslInd") or "false").lower() in ("true", "1")
    if direction != "CRDT" or reversal or status not in context.statuses:
        return []
    transactions = [Fields(tx) for tx in entry.elements("NtryDtls/TxDtls") + entry.elements("TxDtls")]
    if len(transactions) <= 1:
        parts = [_Part(transactions[0] if transactions else Fields(None), amount, None)]
    else:
        parts = [
            _Part(tx, _batch_amount(tx, amount.currency, context, tx_no), tx_no)
            for tx_no, tx in enumerate(transactions, start=1)
            if tx.text("CdtDbtInd") != "DBIT"
        ]
    return _payments(entry, parts, context, seen_ids)


def _batch_amount(tx: Fields, currency: str, context: EntryContext, tx_no: int) -> _Amount:
    found = [_amount(tx.element(path), context, tx_no) for path in ("Amt", "AmtDtls/TxAmt/Amt")]
    candidates = [candidate for candidate in found if candidate is not None]
    if not candidates:
        raise context.error("missing Amt (TxDtls/Amt or AmtDtls/TxAmt/Amt) in a batch entry", tx_no)
    for candidate in candidates:
        if candidate.currency == currency:
            return candidate
    raise context.error(f"Amt in {candidates[0].currency}, the entry is in {currency}", tx_no)


def _payments(
    entry: Fields, parts: list[_Part], context: EntryContext, seen_ids: set[str]
) -> list[BankPayment]:
    value_date = _date(entry, "ValDt", context)
    booking_date = _date(entry, "BookgDt", context) or value_date
    if booking_date is None:
        raise context.error("missing BookgDt (and ValDt)")
    entry_ref = entry.text("AcctSvcrRef")
    own_refs = Counter(part.tx.text("Refs/AcctSvcrRef") for part in parts)
    payments = []
    for part in parts:
        if part.amount.value == 0:
            continue
        tx, tx_no = part.tx, part.tx_no
        own_ref = tx.text("Refs/AcctSvcrRef")
        payment_id = _payment_id(entry, part, own_ref, own_refs[own_ref] > 1, booking_date, context)
        if payment_id in seen_ids:
            payment_id += f"@{context.position(tx_no)}"
        seen_ids.add(payment_id)
        creditor_reference = tx.text(*_CREDITOR_REFERENCE)
        end_to_end_id = _end_to_end_id(tx)
        fields = {
            "id": payment_id,
            "account": context.account,
            "booking_date": booking_date,
            "value_date": value_date,
            "amount": part.amount.value,
            "currency": part.amount.currency,
            "payer_name": tx.text(*_PAYER_NAME),
            "payer_iban": tx.text(*_PAYER_ACCOUNT),
            "payer_bic": tx.text(*_PAYER_BIC),
            "end_to_end_id": end_to_end_id,
            "creditor_reference": creditor_reference,
            "reference": creditor_reference or end_to_end_id,
            "remittance_text": _remittance_text(entry, tx, tx_no is not None),
            "bank_transaction_code": _bank_transaction_code(tx) or _bank_transaction_code(entry),
            "bank_reference": _transaction_reference(own_ref, own_refs, entry_ref, batch=tx_no is not None),
            "entry_reference": entry_ref if tx_no else None,
            "locator": context.locator + (f", TxDtls {tx_no}" if tx_no else ""),
        }
        try:
            payments.append(BankPayment.model_validate(fields))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = first["loc"][0] if first["loc"] else "payment"
            raise context.error(f"{field}: {first['msg']}", tx_no) from None
    return payments


def _transaction_reference(
    own_ref: str | None, own_refs: Counter[str | None], entry_ref: str | None, *, batch: bool
) -> str | None:
    """The bank's reference of this one transaction: its own ``AcctSvcrRef`` when no other
    transaction of the batch shares it; for a single-transaction entry, the entry's."""
    if not batch:
        return own_ref or entry_ref
    return own_ref if own_refs[own_ref] == 1 else None


def _payment_id(
    entry: Fields, part: _Part, own_ref: str | None, shared: bool, booking_date: date, context: EntryContext
) -> str:
    suffix = f"/{part.tx_no}" if part.tx_no else ""
    if own_ref is not None:
        return own_ref + (suffix if shared else "")
    base_ref = entry.text("AcctSvcrRef", "NtryRef")
    if base_ref is not None:
        return base_ref + suffix
    amount = part.amount
    fallback = [
        context.account or "-",
        booking_date.isoformat(),
        format_amount(amount.value, amount.currency),
    ]
    return ":".join([*fallback, amount.currency, context.position(part.tx_no)])
