"""The factors of the internal credit score, each worth zero or negative points.

Each factor turns one measured value into points below zero, capped; the score is 100 plus
the points (see :mod:`tools.risk.scores` for the table). Points are ``Decimal`` with one
decimal, values are strings (days with one decimal, ratios with four) or counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tools.forecast.behaviour import ONE_DECIMAL, Habit, days, ratio
from tools.forecast.promises import BROKEN, PromiseOutcome
from tools.kpis.ledger import ZERO, CustomerFacts, InvoiceFacts
from tools.money import format_amount

DAYS_LATE_CAP = 30
TREND_CAP = 10
OVERDUE_SHARE_WEIGHT = 20
OLDEST_OVERDUE_DAYS_PER_POINT = 10
OLDEST_OVERDUE_CAP = 10
BROKEN_PROMISE_POINTS = 10
BROKEN_PROMISES_CAP = 20
DISPUTE_WEIGHT = 10
USAGE_FREE = Decimal("0.8")
USAGE_WEIGHT = 50
USAGE_CAP = 15
NO_HISTORY_POINTS = 20


@dataclass(frozen=True, slots=True)
class Factor:
    """One factor of a score: what was measured, the points it costs and why, in words."""

    factor: str
    value: str | int | None
    points: Decimal
    explanation: str

    def to_json(self) -> dict[str, Any]:
        """The factor as it appears in a score row (points as a string)."""
        return {
            "factor": self.factor,
            "value": self.value,
            "points": f"{self.points.quantize(ONE_DECIMAL):f}",
            "explanation": self.explanation,
        }


def penalty(raw: Decimal, cap: int) -> Decimal:
    """``raw`` penalty points, kept within ``[0, cap]``, as negative points with one decimal."""
    kept = min(Decimal(cap), max(ZERO, raw)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return ZERO - kept


def open_amounts(invoices: Sequence[InvoiceFacts], as_of: date) -> list[tuple[InvoiceFacts, Decimal]]:
    """The invoices open at the end of ``as_of``, with their open amount then."""
    pairs = [(invoice, invoice.open_on(as_of)) for invoice in invoices]
    return [(invoice, amount) for invoice, amount in pairs if amount > ZERO]


def limit_currency(customer: CustomerFacts, default: str) -> str:
    """The currency of the customer's credit limit (``default`` when the ledger did not say)."""
    return customer.credit_currency or default


def days_late_level(history: Habit) -> Factor:
    """(a) Amount-weighted average days late at settlement over 12 months: −1 point a day."""
    return Factor(
        "days_late",
        days(history.days_late),
        penalty(history.days_late, DAYS_LATE_CAP),
        f"paid {days(history.days_late)} days late on average over the last 12 months "
        f"({history.settlements} settlements)",
    )


def days_late_trend(recent: Habit | None, earlier: Habit | None) -> Factor:
    """(b) Days late in the last 90 days minus the 9 months before: −1 point a day worse."""
    if recent is None or earlier is None:
        return Factor("trend", None, ZERO, "not enough settlements in both periods to see a trend")
    change = recent.days_late - earlier.days_late
    word = "worse" if change > ZERO else "no worse"
    return Factor(
        "trend",
        days(change),
        penalty(change, TREND_CAP),
        f"{days(recent.days_late)} days late in the last 90 days against {days(earlier.days_late)} "
        f"in the 9 months before: {word}",
    )


def no_history() -> Factor:
    """Replaces (a) and (b) when no settlement was seen in 12 months: a neutral −20."""
    return Factor(
        "no_history",
        None,
        ZERO - NO_HISTORY_POINTS,
        f"no payment seen in the last 12 months: neutral default of −{NO_HISTORY_POINTS} "
        "in place of days late and trend",
    )


def overdue_position(items: list[tuple[InvoiceFacts, Decimal]], as_of: date, currency: str) -> list[Factor]:
    """(c) Overdue share of the open amount (−20 × share) and the oldest overdue (−1 per 10 days)."""
    total = sum((amount for _, amount in items), ZERO)
    late = [(invoice, amount) for invoice, amount in items if invoice.days_late(as_of) > 0]
    late_total = sum((amount for _, amount in late), ZERO)
    share = late_total / total if total else ZERO
    oldest = max((invoice.days_late(as_of) for invoice, _ in late), default=0)
    return [
        Factor(
            "overdue_share",
            ratio(share),
            penalty(share * OVERDUE_SHARE_WEIGHT, OVERDUE_SHARE_WEIGHT),
            f"{format_amount(late_total, currency)} of {format_amount(total, currency)} {currency} "
            "open is overdue",
        ),
        Factor(
            "oldest_overdue",
            oldest,
            penalty(Decimal(oldest) / OLDEST_OVERDUE_DAYS_PER_POINT, OLDEST_OVERDUE_CAP),
            f"oldest overdue invoice is {oldest} days past due" if late else "nothing overdue",
        ),
    ]


def promise_record(outcomes: list[PromiseOutcome]) -> Factor:
    """(d) Promises with a promised date in the last 12 months that were broken: −10 each."""
    judged = [o for o in outcomes if o.status != "open"]
    broken = sum(1 for o in judged if o.status == BROKEN)
    return Factor(
        "broken_promises",
        broken,
        penalty(Decimal(broken * BROKEN_PROMISE_POINTS), BROKEN_PROMISES_CAP),
        f"{broken} of {len(judged)} promises due in the last 12 months broken",
    )


def dispute_share(items: list[tuple[InvoiceFacts, Decimal]], currency: str) -> Factor:
    """(e) Open disputed invoices: −10 × their share of the open amount."""
    total = sum((amount for _, amount in items), ZERO)
    disputed = [amount for invoice, amount in items if invoice.disputed]
    share = sum(disputed, ZERO) / total if total else ZERO
    return Factor(
        "disputes",
        ratio(share),
        penalty(share * DISPUTE_WEIGHT, DISPUTE_WEIGHT),
        f"{len(disputed)} open disputed invoices, {format_amount(sum(disputed, ZERO), currency)} {currency}",
    )


def credit_usage(customer: CustomerFacts | None, exposure: Decimal, currency: str) -> Factor:
    """(f) Exposure ÷ credit limit: −50 points per unit of usage above 0.8."""
    limit = customer.credit_limit if customer else None
    if limit is None:
        return Factor("credit_usage", None, ZERO, "no credit limit")
    shown = (
        f"exposure {format_amount(exposure, currency)} {currency} "
        f"for a limit of {format_amount(limit, currency)}"
    )
    if limit <= ZERO:
        points = ZERO - USAGE_CAP if exposure > ZERO else ZERO
        return Factor("credit_usage", None, points, f"{shown} (no credit granted)")
    usage = exposure / limit
    return Factor(
        "credit_usage", ratio(usage), penalty((usage - USAGE_FREE) * USAGE_WEIGHT, USAGE_CAP), shown
    )
