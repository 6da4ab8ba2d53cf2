"""Holds (dispute, promise, payment plan, unapplied cash, queued match, recently sent) and the
alerts of broken promises and missed instalments, which raise the stage one step.

Default scenario: reminder_1 +7 (interval 7) · reminder_2 +21 (10) · call +30 (7). AS_OF 2026-10-31.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from tests.tools.dunning.ledger import AS_OF, SCENARIOS, customer, invoice, payment_plan, promise, sent
from tools.dunning import Hold, PaymentPlanFacts, PlanItem, SentReminder, plan
from tools.kpis.ledger import InvoiceFacts, PromiseFacts

# 11 days late (10-20 → 10-31): reminder_1 is due
LATE = invoice("I1", "C1", issued="2026-09-20", due="2026-10-20", amount="1200.00")


def _one(
    invoices: list[InvoiceFacts] | None = None,
    *,
    promises: list[PromiseFacts] | None = None,
    plans: list[PaymentPlanFacts] | None = None,
    reminders: list[SentReminder] | None = None,
    unapplied: Collection[str] = frozenset(),
    queued: Collection[str] = frozenset(),
) -> PlanItem:
    [item] = plan(
        [customer("C1")],
        invoices or [LATE],
        promises or [],
        plans or [],
        reminders or [],
        as_of=AS_OF,
        scenarios=SCENARIOS,
        unapplied_customers=unapplied,
        queued_customers=queued,
    )
    return item


def test_a_disputed_invoice_is_left_out_and_the_rest_chased() -> None:
    disputed = invoice("D1", "C1", issued="2026-09-01", due="2026-10-01", amount="500.00", disputed=True)

    item = _one([LATE, disputed])

    # the stage follows the chased invoice (11 days late), not the disputed one (30 days)
    assert (item.stage.key, item.action, item.holds) == ("reminder_1", "send", ())
    assert [line.invoice_number for line in item.lines] == ["I1"]
    assert item.total_open == Decimal("1200.00")
    assert item.alerts == ("D1 (500.00 EUR) disputed: left out",)


def test_a_customer_with_only_disputed_invoices_is_held() -> None:
    disputed = invoice("D1", "C1", issued="2026-09-01", due="2026-10-01", amount="500.00", disputed=True)

    item = _one([disputed])

    assert (item.stage.key, item.action) == ("reminder_1", "hold")  # stage still computed
    assert item.holds == (Hold("dispute", "disputed: D1"),)
    assert [line.invoice_number for line in item.lines] == ["D1"]


def test_an_open_promise_holds_the_customer() -> None:
    pending = promise("C1", "1200.00", made_on="2026-10-25", promised="2026-11-05")
    item = _one(promises=[pending])
    assert item.action == "hold"
    assert item.holds == (Hold("promise", "promise of 1200.00 EUR due 2026-11-05 (made 2026-10-25)"),)
    # promised for today: still open
    assert _one(promises=[promise("C1", "50", made_on="2026-10-25", promised="2026-10-31")]).action == "hold"
    # in another currency, cancelled, or made after AS_OF: no hold
    others = [
        promise("C1", "1200.00", made_on="2026-10-25", promised="2026-11-05", currency="USD"),
        promise("C1", "1200.00", made_on="2026-10-25", promised="2026-11-05", status="cancelled"),
        promise("C1", "1200.00", made_on="2026-11-01", promised="2026-11-05"),
    ]
    assert (_one(promises=others).action, _one(promises=others).holds) == ("send", ())


def test_a_payment_plan_being_kept_holds_the_customer() -> None:
    kept = payment_plan("C1", ("2026-10-15", "600.00", "600.00"), ("2026-10-31", "600.00", "0"))

    item = _one(plans=[kept])

    # the instalment due today is not missed yet
    assert item.holds == (
        Hold("payment_plan", "payment plan kept: 1 of 2 instalments paid, next 600.00 EUR due 2026-10-31"),
    )
    assert item.alerts == ()
    # cancelled, fully paid or in another currency: no hold
    cancelled = payment_plan("C1", ("2026-11-15", "600.00", "0"), status="cancelled")
    done = payment_plan("C1", ("2026-10-15", "1200.00", "1200.00"))
    dollars = payment_plan("C1", ("2026-11-15", "600.00", "0"), currency="USD")
    assert _one(plans=[cancelled, done, dollars]).action == "send"


def test_a_missed_instalment_raises_the_stage_with_an_alert() -> None:
    missed = payment_plan("C1", ("2026-10-15", "600.00", "200.00"), ("2026-11-15", "600.00", "0"))

    item = _one(plans=[missed])

    # 11 days late and nothing sent: reminder_1, raised one step to reminder_2; no hold
    assert (item.stage.key, item.action, item.holds) == ("reminder_2", "send", ())
    assert item.alerts == ("instalment of 600.00 EUR due 2026-10-15 missed (200.00 EUR paid)",)


def test_a_broken_promise_raises_the_stage_until_a_reminder_follows_it() -> None:
    # 1500 invoiced, 300 paid on 10-20: 1200 open, 21 days late (10-10 → 10-31)
    owed = invoice(
        "I2", "C1", issued="2026-09-10", due="2026-10-10", amount="1500.00", paid=(("2026-10-20", "300"),)
    )
    # promised 1200 by 10-25 on 10-18; only 300 came between 10-18 and 10-25: broken
    broken = promise("C1", "1200.00", made_on="2026-10-18", promised="2026-10-25")
    first = sent("C1", "reminder_1", "2026-10-17", "I2")  # 14 days ago

    item = _one([owed], promises=[broken], reminders=[first])

    # due: reminder_2 (21 days); one step above reminder_1 allows it; the broken promise raises it
    assert (item.stage.key, item.action, item.holds) == ("call", "call", ())
    assert item.alerts == ("promise of 1200.00 EUR due 2026-10-25 broken",)

    # a call made on 10-27, after the promised date: the breach has been acted upon
    after = _one([owed], promises=[broken], reminders=[first, sent("C1", "call", "2026-10-27", "I2")])
    assert (after.stage.key, after.alerts) == ("reminder_2", ())
    assert [h.reason for h in after.holds] == ["recently_reminded"]  # call 4 days ago, interval 10


def test_unapplied_cash_and_a_queued_match_hold_the_customer() -> None:
    item = _one(unapplied={"C1"}, queued={"C1", "C9"})
    assert [h.reason for h in item.holds] == ["unapplied_cash", "unapplied_cash"]
    assert item.action == "hold"
    assert _one(unapplied={"C2"}, queued={"C3"}).action == "send"


def test_a_recent_reminder_holds_until_the_interval_has_passed() -> None:
    item = _one(reminders=[sent("C1", "reminder_1", "2026-10-28", "I1")])
    assert item.holds == (
        Hold("recently_reminded", "reminder_1 sent on 2026-10-28, 3 day(s) ago (interval 7 days)"),
    )
    # a later stage sent recently holds too
    assert [h.reason for h in _one(reminders=[sent("C1", "formal_notice", "2026-10-26")]).holds] == [
        "recently_reminded"
    ]
    # exactly 7 days ago: the interval has passed, reminder_1 goes out again
    again = _one(reminders=[sent("C1", "reminder_1", "2026-10-24", "I1")])
    assert (again.stage.key, again.action, again.holds) == ("reminder_1", "send", ())


def test_several_holds_are_all_reported_and_the_stage_kept() -> None:
    item = _one(
        promises=[promise("C1", "100.00", made_on="2026-10-30", promised="2026-11-30")],
        reminders=[sent("C1", "reminder_1", "2026-10-30")],
        unapplied={"C1"},
    )
    assert [h.reason for h in item.holds] == ["promise", "unapplied_cash", "recently_reminded"]
    assert (item.stage.key, item.action) == ("reminder_1", "hold")  # 11 days late: reminder_1
