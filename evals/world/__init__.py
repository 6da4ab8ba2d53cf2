"""A generator of receivables worlds with ground truth, for cash-application evals.

    world = generate_world(7, as_of=date(2026, 10, 31))
    files = write_world(world, Path("out/seed-7"))  # customers.csv, invoices.csv, statement.csv, truth.json

Every payment has a case type (:data:`CASE_TYPES`, in :data:`DEFAULT_PROPORTIONS`) and a
truth: the customer and the allocations (cash, discount, deduction and code per invoice)
that settle it, and what stays unapplied. The generator is independent of the demo company
in ``copilot/demo`` (its own names, numbering styles, texts and habits).
"""

from evals.world.checks import check_world
from evals.world.files import WorldFiles, load_truth, write_world
from evals.world.generate import case_counts, generate_world
from evals.world.model import (
    CASE_TYPES,
    DEFAULT_PROPORTIONS,
    EASY_CASES,
    PaymentTruth,
    Truth,
    TruthAllocation,
    World,
    WorldCustomer,
    WorldInvoice,
    WorldPayment,
)

__all__ = [
    "CASE_TYPES",
    "DEFAULT_PROPORTIONS",
    "EASY_CASES",
    "PaymentTruth",
    "Truth",
    "TruthAllocation",
    "World",
    "WorldCustomer",
    "WorldFiles",
    "WorldInvoice",
    "WorldPayment",
    "case_counts",
    "check_world",
    "generate_world",
    "load_truth",
    "write_world",
]
