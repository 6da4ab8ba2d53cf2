"""What the demo's cash application did, checked against the sample company's ground truth."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from copilot.demo.company import DemoCompany
from copilot.services.match_views import match_view
from copilot.services.matching import MatchedPayment, MatchRun
from tools.matching import Status

EXAMPLE_ORDER = (Status.AUTO_APPLIED, Status.SUGGESTED, Status.UNMATCHED)


def _settled(result: MatchedPayment) -> set[tuple[str, Decimal, Decimal, Decimal]]:
    best = result.outcome.best
    if best is None:
        return set()
    return {(a.invoice.number, a.amount, a.discount_amount, a.deduction_amount) for a in best.allocations}


def _truth(company: DemoCompany, bank_id: str) -> set[tuple[str, Decimal, Decimal, Decimal]]:
    return {(s.invoice_number, s.amount, s.discount, s.deduction) for s in company.truth.get(bank_id, ())}


def matching_report(run: MatchRun, company: DemoCompany) -> dict[str, Any]:
    """Counts per status, how many were exactly right, and one explained example of each status."""
    report: dict[str, Any] = {"examples": []}
    for status in EXAMPLE_ORDER:
        results = [result for result in run.results if result.outcome.status is status]
        right = sum(1 for result in results if _settled(result) == _truth(company, result.bank_id))
        report[status.value] = {"payments": len(results), "exactly_right": right}
        example = _example(results, company)
        if example is not None:
            report["examples"].append(
                match_view(example) | {"scenario": company.scenarios.get(example.bank_id)}
            )
    return report


def _example(results: Iterable[MatchedPayment], company: DemoCompany) -> MatchedPayment | None:
    """The most telling payment of a status: several invoices, a deduction or a discount first."""
    ranked = sorted(
        results,
        key=lambda r: (
            company.scenarios.get(r.bank_id) not in {"multi", "short", "discount", "parent", "unrelated"},
            r.bank_id,
        ),
    )
    return ranked[0] if ranked else None
