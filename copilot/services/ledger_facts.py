"""The ledger read in bulk for the KPI, risk and forecast tools (a handful of queries)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.copilot_models import PaymentPromise
from copilot.db.models import Allocation, Customer, Deduction, Invoice, Payment
from tools.kpis.ledger import CustomerFacts, DeductionFacts, InvoiceFacts, PromiseFacts, Settlement


@dataclass(frozen=True)
class LedgerFacts:
    """Customers, invoices with dated settlements, deductions and promises."""

    customers: tuple[CustomerFacts, ...]
    invoices: tuple[InvoiceFacts, ...]
    deductions: tuple[DeductionFacts, ...]
    promises: tuple[PromiseFacts, ...]


def load_ledger_facts(session: Session) -> LedgerFacts:
    """Everything the tools read, as plain frozen records (no session needed afterwards)."""
    customers = {row.id: row for row in session.scalars(select(Customer))}
    settlements = _settlements(session)
    invoices = tuple(
        InvoiceFacts(
            number=invoice.invoice_number,
            customer_id=customers[invoice.customer_pk].customer_id,
            customer_name=customers[invoice.customer_pk].name,
            issue_date=invoice.issue_date,
            due_date=invoice.due_date,
            currency=invoice.currency,
            amount=invoice.amount,
            open_amount=invoice.open_amount,
            disputed=invoice.disputed,
            settlements=tuple(sorted(settlements.get(invoice.id, ()), key=lambda s: s.day)),
        )
        for invoice in session.scalars(select(Invoice).order_by(Invoice.invoice_number))
    )
    deductions = tuple(
        DeductionFacts(
            invoice_number=number,
            customer_id=customers[customer_pk].customer_id,
            customer_name=customers[customer_pk].name,
            day=booked,
            currency=deduction.currency,
            amount=deduction.amount,
            reason_code=deduction.reason_code,
            status=deduction.status,
        )
        for deduction, number, customer_pk, booked in session.execute(
            select(Deduction, Invoice.invoice_number, Invoice.customer_pk, Payment.booking_date)
            .join(Invoice, Invoice.id == Deduction.invoice_pk)
            .join(Payment, Payment.id == Deduction.payment_pk)
            .where(Deduction.status != "reversed")
            .order_by(Deduction.id)
        )
    )
    promises = tuple(
        PromiseFacts(
            customer_id=customers[promise.customer_pk].customer_id,
            customer_name=customers[promise.customer_pk].name,
            amount=promise.amount,
            currency=promise.currency,
            promised_date=promise.promised_date,
            made_on=promise.made_on,
            status=promise.status,
            invoice_numbers=tuple(promise.invoice_numbers or ()),
        )
        for promise in session.scalars(select(PaymentPromise).order_by(PaymentPromise.id))
    )
    return LedgerFacts(
        customers=tuple(
            CustomerFacts(
                customer_id=row.customer_id,
                name=row.name,
                segment=row.segment,
                credit_limit=row.credit_limit,
                credit_currency=row.credit_currency,
                payment_terms_days=row.payment_terms_days,
                language=row.language,
                country=row.country,
            )
            for row in sorted(customers.values(), key=lambda c: c.customer_id)
        ),
        invoices=invoices,
        deductions=deductions,
        promises=promises,
    )


def _settlements(session: Session) -> dict[int, list[Settlement]]:
    """Per invoice: cash and discount of each active allocation, and its deduction, on the booking day."""
    by_invoice: dict[int, list[Settlement]] = defaultdict(list)
    query = (
        select(
            Allocation.id,
            Allocation.invoice_pk,
            Allocation.amount,
            Allocation.discount_amount,
            Payment.booking_date,
        )
        .join(Payment, Payment.id == Allocation.payment_pk)
        .where(Allocation.reversed_at.is_(None))
    )
    deducted: dict[int, Decimal] = defaultdict(Decimal)
    for allocation_pk, amount in session.execute(
        select(Deduction.allocation_pk, Deduction.amount).where(
            Deduction.status != "reversed", Deduction.allocation_pk.is_not(None)
        )
    ):
        if allocation_pk is not None:
            deducted[allocation_pk] += amount
    for allocation_pk, invoice_pk, amount, discount, booked in session.execute(query):
        by_invoice[invoice_pk].append(
            Settlement(booked, amount + discount + deducted.get(allocation_pk, Decimal(0)))
        )
    return by_invoice
