"""What a suggestion's page shows beyond :func:`suggestion_view`: the remittance excerpt with
the invoices that matched marked, the invoices a reviewer may allocate to, and reading the
edit form into :class:`EditedLine`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from copilot.db.models import Invoice, Payment, Remittance, Suggestion
from copilot.locales import parse_typed_amount
from copilot.services.review import ZERO, EditedLine, ReviewError
from tools.money import format_amount

CANDIDATES_SHOWN = 25
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


@dataclass(frozen=True)
class ExcerptLine:
    """One line of remittance text, cut into pieces; ``matched`` pieces name an allocated invoice."""

    pieces: tuple[tuple[str, bool], ...]
    matched: bool


def compact(text: str) -> str:
    """``FA-2026/00399`` → ``FA202600399``: invoice numbers as banks and payers mangle them."""
    return _NOT_ALNUM.sub("", text).upper()


def _names_invoice(token: str, numbers: set[str]) -> bool:
    """Whether ``token`` is an allocated invoice's number, or its last three digits or more."""
    key = compact(token)
    if key in numbers:
        return True
    return key.isdigit() and len(key) >= 3 and any(number.endswith(key) for number in numbers)


def _pieces(line: str, numbers: set[str]) -> tuple[tuple[str, bool], ...]:
    pieces: list[tuple[str, bool]] = []
    for token in re.split(r"(\s+)", line):
        matched = bool(token.strip()) and _names_invoice(token, numbers)
        if pieces and pieces[-1][1] == matched:
            pieces[-1] = (pieces[-1][0] + token, matched)
        else:
            pieces.append((token, matched))
    return tuple(pieces)


def remittance_excerpt(
    session: Session, payment: Payment, invoice_numbers: Iterable[str]
) -> list[ExcerptLine]:
    """The bank's remittance text and every linked remittance advice, one line each, with the
    allocated invoices marked."""
    numbers = {compact(number) for number in invoice_numbers}
    texts = (payment.remittance_text or "").splitlines()
    advices = session.scalars(
        select(Remittance).where(Remittance.payment_pk == payment.id).options(selectinload(Remittance.lines))
    )
    for advice in advices:
        currency = advice.currency or payment.currency
        for line in sorted(advice.lines, key=lambda line: line.position):
            amounts = [format_amount(a, currency) for a in (line.paid_amount, line.deduction_amount) if a]
            parts = [line.invoice_number or "", *amounts, line.reason_text or ""]
            texts.append("  ".join(part for part in parts if part))
    lines = []
    for text in texts:
        pieces = _pieces(text, numbers)
        lines.append(ExcerptLine(pieces, any(matched for _, matched in pieces)))
    return lines


def candidate_invoices(session: Session, suggestion: Suggestion, payment: Payment) -> list[dict[str, Any]]:
    """The invoices of the edit form: those proposed, then the customer's other open ones in the
    payment's currency, oldest due first; each with what the suggestion puts on it."""
    proposed = {line.invoice_pk: line for line in suggestion.lines}
    query = select(Invoice).where(Invoice.id.in_(proposed))
    if suggestion.customer_pk is not None:
        query = select(Invoice).where(
            (Invoice.id.in_(proposed))
            | (
                (Invoice.customer_pk == suggestion.customer_pk)
                & (Invoice.currency == payment.currency)
                & (Invoice.open_amount > ZERO)
            )
        )
    invoices = sorted(
        session.scalars(query.order_by(Invoice.due_date, Invoice.id).limit(CANDIDATES_SHOWN + len(proposed))),
        key=lambda invoice: (invoice.id not in proposed, invoice.due_date, invoice.id),
    )[: max(CANDIDATES_SHOWN, len(proposed))]
    rows = []
    for invoice in invoices:
        line = proposed.get(invoice.id)
        rows.append(
            {
                "invoice_number": invoice.invoice_number,
                "due_date": invoice.due_date.isoformat(),
                "open_amount": format_amount(invoice.open_amount, invoice.currency),
                "proposed": line is not None,
                "amount": format_amount(line.amount, invoice.currency) if line else "",
                "discount_amount": format_amount(line.discount_amount, invoice.currency)
                if line and line.discount_amount
                else "",
                "deduction_amount": format_amount(line.deduction_amount, invoice.currency)
                if line and line.deduction_amount
                else "",
                "deduction_code": (line.deduction_code or "") if line else "",
            }
        )
    return rows


def _amount(text: str, invoice_number: str) -> Decimal:
    if not text.strip():
        return ZERO
    try:
        return parse_typed_amount(text)
    except ValueError:
        raise ReviewError(f"{invoice_number}: {text!r} is not an amount") from None


def edited_lines(
    numbers: Sequence[str],
    amounts: Sequence[str],
    discounts: Sequence[str],
    deductions: Sequence[str],
    codes: Sequence[str],
) -> list[EditedLine]:
    """The form's rows (parallel lists, one entry per invoice) as allocations; rows left at zero
    are dropped, and at least one must remain."""
    if not len(numbers) == len(amounts) == len(discounts) == len(deductions) == len(codes):
        raise ReviewError("the allocation form came back incomplete; reload the page")
    lines = []
    for number, amount, discount, deduction, code in zip(
        numbers, amounts, discounts, deductions, codes, strict=True
    ):
        line = EditedLine(
            invoice_number=number,
            amount=_amount(amount, number),
            discount_amount=_amount(discount, number),
            deduction_amount=_amount(deduction, number),
            deduction_code=code.strip().upper() or None,
        )
        if line.amount or line.discount_amount or line.deduction_amount:
            lines.append(line)
    if not lines:
        raise ReviewError("allocate something to at least one invoice, or reject the suggestion")
    return lines
