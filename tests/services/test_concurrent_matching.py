"""Two ``match`` processes at once on the same database: every payment applied at most once,
every invoice balance exact, nothing allocated beyond an open amount."""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import Engine, select

from copilot.db.engine import make_engine, transaction
from copilot.db.models import Allocation, Deduction, Invoice, Payment
from copilot.services.matching import run_matching
from tests.services.cash_world import SURE, seed_customers, seed_invoice, seed_payment
from tools.matching import MatchPolicy

CUSTOMERS = 60


def _match_in_a_process(url: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    engine = make_engine(url)
    barrier.wait()
    run_matching(engine, MatchPolicy(calibration=SURE), chunk_size=7)
    engine.dispose()


def test_two_match_processes_apply_each_payment_once_and_keep_balances_exact(engine: Engine) -> None:
    seed_customers(engine, CUSTOMERS)
    for number in range(1, CUSTOMERS + 1):
        seed_invoice(engine, f"FA-2026-{number:05d}", f"C{number:04d}", f"{100 + number}.50")
    for copy in ("a", "b"):  # every invoice paid twice (a customer's duplicate transfer)
        for number in range(1, CUSTOMERS + 1):
            iban = f"FR76300040000{number:014d}"
            seed_payment(engine, f"P{number}{copy}", f"{100 + number}.50", f"FA-2026-{number:05d}", iban=iban)
    url = engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [context.Process(target=_match_in_a_process, args=(url, barrier)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
        assert worker.exitcode == 0

    with transaction(engine) as session:
        settled: dict[int, Decimal] = defaultdict(Decimal)
        for allocation in session.scalars(select(Allocation).where(Allocation.reversed_at.is_(None))):
            settled[allocation.invoice_pk] += allocation.amount + allocation.discount_amount
        for deduction in session.scalars(select(Deduction)):
            settled[deduction.invoice_pk] += deduction.amount
        for invoice in session.scalars(select(Invoice)):
            assert invoice.open_amount >= 0
            assert invoice.open_amount + settled[invoice.id] == invoice.amount, invoice.invoice_number
            assert invoice.open_amount == 0 and invoice.status == "paid"  # each invoice applied exactly once
        applied = session.scalars(select(Payment.bank_id).where(Payment.status == "applied")).all()
        assert len(applied) == CUSTOMERS
        per_payment = defaultdict(int)
        for allocation in session.scalars(select(Allocation)):
            per_payment[allocation.payment_pk] += 1
        assert set(per_payment.values()) == {1}
        statuses = set(session.scalars(select(Payment.status)))
        assert statuses <= {"applied", "queued", "unmatched"} and "unapplied" not in statuses
