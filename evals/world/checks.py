"""Internal consistency of a world: what its truth must never violate."""

from __future__ import annotations

from collections import Counter

from evals.world.model import CASE_TYPES, ZERO, World

_WHOLE = frozenset(CASE_TYPES) - {"partial", "unidentifiable"}  # cases that settle whole invoices


def _two_decimals(*amounts: object) -> bool:
    return all(getattr(amount, "as_tuple")().exponent == -2 for amount in amounts)  # noqa: B009


def check_world(world: World) -> list[str]:
    """Every inconsistency found (an empty list for a sound world)."""
    problems: list[str] = []
    invoices = {invoice.invoice_number: invoice for invoice in world.invoices}
    customers = {customer.customer_id for customer in world.customers}
    if len(invoices) != len(world.invoices):
        problems.append("duplicate invoice numbers")
    if len(customers) != len(world.customers):
        problems.append("duplicate customer ids")
    problems += [
        f"{c.customer_id}: unknown parent"
        for c in world.customers
        if c.parent_id and c.parent_id not in customers
    ]
    problems += [
        f"{i.invoice_number}: unknown customer" for i in world.invoices if i.customer_id not in customers
    ]
    problems += [
        f"{i.invoice_number}: open amount {i.open_amount} not in (0, {i.amount}]"
        for i in world.invoices
        if not ZERO < i.open_amount <= i.amount or not _two_decimals(i.amount, i.open_amount)
    ]
    payments = {payment.id: payment for payment in world.payments}
    if len(payments) != len(world.payments) or set(payments) != set(world.truth.payments):
        problems.append("payment ids are not unique or differ from the truth's")
    settled: Counter[str] = Counter()
    for truth in world.truth.payments.values():
        where = f"{truth.payment_id} ({truth.case})"
        payment = payments.get(truth.payment_id)
        if payment is None:
            continue
        if payment.amount != truth.amount or payment.currency != truth.currency or payment.amount <= 0:
            problems.append(f"{where}: amount or currency differs from the statement")
        applied = sum((allocation.amount for allocation in truth.allocations), ZERO)
        if applied + truth.unapplied_amount != truth.amount or truth.unapplied_amount < 0:
            problems.append(
                f"{where}: allocations {applied} + unapplied {truth.unapplied_amount} != {truth.amount}"
            )
        if (truth.case == "unidentifiable") == truth.matchable:
            problems.append(f"{where}: unidentifiable payments and only they settle nothing")
        for allocation in truth.allocations:
            invoice = invoices.get(allocation.invoice_number)
            if invoice is None:
                problems.append(f"{where}: unknown invoice {allocation.invoice_number}")
                continue
            settled[allocation.invoice_number] += 1
            amounts = (allocation.amount, allocation.discount_amount, allocation.deduction_amount)
            if invoice.currency != truth.currency:
                problems.append(f"{where}: {invoice.invoice_number} is in {invoice.currency}")
            if allocation.amount <= 0 or min(amounts) < 0 or not _two_decimals(*amounts):
                problems.append(f"{where}: bad amounts on {invoice.invoice_number}")
            if allocation.settled > invoice.open_amount:
                problems.append(f"{where}: settles more than {invoice.invoice_number} has open")
            if truth.case in _WHOLE and allocation.settled != invoice.open_amount:
                problems.append(f"{where}: leaves {invoice.invoice_number} partly open")
            if (allocation.deduction_amount > 0) != (allocation.deduction_code is not None):
                problems.append(f"{where}: deduction code without deduction, or the reverse")
    problems += [f"{number}: settled by {count} payments" for number, count in settled.items() if count > 1]
    return problems
