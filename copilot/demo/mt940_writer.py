"""Streaming writer of SWIFT MT940 customer statements.

``:20: :25: :28C: :60F:``, then per payment a ``:61:`` line (value date, booking date,
``C``, amount with a decimal comma, ``NTRF``, the payer's end-to-end id as customer
reference, ``//`` and the payment id as bank reference, which SWIFT caps at 16 characters)
and a ``:86:`` in the structured form ``/EREF/…/ORDP//NAME/…/IBAN/…/BIC/…/REMI/USTD//…``
(``/REMI/STRD/CUR/<ref>`` for a creditor reference without text: SEPA allows one or the
other), then ``:62F:``. ``:86:`` holds at most six lines of 65 characters, which readers join
without separator: the remittance text is truncated to fit. A continuation line never
starts with ``:`` or ``-`` (tag and end-of-message marks) nor starts or ends with a space.
Lines end with CRLF; the encoding is a parameter (``cp1252`` for older bank software). The
opening balance precedes the entries, so they are streamed to a temporary file first. The
structured form has no escape: a value holding ``/TAG/`` itself would read back cut there.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO

from copilot.demo.statement_specs import EntryCounter, StatementTotals, check_length
from ingest.records import BankPayment
from tools.money import format_amount, normalise_currency, quantise

_MT940_LINE = 65
_MT940_86_LINES = 6
_MT940_REFERENCE = 16


def _mt940_amount(amount: Decimal, currency: str) -> str:
    text = format_amount(amount, currency).replace(".", ",")
    return text if "," in text else text + ","


def _mt940_balance(tag: str, amount: Decimal, currency: str, day: date) -> str:
    mark = "C" if amount >= 0 else "D"
    return f":{tag}:{mark}{day:%y%m%d}{currency}{_mt940_amount(abs(amount), currency)}"


def wrap_mt940_field(body: str) -> list[str]:
    """Cut ``body`` into lines of at most 65 characters that read back joined without separator.

    A line never starts with ``:`` or ``-`` and never starts or ends with a space (banks'
    software strips them), so a cut moves left when needed.
    """
    lines: list[str] = []
    rest = body
    while rest:
        cut = min(_MT940_LINE, len(rest))
        while 1 < cut < len(rest) and (rest[cut] in ":- " or rest[cut - 1] == " "):
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines


def _mt940_details(payment: BankPayment) -> list[str]:
    """The ``:86:`` lines: structured fields, remittance text truncated to six lines."""
    prefix = f"/EREF/{payment.end_to_end_id or 'NOTPROVIDED'}"
    fields = (("NAME", payment.payer_name), ("IBAN", payment.payer_iban), ("BIC", payment.payer_bic))
    party = "".join(f"/{key}/{value}" for key, value in fields if value)
    prefix += f"/ORDP/{party}" if party else ""
    if payment.remittance_text:
        prefix += "/REMI/USTD//"
        text = " ".join(payment.remittance_text.split())[: _MT940_LINE * _MT940_86_LINES - len(prefix)]
    elif payment.creditor_reference:
        prefix, text = prefix + "/REMI/STRD/CUR/" + payment.creditor_reference, ""
    else:
        text = ""
    lines = wrap_mt940_field(prefix + text)
    while len(lines) > _MT940_86_LINES and text:
        text = text[:-1].rstrip()
        lines = wrap_mt940_field(prefix + text)
    if len(lines) > _MT940_86_LINES:
        raise ValueError(f"payment {payment.id}: :86: fields exceed {_MT940_86_LINES} lines")
    return lines


def _mt940_transaction(payment: BankPayment) -> list[str]:
    bank_reference = check_length(payment.id, _MT940_REFERENCE, "payment id (MT940 bank reference)")
    customer_reference = (payment.end_to_end_id or "NONREF")[:_MT940_REFERENCE]
    if "//" in customer_reference or not customer_reference.strip():
        customer_reference = "NONREF"
    value_date = payment.value_date or payment.booking_date
    statement_line = (
        f":61:{value_date:%y%m%d}{payment.booking_date:%m%d}C"
        f"{_mt940_amount(payment.amount, payment.currency)}NTRF{customer_reference}//{bank_reference}"
    )
    details = _mt940_details(payment)
    return [statement_line, ":86:" + details[0], *details[1:]]


def _write_lines(handle: IO[bytes], lines: Iterable[str], encoding: str) -> None:
    handle.write("".join(line + "\r\n" for line in lines).encode(encoding))


def write_mt940(
    path: Path,
    payments: Iterable[BankPayment],
    *,
    account: str,
    currency: str,
    statement_number: int,
    opening_balance: Decimal,
    encoding: str = "utf-8",
) -> StatementTotals:
    """Write a SWIFT MT940 statement of credits to ``path``, streaming.

    The opening balance is dated on the first booking date and the closing balance on the
    last, so at least one payment is required. A character the ``encoding`` cannot hold
    raises ``UnicodeEncodeError`` rather than being replaced.
    """
    currency = normalise_currency(currency)
    opening_balance = quantise(opening_balance, currency)
    counter = EntryCounter(currency)
    with tempfile.TemporaryFile() as spool:
        for payment in payments:
            counter.count((payment,))
            _write_lines(spool, _mt940_transaction(payment), encoding)
        if counter.first_date is None or counter.last_date is None:
            raise ValueError("an MT940 statement needs at least one payment to date its balances")
        spool.seek(0)
        with path.open("wb") as out:
            head = [
                f":20:STMT{statement_number}"[: 4 + _MT940_REFERENCE],
                f":25:{account}",
                f":28C:{statement_number}/1",
                _mt940_balance("60F", opening_balance, currency, counter.first_date),
            ]
            _write_lines(out, head, encoding)
            shutil.copyfileobj(spool, out)
            closing = opening_balance + counter.total
            _write_lines(out, [_mt940_balance("62F", closing, currency, counter.last_date)], encoding)
    return counter.totals(opening_balance)
