"""The internal credit score: 0–100 per customer (100 = safest), graded A–E, from its own record.

The score is 100 plus the points of each factor (all zero or negative, each capped), rounded
half up and kept within 0–100. Every factor is reported with its value, points and a sentence,
so the score can be explained line by line. Behaviour is measured on the invoices in the
report's currency; the last 12 months are the 365 days ending ``as_of``.

| factor | value | points | cap |
| --- | --- | --- | --- |
| (a) ``days_late`` | average days late at settlement, last 12 months | −1 per day | −30 |
| (b) ``trend`` | average days late, last 90 days − the 275 days before | −1 per day worse | −10 |
| (c) ``overdue_share`` | overdue open amount ÷ open amount on ``as_of`` | −20 × share | −20 |
| (c) ``oldest_overdue`` | days past due of the oldest overdue invoice | −1 per 10 days | −10 |
| (d) ``broken_promises`` | promises due in the last 12 months and broken | −10 each | −20 |
| (e) ``disputes`` | open disputed amount ÷ open amount | −10 × share | −10 |
| (f) ``credit_usage`` | exposure ÷ credit limit | −50 × (usage − 0.8) | −15 |

- (a) days late = settlement day − due date, 0 when paid on time, averaged weighting each
  settlement (partial ones included) by its amount (:mod:`tools.forecast.behaviour`).
- (b) needs settlements in both periods; getting better costs nothing and earns nothing.
- (d) judged by :mod:`tools.forecast.promises` (promised date < ``as_of`` and less settled
  between the day it was made and the promised date than promised); any currency counts.
- (f) exposure = open amount on ``as_of`` in the limit's currency (the report's currency when
  the ledger gave none); no limit costs nothing; a zero limit with exposure costs −15.

**No history**: a customer with no settlement in the last 12 months is flagged ``"no history"``
and factors (a) and (b) are replaced by ``no_history`` worth a neutral −20 (half their combined
cap): with nothing else against it such a customer scores 80, grade B.

Grades: **A** ≥ 85, **B** ≥ 70, **C** ≥ 55, **D** ≥ 40, **E** below 40.

Customers scored: those with invoices in the currency issued by ``as_of``, and customers with
no invoice at all (no history); a customer billed only in other currencies is scored in those.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tools.forecast.behaviour import habit, history_start
from tools.forecast.promises import PromiseOutcome, judge_promises
from tools.kpis.cash import KpiResult
from tools.kpis.ledger import ZERO, CustomerFacts, InvoiceFacts, PromiseFacts
from tools.risk.factors import (
    Factor,
    credit_usage,
    days_late_level,
    days_late_trend,
    dispute_share,
    limit_currency,
    no_history,
    open_amounts,
    overdue_position,
    promise_record,
)

RECENT_DAYS = 90
GRADES = ((85, "A"), (70, "B"), (55, "C"), (40, "D"))
LOW_GRADES = ("D", "E")
NO_HISTORY = "no history"


@dataclass(frozen=True, slots=True)
class Score:
    """One customer's score, grade, flags and the factors that make it."""

    customer_id: str
    customer_name: str
    score: int
    grade: str
    flags: tuple[str, ...]
    factors: tuple[Factor, ...]

    def to_json(self) -> dict[str, Any]:
        """The customer's row in the ``risk`` result."""
        return {
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "score": self.score,
            "grade": self.grade,
            "flags": list(self.flags),
            "factors": [factor.to_json() for factor in self.factors],
        }


def grade(score: int) -> str:
    """The letter of a score: A ≥ 85, B ≥ 70, C ≥ 55, D ≥ 40, else E."""
    return next((letter for floor, letter in GRADES if score >= floor), "E")


def customer_scores(
    customers: Sequence[CustomerFacts],
    invoices: Sequence[InvoiceFacts],
    promises: Sequence[PromiseFacts],
    *,
    as_of: date,
    currency: str,
) -> KpiResult:
    """Every customer's score in ``currency`` on ``as_of``, worst first.

    ``value`` is the number of customers graded D or E; ``extra`` counts each grade and the
    customers with no history.
    """
    known = {customer.customer_id: customer for customer in customers}
    books = _books(invoices, as_of)
    chosen = {cid for cid, book in books.items() if any(i.currency == currency for i in book)}
    chosen |= {cid for cid in known if cid not in books}
    outcomes = _outcomes_by_customer(promises, invoices, as_of)
    scores = sorted(
        (
            _score(
                cid, known.get(cid), books.get(cid, []), outcomes.get(cid, []), as_of=as_of, currency=currency
            )
            for cid in chosen
        ),
        key=lambda s: (s.score, s.customer_id),
    )
    grades = {letter: 0 for _, letter in GRADES} | {"E": 0}
    for score in scores:
        grades[score.grade] += 1
    return KpiResult(
        "risk",
        as_of,
        currency,
        sum(grades[letter] for letter in LOW_GRADES),
        [score.to_json() for score in scores],
        {"grades": grades, "no_history": sum(1 for s in scores if NO_HISTORY in s.flags)},
    )


def customer_score(
    customer_id: str,
    customers: Sequence[CustomerFacts],
    invoices: Sequence[InvoiceFacts],
    promises: Sequence[PromiseFacts],
    *,
    as_of: date,
    currency: str,
) -> KpiResult:
    """One customer's score: ``value`` the score, ``rows`` its factors; ``LookupError`` if unknown."""
    known = {customer.customer_id: customer for customer in customers}
    books = _books(invoices, as_of)
    if customer_id not in known and customer_id not in books:
        raise LookupError(f"unknown customer: {customer_id}")
    outcomes = _outcomes_by_customer(promises, invoices, as_of).get(customer_id, [])
    score = _score(
        customer_id,
        known.get(customer_id),
        books.get(customer_id, []),
        outcomes,
        as_of=as_of,
        currency=currency,
    )
    return KpiResult(
        "risk_customer",
        as_of,
        currency,
        score.score,
        [factor.to_json() for factor in score.factors],
        {
            "customer_id": score.customer_id,
            "customer_name": score.customer_name,
            "grade": score.grade,
            "flags": list(score.flags),
        },
    )


def _books(invoices: Sequence[InvoiceFacts], as_of: date) -> dict[str, list[InvoiceFacts]]:
    """Per customer id, its invoices issued by ``as_of`` (every currency)."""
    books: dict[str, list[InvoiceFacts]] = defaultdict(list)
    for invoice in invoices:
        if invoice.issue_date <= as_of:
            books[invoice.customer_id].append(invoice)
    return books


def _outcomes_by_customer(
    promises: Sequence[PromiseFacts], invoices: Sequence[InvoiceFacts], as_of: date
) -> dict[str, list[PromiseOutcome]]:
    """Per customer id, its promises whose promised date falls in the last 12 months, judged."""
    start = history_start(as_of)
    by_customer: dict[str, list[PromiseOutcome]] = defaultdict(list)
    for outcome in judge_promises(promises, invoices, as_of=as_of):
        if start < outcome.promise.promised_date <= as_of:
            by_customer[outcome.promise.customer_id].append(outcome)
    return by_customer


def _score(
    customer_id: str,
    customer: CustomerFacts | None,
    book: list[InvoiceFacts],
    outcomes: list[PromiseOutcome],
    *,
    as_of: date,
    currency: str,
) -> Score:
    """The score of one customer from its invoices (all currencies) and judged promises."""
    own = [invoice for invoice in book if invoice.currency == currency]
    start = history_start(as_of)
    history = habit(own, start=start, end=as_of)
    flags: tuple[str, ...] = ()
    if history is None:
        flags = (NO_HISTORY,)
        behaviour = [no_history()]
    else:
        split = as_of - timedelta(days=RECENT_DAYS)
        recent = habit(own, start=split, end=as_of)
        earlier = habit(own, start=start, end=split)
        behaviour = [days_late_level(history), days_late_trend(recent, earlier)]
    items = open_amounts(own, as_of)
    limit_code = limit_currency(customer, currency) if customer else currency
    exposure = sum(
        (amount for invoice, amount in open_amounts(book, as_of) if invoice.currency == limit_code), ZERO
    )
    factors = (
        *behaviour,
        *overdue_position(items, as_of, currency),
        promise_record(outcomes),
        dispute_share(items, currency),
        credit_usage(customer, exposure, limit_code),
    )
    total = Decimal(100) + sum((factor.points for factor in factors), ZERO)
    score = int(min(Decimal(100), max(ZERO, total)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    name = customer.name if customer else (book[0].customer_name if book else customer_id)
    return Score(customer_id, name, score, grade(score), flags, factors)
