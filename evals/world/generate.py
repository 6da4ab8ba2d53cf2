"""``generate_world``: a deterministic receivables world with the truth of every payment."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta

from evals.world import ledger as ledger_module
from evals.world.cases import Planner, add_decoys, repair
from evals.world.checks import check_world
from evals.world.ledger import Ledger, assign_numbers, family_styles, make_customers, recurring_amounts
from evals.world.model import CASE_TYPES, DEFAULT_PROPORTIONS, Truth, World
from evals.world.numbers import pick_styles
from evals.world.render import Renderer

STATEMENT_DAYS = 30  # payments are booked on the business days of the 30 days before as_of
INVOICE_DAYS = 150  # unpaid invoices are issued over the 150 days before as_of


def case_counts(proportions: Mapping[str, float], payments: int) -> dict[str, int]:
    """How many payments of each case type: ``payments`` split by ``proportions`` (largest
    remainder, ties in :data:`CASE_TYPES` order)."""
    unknown = set(proportions) - set(CASE_TYPES)
    if unknown:
        raise ValueError(f"unknown case types: {', '.join(sorted(unknown))}")
    if any(share < 0 for share in proportions.values()) or sum(proportions.values()) <= 0:
        raise ValueError("proportions must be non-negative and not all zero")
    total = sum(proportions.values())
    exact = {case: proportions.get(case, 0.0) / total * payments for case in CASE_TYPES}
    counts = {case: int(share) for case, share in exact.items()}
    order = sorted(CASE_TYPES, key=lambda case: (-(exact[case] - counts[case]), CASE_TYPES.index(case)))
    for case in order[: payments - sum(counts.values())]:
        counts[case] += 1
    return counts


def _business_days(as_of: date) -> list[date]:
    days = (as_of - timedelta(days=offset) for offset in range(STATEMENT_DAYS + 1))
    return sorted(day for day in days if day.weekday() < 5) or [as_of]


def generate_world(
    seed: int,
    *,
    as_of: date,
    customers: int = 150,
    payments: int = 600,
    proportions: Mapping[str, float] | None = None,
) -> World:
    """A realistic receivables world drawn from ``random.Random(seed)``, dated before ``as_of``.

    ``customers`` customers with unpaid invoices, and a statement of ``payments`` incoming
    payments split over the case types by ``proportions`` (default
    :data:`~evals.world.model.DEFAULT_PROPORTIONS`). The same arguments give the same world.
    """
    if customers < 12 or payments < 1:
        raise ValueError("a world needs at least 12 customers and one payment")
    shares = dict(proportions if proportions is not None else DEFAULT_PROPORTIONS)
    counts = case_counts(shares, payments)
    rng = random.Random(seed)
    used_ibans: set[str] = set()

    def fresh_iban(country: str) -> str:
        while True:
            iban = ledger_module.make_iban(country, rng)
            if iban not in used_ibans:
                used_ibans.add(iban)
                return iban

    people = make_customers(customers, rng, used_ibans)
    ledger = Ledger(people, family_styles(people, pick_styles(rng), rng), recurring_amounts(people, rng))
    _unpaid_invoices(ledger, as_of, max(customers, round(payments * 1.1)), rng)
    order = [case for case in CASE_TYPES for _ in range(counts[case])]
    rng.shuffle(order)
    planner = Planner(ledger, rng, _business_days(as_of), fresh_iban)
    plans = [planner.plan(case) for case in order]
    repair(plans, ledger, rng)
    add_decoys(plans, ledger, rng)
    assign_numbers(ledger, rng)
    renderer = Renderer(ledger, rng, fresh_iban)
    prefix = rng.choice(("", "TX", "BQ", "VIR-", "ST"))
    ids: set[str] = set()
    rendered = []
    for plan in plans:
        payment_id = f"{prefix}{plan.booking:%Y%m%d}{rng.randrange(10**5):05d}"
        while payment_id in ids:
            payment_id = f"{prefix}{plan.booking:%Y%m%d}{rng.randrange(10**5):05d}"
        ids.add(payment_id)
        rendered.append(renderer.render(plan, payment_id))
    rendered.sort(key=lambda pair: (pair[0].booking_date, pair[0].id))
    world = World(
        seed=seed,
        as_of=as_of,
        proportions=shares,
        customers=tuple(people),
        invoices=tuple(sorted((draft.record() for draft in ledger.invoices), key=lambda i: i.invoice_number)),
        payments=tuple(payment for payment, _ in rendered),
        truth=Truth(seed, as_of, {truth.payment_id: truth for _, truth in rendered}, shares),
    )
    problems = check_world(world)
    if problems:
        raise RuntimeError(f"generated world {seed} is inconsistent: {'; '.join(problems[:5])}")
    return world


def _unpaid_invoices(ledger: Ledger, as_of: date, count: int, rng: random.Random) -> None:
    """Invoices no payment of the statement settles: the distractors."""
    weights = [3 if c.segment == "key_account" else 1 for c in ledger.customers]
    while len(ledger.invoices) < count:
        customer = rng.choices(ledger.customers, weights)[0]
        issue = as_of - timedelta(days=rng.randint(1, INVOICE_DAYS))
        ledger.add_batch(customer, issue, rng.choices((1, 2, 3, 4), (14, 4, 2, 1))[0], rng)
