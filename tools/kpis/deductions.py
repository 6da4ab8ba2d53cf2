"""Deductions (short payments) by reason code or by customer, open and resolved.

A deduction counts in the period ``[period_start, as_of]`` by the day of the payment that
took it (by default the 90 days ending ``as_of``, like the other period KPIs). Its status is
its current one: ``open`` until someone resolves it, anything else (written off, recovered,
re-billed) is resolved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from tools.kpis.cash import KpiResult
from tools.kpis.ledger import ZERO, DeductionFacts
from tools.kpis.receivables import period_ending
from tools.money import format_amount

GroupBy = Literal["reason", "customer"]
GROUPINGS: tuple[GroupBy, ...] = ("reason", "customer")
OPEN = "open"


@dataclass(slots=True)
class _Tally:
    """Count and amount of one group's deductions, open and resolved (accumulated)."""

    label: dict[str, str]
    open_count: int = 0
    open_amount: Decimal = ZERO
    resolved_count: int = 0
    resolved_amount: Decimal = ZERO

    @property
    def amount(self) -> Decimal:
        return self.open_amount + self.resolved_amount


def deductions(
    taken: Sequence[DeductionFacts],
    *,
    as_of: date,
    currency: str,
    group_by: GroupBy = "reason",
    period_start: date | None = None,
) -> KpiResult:
    """Deductions of the period in ``currency`` per reason code (or customer), largest first.

    Each row: ``count`` and ``amount``, split into open and resolved; ``value`` = Σ amounts.
    """
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}; choose one of: {', '.join(GROUPINGS)}")
    period = period_ending(as_of, period_start)
    tallies: dict[str, _Tally] = {}
    for deduction in taken:
        if deduction.currency != currency or not period.start <= deduction.day <= period.end:
            continue
        if group_by == "reason":
            key, label = deduction.reason_code, {"reason_code": deduction.reason_code}
        else:
            key = deduction.customer_id
            label = {"customer_id": deduction.customer_id, "customer_name": deduction.customer_name}
        tally = tallies.setdefault(key, _Tally(label))
        if deduction.status == OPEN:
            tally.open_count += 1
            tally.open_amount += deduction.amount
        else:
            tally.resolved_count += 1
            tally.resolved_amount += deduction.amount
    order = sorted(tallies, key=lambda key: (-tallies[key].amount, key))
    rows = [_row(tallies[key], currency) for key in order]
    return KpiResult(
        "deductions",
        as_of,
        currency,
        format_amount(sum((t.amount for t in tallies.values()), ZERO), currency),
        rows,
        {
            "group_by": group_by,
            "period_start": period.start.isoformat(),
            "period_end": period.end.isoformat(),
            "count": sum(t.open_count + t.resolved_count for t in tallies.values()),
            "open_amount": format_amount(sum((t.open_amount for t in tallies.values()), ZERO), currency),
            "resolved_amount": format_amount(
                sum((t.resolved_amount for t in tallies.values()), ZERO), currency
            ),
        },
    )


def _row(tally: _Tally, currency: str) -> dict[str, Any]:
    return {
        **tally.label,
        "count": tally.open_count + tally.resolved_count,
        "amount": format_amount(tally.amount, currency),
        "open_count": tally.open_count,
        "open_amount": format_amount(tally.open_amount, currency),
        "resolved_count": tally.resolved_count,
        "resolved_amount": format_amount(tally.resolved_amount, currency),
    }
