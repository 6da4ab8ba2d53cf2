"""Cash-application KPIs: unapplied cash and the automation rate.

*Unapplied cash* is what has been received but not applied to invoices (payments nothing
identified, overpayments left on account, queued suggestions not yet approved). The
*automation rate* is the share of applied payments (and of settled invoices) that the engine
applied without a person — vendors quote one or the other; both are reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from tools.money import format_amount

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class PaymentPosition:
    """A received payment and how much of it is applied."""

    payment_id: str
    booking_date: date
    currency: str
    amount: Decimal
    applied: Decimal
    status: str
    payer_name: str | None = None


@dataclass(frozen=True, slots=True)
class Application:
    """One payment's active allocations: by whom, and how many invoices they settle."""

    payment_id: str
    booking_date: date
    automatic: bool
    invoices: int


@dataclass(frozen=True)
class KpiResult:
    """The ``kpi --json`` contract: a headline value and the rows behind it."""

    kpi: str
    as_of: date
    currency: str | None
    value: Any
    rows: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON document ``arcopilot kpi NAME --json`` prints."""
        return {
            "kpi": self.kpi,
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "value": self.value,
            "rows": self.rows,
            **self.extra,
        }


def unapplied_cash(positions: Iterable[PaymentPosition], *, as_of: date, currency: str) -> KpiResult:
    """Received and not applied: one row per payment in ``currency`` (the headline), and the totals of
    every currency in ``totals``."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    rows = []
    for position in sorted(positions, key=lambda p: (p.booking_date, p.payment_id)):
        remaining = position.amount - position.applied
        if position.booking_date > as_of or remaining <= ZERO:
            continue
        totals[position.currency] += remaining
        if position.currency != currency:
            continue
        rows.append(
            {
                "payment_id": position.payment_id,
                "booking_date": position.booking_date.isoformat(),
                "payer_name": position.payer_name,
                "currency": position.currency,
                "amount": format_amount(position.amount, position.currency),
                "unapplied_amount": format_amount(remaining, position.currency),
                "status": position.status,
                "days_unapplied": (as_of - position.booking_date).days,
            }
        )
    return KpiResult(
        "unapplied",
        as_of,
        currency,
        format_amount(totals.get(currency, ZERO), currency),
        rows,
        {"totals": {code: format_amount(total, code) for code, total in sorted(totals.items())}},
    )


def automation_rate(applications: Iterable[Application], *, as_of: date, received: int) -> KpiResult:
    """Share of applied payments and settled invoices applied without a person, up to ``as_of``."""
    counts = {"payment": [0, 0], "invoice": [0, 0]}  # [automatic, by a person]
    for application in applications:
        if application.booking_date > as_of:
            continue
        slot = 0 if application.automatic else 1
        counts["payment"][slot] += 1
        counts["invoice"][slot] += application.invoices
    rows = []
    for level, (automatic, manual) in counts.items():
        total = automatic + manual
        rows.append(
            {
                "level": level,
                "automatic": automatic,
                "by_a_person": manual,
                "applied": total,
                "rate": round(automatic / total, 4) if total else None,
            }
        )
    automatic_payments = counts["payment"][0]
    return KpiResult(
        "automation",
        as_of,
        None,
        rows[0]["rate"],
        rows,
        {
            "payments_received": received,
            "share_of_received_applied_automatically": round(automatic_payments / received, 4)
            if received
            else None,
        },
    )
