"""The aged balance (*balance âgée*): open receivables per customer, by days past due.

An invoice falls in a bucket by its days past due on ``as_of`` (``as_of − due_date``):
``current`` when not yet due (due on ``as_of`` or later), then one bucket per range of days
late. The default ranges are 1–30, 31–60, 61–90 and over 90 days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tools.kpis.cash import KpiResult
from tools.kpis.ledger import ZERO, InvoiceFacts, in_currency
from tools.kpis.receivables import outstanding
from tools.money import format_amount

CURRENT = "current"


@dataclass(frozen=True, slots=True)
class Buckets:
    """Aging buckets given by their upper limits in days late: ``(30, 60, 90)``.

    The limits make ``current``, ``1-30``, ``31-60``, ``61-90`` and ``>90``.
    """

    limits: tuple[int, ...]

    def __post_init__(self) -> None:
        if not self.limits:
            raise ValueError("aging buckets need at least one limit, e.g. 30,60,90")
        if self.limits[0] < 1 or any(b <= a for a, b in zip(self.limits, self.limits[1:], strict=False)):
            raise ValueError(f"aging bucket limits must be positive and increasing, got {self.limits}")

    @property
    def labels(self) -> tuple[str, ...]:
        """The bucket names, oldest last: ``current``, ``1-30``, …, ``>90``."""
        lows = (1, *(limit + 1 for limit in self.limits[:-1]))
        ranges = tuple(f"{low}-{high}" for low, high in zip(lows, self.limits, strict=True))
        return (CURRENT, *ranges, f">{self.limits[-1]}")

    def label_for(self, days_late: int) -> str:
        """The bucket of an invoice ``days_late`` days past due (0 is ``current``)."""
        if days_late <= 0:
            return CURRENT
        labels = self.labels
        for index, limit in enumerate(self.limits, start=1):
            if days_late <= limit:
                return labels[index]
        return labels[-1]


DEFAULT_BUCKETS = Buckets((30, 60, 90))


def parse_buckets(text: str) -> Buckets:
    """Buckets from the ``--buckets`` option: ``"30,60,90"`` (raises ``ValueError`` when malformed)."""
    parts = [part.strip() for part in text.split(",")]
    if not all(part.isdigit() for part in parts):
        raise ValueError(f"--buckets takes day limits like 30,60,90, got {text!r}")
    return Buckets(tuple(int(part) for part in parts))


def aging(
    invoices: Sequence[InvoiceFacts],
    *,
    as_of: date,
    currency: str,
    buckets: Buckets = DEFAULT_BUCKETS,
) -> KpiResult:
    """Open amounts on ``as_of`` per customer and bucket, largest total first.

    ``value`` = Σ open amounts on ``as_of`` in ``currency``; each row is one customer with one
    column per bucket and its ``total``; ``buckets`` holds the column totals.
    """
    labels = buckets.labels
    per_customer: dict[str, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(labels, ZERO))
    names: dict[str, str] = {}
    for invoice, amount in outstanding(in_currency(invoices, currency), as_of):
        per_customer[invoice.customer_id][buckets.label_for(invoice.days_late(as_of))] += amount
        names.setdefault(invoice.customer_id, invoice.customer_name)
    totals = {customer: sum(amounts.values(), ZERO) for customer, amounts in per_customer.items()}
    rows = [
        {
            "customer_id": customer,
            "customer_name": names[customer],
            **{label: format_amount(amount, currency) for label, amount in per_customer[customer].items()},
            "total": format_amount(totals[customer], currency),
        }
        for customer in sorted(totals, key=lambda c: (-totals[c], c))
    ]
    column_totals = {label: sum((row[label] for row in per_customer.values()), ZERO) for label in labels}
    return KpiResult(
        "aging",
        as_of,
        currency,
        format_amount(sum(totals.values(), ZERO), currency),
        rows,
        {"buckets": {label: format_amount(total, currency) for label, total in column_totals.items()}},
    )
