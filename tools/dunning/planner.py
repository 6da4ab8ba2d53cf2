"""Today's dunning plan: which customer gets which stage, with its invoices, holds and alerts.

One :class:`PlanItem` per customer and currency with something due on ``as_of`` (a customer owing
EUR and GBP gets one item per currency: amounts in different currencies are never added).

**Lines.** The customer's open invoices in the currency (open amount on ``as_of`` above zero)
that are overdue (due date before ``as_of``). With none overdue, the preventive stage (the
scenario's first stage when its offset is negative) covers the invoices due from ``as_of`` to
``as_of`` + |offset| days, both included. Disputed invoices are left out of the lines (an alert
says so); when only disputed invoices are left, the customer is held (``dispute``) and the lines
are those disputed invoices.

**Stage.** The customer's scenario is :func:`~tools.dunning.scenarios.segment_of` its record and
risk grade. For overdue invoices:

1. *due* = the latest stage whose ``offset_days`` ≤ the days late of the oldest line (no item
   when even the first stage after the due date is not reached);
2. *one step at a time*: never above the stage after the latest one already sent (the first
   stage after the due date when nothing was sent) — the scenario's next stage, so a scenario
   without intermediate stages moves to the next one it has;
3. *raised one step* (up to the last stage) when a promise to pay was broken or a payment-plan
   instalment missed since the last reminder, with an alert such as
   ``"promise of 1200.00 EUR due 2026-10-15 broken"``. A breach counts while no reminder was
   sent after its date (promised date, instalment due date): once a reminder went out after it,
   it no longer raises the stage.

Reminders count when sent to the customer on or before ``as_of`` and naming one of the
customer's open invoices in the currency (or naming none). A sent stage the scenario does not
have counts as the scenario's latest stage at or before it in the stage order.

**Holds** (``action`` ``"hold"``, the stage still computed; several may apply):

- ``dispute``: only disputed invoices are left (see *Lines*);
- ``promise``: an open promise to pay in the currency (promised date ≥ ``as_of``, judged by
  :func:`tools.forecast.promises.judge_promises`);
- ``payment_plan``: an active payment plan in the currency with every instalment due before
  ``as_of`` fully paid and at least one instalment still to pay;
- ``unapplied_cash`` (twice when both apply): the customer is among ``unapplied_customers`` (cash
  from it not yet applied) or ``queued_customers`` (a match awaiting review) — check before
  chasing;
- ``recently_reminded``: a reminder (of any stage) was sent less than the stage's
  ``min_interval_days`` ago.

Otherwise ``action`` is ``"call"`` for a stage on the ``call`` channel, else ``"send"``.
Items are ordered by total open amount, largest first, then customer id and currency.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tools.dunning.model import (
    Hold,
    PaymentPlanFacts,
    PlanItem,
    PlanLine,
    Scenario,
    SentReminder,
    Stage,
)
from tools.dunning.scenarios import STAGE_KEYS, segment_of
from tools.forecast.promises import BROKEN, OPEN, PromiseOutcome, judge_promises
from tools.kpis.ledger import ZERO, CustomerFacts, InvoiceFacts, PromiseFacts
from tools.money import format_amount, quantise

ACTIVE_PLAN = "active"


@dataclass(frozen=True)
class _Book:
    """What the planner knows of one customer in one currency on ``as_of``."""

    customer: CustomerFacts
    currency: str
    invoices: tuple[InvoiceFacts, ...]
    reminders: tuple[SentReminder, ...]
    promises: tuple[PromiseOutcome, ...]
    plans: tuple[PaymentPlanFacts, ...]


def plan(
    customers: Sequence[CustomerFacts],
    invoices: Sequence[InvoiceFacts],
    promises: Sequence[PromiseFacts],
    plans: Sequence[PaymentPlanFacts],
    reminders: Sequence[SentReminder],
    *,
    as_of: date,
    scenarios: Mapping[str, Scenario],
    grades: Mapping[str, str] | None = None,
    unapplied_customers: Collection[str] = frozenset(),
    queued_customers: Collection[str] = frozenset(),
) -> list[PlanItem]:
    """The day's plan: one item per customer and currency with a stage due on ``as_of``.

    ``grades`` maps customer ids to risk grades (A–E) for :func:`segment_of`; the rules are in
    the module documentation.
    """
    known = {customer.customer_id: customer for customer in customers}
    books: dict[tuple[str, str], list[InvoiceFacts]] = defaultdict(list)
    for invoice in invoices:
        if invoice.open_on(as_of) > ZERO:
            books[(invoice.customer_id, invoice.currency)].append(invoice)
    outcomes = judge_promises(promises, invoices, as_of=as_of)
    items = []
    for (customer_id, currency), open_invoices in sorted(books.items()):
        customer = known.get(customer_id) or CustomerFacts(customer_id, open_invoices[0].customer_name)
        numbers = {invoice.number for invoice in open_invoices}
        book = _Book(
            customer=customer,
            currency=currency,
            invoices=tuple(sorted(open_invoices, key=lambda i: (i.due_date, i.number))),
            reminders=tuple(
                sorted(
                    (
                        r
                        for r in reminders
                        if r.customer_id == customer_id
                        and r.sent_on <= as_of
                        and (not r.invoice_numbers or numbers.intersection(r.invoice_numbers))
                    ),
                    key=lambda r: (r.sent_on, STAGE_KEYS.index(r.stage) if r.stage in STAGE_KEYS else -1),
                )
            ),
            promises=tuple(
                o for o in outcomes if o.promise.customer_id == customer_id and o.promise.currency == currency
            ),
            plans=tuple(
                p
                for p in plans
                if p.customer_id == customer_id and p.currency == currency and p.status == ACTIVE_PLAN
            ),
        )
        scenario = scenarios[segment_of(customer, (grades or {}).get(customer_id), scenarios)]
        item = _plan_book(
            book,
            scenario,
            as_of=as_of,
            check_cash=customer_id in unapplied_customers,
            check_queue=customer_id in queued_customers,
        )
        if item is not None:
            items.append(item)
    return sorted(items, key=lambda item: (-item.total_open, item.customer_id, item.currency))


def _plan_book(
    book: _Book, scenario: Scenario, *, as_of: date, check_cash: bool, check_queue: bool
) -> PlanItem | None:
    """The item for one customer and currency, or None when no stage is due."""
    overdue = [invoice for invoice in book.invoices if invoice.due_date < as_of]
    candidates = overdue or _soon_due(book, scenario, as_of=as_of)
    if not candidates:
        return None
    chased = [invoice for invoice in candidates if not invoice.disputed]
    disputed = [invoice for invoice in candidates if invoice.disputed]
    lines_from = chased or disputed
    alerts: list[str] = []
    index = 0  # preventive
    if overdue:
        due_index = _overdue_stage(book, scenario, lines_from, as_of=as_of)
        if due_index is None:
            return None
        alerts = _breaches(book, as_of=as_of)
        index = min(due_index + 1, len(scenario.stages) - 1) if alerts else due_index
    stage = scenario.stages[index]
    if chased:
        alerts += [
            f"{invoice.number} ({format_amount(invoice.open_on(as_of), book.currency)} {book.currency})"
            " disputed: left out"
            for invoice in disputed
        ]
    holds = [] if chased else [Hold("dispute", f"disputed: {', '.join(i.number for i in disputed)}")]
    holds += _holds(book, stage, as_of=as_of, check_cash=check_cash, check_queue=check_queue)
    lines = tuple(_line(invoice, as_of) for invoice in lines_from)
    return PlanItem(
        customer_id=book.customer.customer_id,
        customer_name=book.customer.name,
        language=book.customer.language,
        country=book.customer.country,
        segment=scenario.segment,
        stage=stage,
        action="hold" if holds else "call" if stage.channel == "call" else "send",
        lines=lines,
        currency=book.currency,
        total_open=quantise(sum((line.open_amount for line in lines), ZERO), book.currency),
        holds=tuple(holds),
        alerts=tuple(alerts),
        previous=book.reminders,
    )


def _soon_due(book: _Book, scenario: Scenario, *, as_of: date) -> list[InvoiceFacts]:
    """The invoices due within the preventive window (none when the scenario has no such stage)."""
    first = scenario.stages[0]
    if first.offset_days >= 0:
        return []
    horizon = as_of + timedelta(days=-first.offset_days)
    return [invoice for invoice in book.invoices if as_of <= invoice.due_date <= horizon]


def _overdue_stage(
    book: _Book, scenario: Scenario, lines: Sequence[InvoiceFacts], *, as_of: date
) -> int | None:
    """The index of the stage due for overdue ``lines``, one step at a time (None: none yet).

    The latest stage reached by the oldest line's days late, but no further than the stage after
    the latest one sent (the first stage after the due date when none was).
    """
    oldest = max(invoice.days_late(as_of) for invoice in lines)
    reached = [i for i, stage in enumerate(scenario.stages) if 0 < stage.offset_days <= oldest]
    if not reached:
        return None
    return min(reached[-1], max(_last_sent(book, scenario) + 1, reached[0]))


def _last_sent(book: _Book, scenario: Scenario) -> int:
    """The scenario index of the latest stage already sent (-1 when none was)."""
    ranks = [STAGE_KEYS.index(stage.key) for stage in scenario.stages]
    sent = [STAGE_KEYS.index(r.stage) for r in book.reminders if r.stage in STAGE_KEYS]
    return max(
        (index for index, rank in enumerate(ranks) if any(rank <= key for key in sent)),
        default=-1,
    )


def _breaches(book: _Book, *, as_of: date) -> list[str]:
    """Alerts for promises broken and instalments missed since the last reminder."""
    since = book.reminders[-1].sent_on if book.reminders else None
    currency = book.currency
    alerts = [
        f"promise of {format_amount(o.promise.amount, currency)} {currency}"
        f" due {o.promise.promised_date.isoformat()} broken"
        for o in book.promises
        if o.status == BROKEN and (since is None or o.promise.promised_date >= since)
    ]
    for payment_plan in book.plans:
        for instalment in payment_plan.instalments:
            missed = instalment.due_date < as_of and instalment.paid < instalment.amount
            if missed and (since is None or instalment.due_date >= since):
                paid = (
                    f" ({format_amount(instalment.paid, currency)} {currency} paid)"
                    if instalment.paid > ZERO
                    else ""
                )
                alerts.append(
                    f"instalment of {format_amount(instalment.amount, currency)} {currency}"
                    f" due {instalment.due_date.isoformat()} missed{paid}"
                )
    return alerts


def _holds(book: _Book, stage: Stage, *, as_of: date, check_cash: bool, check_queue: bool) -> list[Hold]:
    """Why ``stage`` should not go out today, besides disputes (empty: nothing stops it)."""
    currency = book.currency
    holds = [
        Hold(
            "promise",
            f"promise of {format_amount(o.promise.amount, currency)} {currency}"
            f" due {o.promise.promised_date.isoformat()} (made {o.promise.made_on.isoformat()})",
        )
        for o in book.promises
        if o.status == OPEN
    ]
    for payment_plan in book.plans:
        instalments = payment_plan.instalments
        missed = any(i.due_date < as_of and i.paid < i.amount for i in instalments)
        to_pay = [i for i in instalments if i.paid < i.amount]
        if not missed and to_pay:
            paid_count = len(instalments) - len(to_pay)
            following = to_pay[0]
            holds.append(
                Hold(
                    "payment_plan",
                    f"payment plan kept: {paid_count} of {len(instalments)} instalments paid,"
                    f" next {format_amount(following.amount - following.paid, currency)} {currency}"
                    f" due {following.due_date.isoformat()}",
                )
            )
    if check_cash:
        holds.append(Hold("unapplied_cash", "unapplied cash from this customer: check before chasing"))
    if check_queue:
        holds.append(Hold("unapplied_cash", "a match for this customer awaits review: check before chasing"))
    if book.reminders:
        last = book.reminders[-1]
        elapsed = (as_of - last.sent_on).days
        if elapsed < stage.min_interval_days:
            holds.append(
                Hold(
                    "recently_reminded",
                    f"{last.stage} sent on {last.sent_on.isoformat()}, {elapsed} day(s) ago"
                    f" (interval {stage.min_interval_days} days)",
                )
            )
    return holds


def _line(invoice: InvoiceFacts, as_of: date) -> PlanLine:
    return PlanLine(
        invoice_number=invoice.number,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        amount=invoice.amount,
        open_amount=invoice.open_on(as_of),
        days_late=invoice.days_late(as_of),
    )
