"""Streaming writer of ISO 20022 camt.053.001.08 bank-to-customer statements.

One ``Stmt`` with the account's IBAN, ``OPBD``/``CLBD`` balances, a transactions summary and
one booked ``Ntry`` per payment (or per :class:`~copilot.demo.statement_specs.PaymentBatch`,
one ``Ntry`` holding several ``TxDtls``). The payment's ``id`` is the ``AcctSvcrRef`` of the
entry and of its transaction. The balances precede the entries, so the entries are first
streamed to a temporary file while the totals are counted, then copied after the header:
memory stays flat whatever the number of payments. Each ``Ntry`` subtree is built and
escaped by lxml and serialised on its own (in the default namespace the document declares).
``Ustrd`` elements hold at most 140 characters: longer remittance texts are cut at spaces,
and readers join them with one space.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from lxml import etree

from copilot.demo.statement_specs import EntryCounter, PaymentBatch, StatementTotals, check_length
from ingest.records import BankPayment
from tools.money import format_amount, normalise_currency, quantise

CAMT053_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
DEFAULT_BANK_TRANSACTION_CODE = "PMNT/RCDT/ESCT"
_USTRD_LENGTH = 140

Element = etree._Element


def _sub(parent: Element, tag: str, text: str | None = None, **attributes: str) -> Element:
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _path(parent: Element, tags: str, text: str) -> Element:
    """Create the chain ``tags`` (``"A/B/C"``) under ``parent`` with ``text`` in the last."""
    element = parent
    for tag in tags.split("/"):
        element = _sub(element, tag)
    element.text = text
    return element


def _serialise(element: Element) -> bytes:
    return etree.tostring(element, encoding="utf-8", xml_declaration=False, pretty_print=True)


def _amount(parent: Element, tag: str, amount: Decimal, currency: str) -> None:
    _sub(parent, tag, format_amount(amount, currency), Ccy=currency)


def _balance(code: str, amount: Decimal, currency: str, day: date) -> Element:
    balance = etree.Element("Bal")
    _path(balance, "Tp/CdOrPrtry/Cd", code)
    _amount(balance, "Amt", abs(amount), currency)
    _sub(balance, "CdtDbtInd", "CRDT" if amount >= 0 else "DBIT")
    _path(balance, "Dt/Dt", day.isoformat())
    return balance


def _bank_transaction_code(parent: Element, code: str | None) -> None:
    """``PMNT/RCDT/ESCT`` as ``Domn``; any other code as ``Prtry/Cd``."""
    parts = (code or DEFAULT_BANK_TRANSACTION_CODE).split("/")
    codes = _sub(parent, "BkTxCd")
    if len(parts) == 3 and all(parts):
        domain = _sub(codes, "Domn")
        _sub(domain, "Cd", parts[0])
        family = _sub(domain, "Fmly")
        _sub(family, "Cd", parts[1])
        _sub(family, "SubFmlyCd", parts[2])
    else:
        _path(codes, "Prtry/Cd", code or "")


def split_unstructured(text: str) -> list[str]:
    """Cut a remittance text into ``Ustrd`` pieces of at most 140 characters, at spaces."""
    words = text.split()
    pieces: list[str] = []
    current = ""
    for word in words:
        while len(word) > _USTRD_LENGTH:  # no space to cut at: cut the word itself
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:_USTRD_LENGTH])
            word = word[_USTRD_LENGTH:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) > _USTRD_LENGTH:
            pieces.append(current)
            candidate = word
        current = candidate
    return [*pieces, current] if current else pieces


def _transaction(payment: BankPayment) -> Element:
    tx = etree.Element("TxDtls")
    refs = _sub(tx, "Refs")
    _sub(refs, "AcctSvcrRef", check_length(payment.id, 35, "payment id"))
    _sub(refs, "EndToEndId", check_length(payment.end_to_end_id or "NOTPROVIDED", 35, "end-to-end id"))
    _amount(tx, "Amt", payment.amount, payment.currency)
    _sub(tx, "CdtDbtInd", "CRDT")
    if payment.payer_name or payment.payer_iban:
        parties = _sub(tx, "RltdPties")
        if payment.payer_name:
            _path(parties, "Dbtr/Pty/Nm", check_length(payment.payer_name, 140, "payer name"))
        if payment.payer_iban:
            _path(parties, "DbtrAcct/Id/IBAN", payment.payer_iban)
    if payment.payer_bic:
        _path(tx, "RltdAgts/DbtrAgt/FinInstnId/BICFI", payment.payer_bic)
    if payment.remittance_text or payment.creditor_reference:
        remittance = _sub(tx, "RmtInf")
        for piece in split_unstructured(payment.remittance_text or ""):
            _sub(remittance, "Ustrd", piece)
        if payment.creditor_reference:
            reference = _sub(_sub(remittance, "Strd"), "CdtrRefInf")
            if payment.creditor_reference.startswith("RF"):  # ISO 11649 structured reference
                kind = _sub(reference, "Tp")
                _path(kind, "CdOrPrtry/Cd", "SCOR")
                _sub(kind, "Issr", "ISO")
            _sub(reference, "Ref", check_length(payment.creditor_reference, 35, "creditor reference"))
    return tx


def _entry(reference: str, payments: Sequence[BankPayment], batch: bool) -> Element:
    first = payments[0]
    entry = etree.Element("Ntry")
    total = sum((payment.amount for payment in payments), Decimal(0))
    _amount(entry, "Amt", total, first.currency)
    _sub(entry, "CdtDbtInd", "CRDT")
    _path(entry, "Sts/Cd", "BOOK")
    _path(entry, "BookgDt/Dt", first.booking_date.isoformat())
    if first.value_date is not None:
        _path(entry, "ValDt/Dt", first.value_date.isoformat())
    _sub(entry, "AcctSvcrRef", check_length(reference, 35, "entry reference"))
    _bank_transaction_code(entry, first.bank_transaction_code)
    details = _sub(entry, "NtryDtls")
    if batch:
        summary = _sub(details, "Btch")
        _sub(summary, "NbOfTxs", str(len(payments)))
        _amount(summary, "TtlAmt", total, first.currency)
        _sub(summary, "CdtDbtInd", "CRDT")
    for payment in payments:
        details.append(_transaction(payment))
    return entry


def _statement_head(
    counter: EntryCounter,
    *,
    account_iban: str,
    statement_id: str,
    created: datetime,
    opening_balance: Decimal,
) -> list[Element]:
    currency = counter.currency
    first = counter.first_date or created.date()
    last = counter.last_date or created.date()
    identifier = etree.Element("Id")
    identifier.text = statement_id
    timestamp = etree.Element("CreDtTm")
    timestamp.text = created.isoformat(timespec="seconds")
    period = etree.Element("FrToDt")
    _sub(period, "FrDtTm", f"{first.isoformat()}T00:00:00")
    _sub(period, "ToDtTm", f"{last.isoformat()}T23:59:59")
    account = etree.Element("Acct")
    _path(account, "Id/IBAN", account_iban)
    _sub(account, "Ccy", currency)
    summary = etree.Element("TxsSummry")
    entries = _sub(summary, "TtlNtries")
    _sub(entries, "NbOfNtries", str(counter.entries))
    _sub(entries, "Sum", format_amount(counter.total, currency))
    net = _sub(entries, "TtlNetNtry")
    _sub(net, "Amt", format_amount(counter.total, currency))
    _sub(net, "CdtDbtInd", "CRDT")
    credits = _sub(summary, "TtlCdtNtries")
    _sub(credits, "NbOfNtries", str(counter.entries))
    _sub(credits, "Sum", format_amount(counter.total, currency))
    return [
        identifier,
        timestamp,
        period,
        account,
        _balance("OPBD", opening_balance, currency, first),
        _balance("CLBD", opening_balance + counter.total, currency, last),
        summary,
    ]


def write_camt053(
    path: Path,
    payments: Iterable[BankPayment | PaymentBatch],
    *,
    account_iban: str,
    currency: str,
    statement_id: str,
    created: datetime,
    opening_balance: Decimal,
) -> StatementTotals:
    """Write a camt.053.001.08 statement of booked credits to ``path``, streaming.

    ``created`` must be timezone-aware (it is the message's ``CreDtTm``); ``statement_id``
    is both ``MsgId`` and ``Stmt/Id``. With no payment, the balances are dated ``created``.
    """
    currency = normalise_currency(currency)
    opening_balance = quantise(opening_balance, currency)
    if created.tzinfo is None:
        raise ValueError("created must be timezone-aware")
    check_length(statement_id, 35, "statement id")
    counter = EntryCounter(currency)
    with tempfile.TemporaryFile() as spool:
        for item in payments:
            batch = isinstance(item, PaymentBatch)
            group = item.payments if isinstance(item, PaymentBatch) else (item,)
            counter.count(group)
            spool.write(_serialise(_entry(item.id, group, batch)))
        spool.seek(0)
        header = etree.Element("GrpHdr")
        _sub(header, "MsgId", statement_id)
        _sub(header, "CreDtTm", created.isoformat(timespec="seconds"))
        with path.open("wb") as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
            out.write(f'<Document xmlns="{CAMT053_NAMESPACE}">\n<BkToCstmrStmt>\n'.encode())
            out.write(_serialise(header) + b"<Stmt>\n")
            head = _statement_head(
                counter,
                account_iban=account_iban,
                statement_id=statement_id,
                created=created,
                opening_balance=opening_balance,
            )
            for element in head:
                out.write(_serialise(element))
            shutil.copyfileobj(spool, out)
            out.write(b"</Stmt>\n</BkToCstmrStmt>\n</Document>\n")
    return counter.totals(opening_balance)
