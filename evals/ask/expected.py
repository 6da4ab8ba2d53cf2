"""What an answer must state: a question's truth spec evaluated on the world's rows.

A truth spec is a kind and parameters (by default the question's expected arguments):
``currency`` (default EUR), ``on`` (a snapshot day, default ``as_of``), ``period_start`` /
``period_end`` (default: the 90 days ending ``as_of``), ``min_days_late``, ``limit``,
``days``, ``method``, ``group_by``, ``customer`` and ``names`` (how many of the largest
customers the answer must name). Each kind gives the figures, dates and names of
:func:`expected_checks`; every one is computed by :mod:`evals.ask.truth` and
:mod:`evals.ask.truth_cash`, none read from a tool.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

from sqlalchemy.orm import Session

from evals.ask import truth, truth_cash
from evals.ask.questions import Question

CheckKind = Literal["number", "date", "text"]
DEFAULT_CURRENCY = "EUR"
DEFAULT_NAMES = 3
MAX_NAMES = 5


@dataclass(frozen=True)
class Check:
    """One figure, date or text the answer must contain, and what it is."""

    kind: CheckKind
    label: str
    value: Decimal | date | str

    def describe(self) -> str:
        """``overdue total (EUR): 83245.16``."""
        value = self.value
        if isinstance(value, Decimal):
            text = f"{value.normalize():f}"
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = value
        return f"{self.label}: {text}"


def as_date(value: Any) -> date:
    """A date given as a date or an ISO string."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class World:
    """The rows of a built world, read once, for evaluating truth specs."""

    def __init__(self, session: Session, as_of: date) -> None:
        self.session = session
        self.as_of = as_of

    @cached_property
    def invoices(self) -> list[truth.LedgerInvoice]:
        """Every invoice with its settlements."""
        return truth.read_invoices(self.session)


def _number(label: str, value: Decimal | int | None) -> list[Check]:
    return [] if value is None else [Check("number", label, Decimal(value))]


def _names(label: str, ranked: dict[str, Decimal], count: int) -> list[Check]:
    return [Check("text", label, name) for name in list(ranked)[: min(count, MAX_NAMES)]]


def _period(params: dict[str, Any], as_of: date) -> tuple[date, date]:
    """The period asked for; by default the 90 days ending ``as_of``."""
    end = min(as_date(params["period_end"]), as_of) if "period_end" in params else as_of
    start = as_date(params["period_start"]) if "period_start" in params else truth.default_start(end)
    return start, end


def _ledger_checks(kind: str, params: dict[str, Any], world: World) -> list[Check]:
    invoices, currency = world.invoices, str(params.get("currency", DEFAULT_CURRENCY)).upper()
    day = min(as_date(params["on"]), world.as_of) if "on" in params else world.as_of
    if kind == "total_open":
        return _number(f"total open ({currency})", truth.total_open(invoices, day, currency))
    if kind == "aging":
        buckets = truth.aging(invoices, day, currency)
        checks = _number(f"total open ({currency})", sum(buckets.values(), truth.ZERO))
        return checks + [
            Check("number", f"bucket {label} ({currency})", total)
            for label, total in buckets.items()
            if total != truth.ZERO
        ]
    if kind == "overdue":
        late = truth.overdue_by_customer(invoices, day, currency, int(params.get("min_days_late", 1)))
        overdue = _number(f"overdue total ({currency})", sum(late.values(), truth.ZERO))
        return overdue + _names("overdue customer", late, int(params.get("names", DEFAULT_NAMES)))
    if kind == "top_debtors":
        ranked = truth.open_by_customer(invoices, day, currency)
        top = _number(f"largest balance ({currency})", next(iter(ranked.values()), None))
        return top + _names("top debtor", ranked, int(params.get("limit", 10)))
    if kind == "customer_open":
        name = str(params["customer"])
        totals = truth.customer_open(invoices, name, world.as_of)
        return [Check("text", "customer", name)] + [
            Check("number", f"open balance ({code})", total) for code, total in sorted(totals.items())
        ]
    if kind == "due_soon":
        count, total = truth.due_soon(invoices, world.as_of, currency, int(params.get("days", 7)))
        return _number("invoices due", count) + _number(f"amount due ({currency})", total)
    if kind == "disputes":
        count, total = truth.disputed(invoices, world.as_of, currency)
        return _number("disputed invoices", count) + _number(f"disputed amount ({currency})", total)
    return _ratio_checks(kind, params, world, currency)


def _ratio_checks(kind: str, params: dict[str, Any], world: World, currency: str) -> list[Check]:
    invoices = world.invoices
    start, end = _period(params, world.as_of)
    if kind == "dso" and params.get("method") == "countback":
        return _number(f"DSO countback ({currency})", truth.dso_countback(invoices, end, currency))
    if kind == "dso":
        return _number(f"DSO {start}..{end} ({currency})", truth.dso_standard(invoices, start, end, currency))
    if kind == "cei":
        return _number(f"CEI % {start}..{end} ({currency})", truth.cei(invoices, start, end, currency))
    return _number(
        f"ADD {start}..{end} ({currency})", truth.average_days_delinquent(invoices, start, end, currency)
    )


def _cash_checks(kind: str, params: dict[str, Any], world: World) -> list[Check]:
    session, currency = world.session, str(params.get("currency", DEFAULT_CURRENCY)).upper()
    if kind == "unapplied":
        count, total = truth_cash.unapplied_cash(session, world.as_of, currency)
        return _number(f"unapplied cash ({currency})", total) + _number(
            f"payments with cash left ({currency})", count
        )
    if kind == "automation":
        return _number("automation rate %", truth_cash.automation_rate(session, world.as_of))
    if kind == "deductions":
        start, end = _period(params, world.as_of)
        group_by = str(params.get("group_by", "reason"))
        groups = truth_cash.deductions_by(session, start, end, currency, group_by)
        checks = _number(f"deductions total ({currency})", sum(groups.values(), truth.ZERO))
        if groups:
            name, amount = next(iter(groups.items()))
            checks += [Check("text", f"largest {group_by}", name), Check("number", f"{name} total", amount)]
        return checks
    if kind == "credit_limit":
        over = truth_cash.over_credit_limit(session, world.invoices, world.as_of)
        checks = _number("customers over their credit limit", len(over))
        if over:
            name, (exposure, _) = next(iter(over.items()))
            checks.append(Check("number", f"{name} exposure", exposure))
        ranked = {name: owed - limit for name, (owed, limit) in over.items()}
        return checks + _names("over its credit limit", ranked, int(params.get("names", DEFAULT_NAMES)))
    if kind == "promises":
        name = str(params["customer"])
        checks = [Check("text", "customer", name)]
        for promise in truth_cash.promises_of(session, name):
            checks += [
                Check("number", f"promised amount ({promise.currency})", promise.amount),
                Check("date", "promised date", promise.promised_date),
            ]
        return checks
    if kind == "notes":
        name = str(params["customer"])
        latest = truth_cash.notes_of(session, name)[:1]
        return [Check("text", "customer", name)] + [Check("date", "note of", day) for day, _ in latest]
    return _number("suggestions pending", truth_cash.pending_reviews(session))


_CASH_KINDS = frozenset(
    {"unapplied", "automation", "deductions", "credit_limit", "promises", "notes", "reviews"}
)


def expected_checks(question: Question, world: World) -> list[Check]:
    """Everything the answer to ``question`` must contain: truth figures, then names and texts."""
    checks: list[Check] = []
    if question.truth is not None:
        kind, params = str(question.truth["kind"]), question.truth_params()
        checks = (
            _cash_checks(kind, params, world) if kind in _CASH_KINDS else _ledger_checks(kind, params, world)
        )
    known = {check.value for check in checks if check.kind == "text"}
    checks += [Check("text", "name", name) for name in question.names if name not in known]
    checks += [Check("text", "text", text) for text in question.contains]
    return checks
