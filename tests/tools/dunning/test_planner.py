"""The plan's stages: every stage reached, one step at a time, preventive, currencies, segments.

Default scenario (packaged scenarios.yml), days from the due date and interval in days:
preventive −5 (7) · reminder_1 +7 (7) · reminder_2 +21 (10) · call +30 (7) ·
formal_notice +45 (14) · litigation +75 (30). AS_OF is 2026-10-31.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.tools.dunning.ledger import AS_OF, SCENARIOS, customer, day, invoice, sent
from tools.dunning import PlanItem, Scenario, SentReminder, Stage, plan
from tools.kpis.ledger import CustomerFacts, InvoiceFacts


def _plan(
    invoices: list[InvoiceFacts],
    reminders: list[SentReminder] | None = None,
    *,
    customers: list[CustomerFacts] | None = None,
    grades: dict[str, str] | None = None,
    scenarios: dict[str, Scenario] | None = None,
) -> list[PlanItem]:
    return plan(
        customers if customers is not None else [customer("C1")],
        invoices,
        [],
        [],
        reminders or [],
        as_of=AS_OF,
        scenarios=scenarios or SCENARIOS,
        grades=grades,
    )


@pytest.mark.parametrize(
    ("due", "previous", "stage", "action", "channel"),
    [
        # due in 3 days, nothing overdue: the preventive reminder
        ("2026-11-03", None, "preventive", "send", "email"),
        # 7 days late (10-24 → 10-31), nothing sent yet
        ("2026-10-24", None, "reminder_1", "send", "email"),
        # 21 days late; reminder_1 sent 14 days ago (interval of reminder_2: 10)
        ("2026-10-10", ("reminder_1", "2026-10-17"), "reminder_2", "send", "email"),
        # 30 days late; reminder_2 sent 10 days ago (interval of call: 7)
        ("2026-10-01", ("reminder_2", "2026-10-21"), "call", "call", "call"),
        # 45 days late (14 in September + 31 in October); call made 15 days ago (interval 14)
        ("2026-09-16", ("call", "2026-10-16"), "formal_notice", "send", "letter"),
        # 75 days late (14 + 30 + 31); formal notice sent 31 days ago (interval 30)
        ("2026-08-17", ("formal_notice", "2026-09-30"), "litigation", "send", "letter"),
    ],
)
def test_every_stage_is_reached(
    due: str, previous: tuple[str, str] | None, stage: str, action: str, channel: str
) -> None:
    reminders = [sent("C1", previous[0], previous[1], "I1")] if previous else []

    [item] = _plan([invoice("I1", "C1", issued="2026-07-01", due=due, amount="1000.00")], reminders)

    assert (item.stage.key, item.action, item.stage.channel) == (stage, action, channel)
    assert item.stage.legal_notice is (stage == "formal_notice")
    assert [line.invoice_number for line in item.lines] == ["I1"]
    assert item.total_open == Decimal("1000.00")
    assert item.holds == ()
    assert item.previous == tuple(reminders)
    assert (item.customer_name, item.language, item.country, item.segment) == ("C1 SA", "fr", "FR", "default")


def test_nothing_due_before_the_first_reminder_or_outside_the_preventive_window() -> None:
    invoices = [
        invoice("LATE6", "C1", issued="2026-09-01", due="2026-10-25", amount="100.00"),  # 6 days late
        invoice("SOON", "C1", issued="2026-10-01", due="2026-11-02", amount="100.00"),  # due in 2 days
    ]
    # 6 days late: reminder_1 (+7) not reached, and something is overdue, so no preventive either
    assert _plan(invoices) == []
    # due in 6 days (11-06): outside the 5-day preventive window
    assert _plan([invoice("LATER", "C1", issued="2026-10-01", due="2026-11-06", amount="100.00")]) == []


def test_preventive_covers_only_the_invoices_due_within_the_window() -> None:
    invoices = [
        invoice("TODAY", "C1", issued="2026-10-01", due="2026-10-31", amount="100.00"),  # due today: 0 late
        invoice("EDGE", "C1", issued="2026-10-01", due="2026-11-05", amount="250.00"),  # in 5 days: included
        invoice("LATER", "C1", issued="2026-10-01", due="2026-11-20", amount="900.00"),  # in 20 days
        # issued after AS_OF: not receivable yet
        invoice("FUTURE", "C1", issued="2026-11-01", due="2026-11-02", amount="50.00"),
    ]

    [item] = _plan(invoices)

    assert item.stage.key == "preventive"
    assert [(line.invoice_number, line.days_late) for line in item.lines] == [("TODAY", 0), ("EDGE", 0)]
    assert item.total_open == Decimal("350.00")  # 100 + 250


def test_escalation_goes_one_step_at_a_time() -> None:
    # 80 days late (due 08-12: 19 + 30 + 31): litigation is due by the calendar…
    invoices = [invoice("OLD", "C1", issued="2026-07-01", due="2026-08-12", amount="800.00")]
    assert _plan(invoices)[0].stage.key == "reminder_1"  # …but nothing was sent: first reminder
    steps = [
        ("reminder_1", "reminder_2"),
        ("reminder_2", "call"),
        ("call", "formal_notice"),
        ("formal_notice", "litigation"),
        ("litigation", "litigation"),  # nothing after the last stage
    ]
    for last_sent, expected in steps:
        [item] = _plan(invoices, [sent("C1", last_sent, "2026-09-01", "OLD")])  # 60 days ago
        assert (last_sent, item.stage.key) == (last_sent, expected)
    # a preventive reminder counts as sent: the next step is still reminder_1
    [item] = _plan(invoices, [sent("C1", "preventive", "2026-08-07", "OLD")])
    assert item.stage.key == "reminder_1"


def test_the_calendar_caps_the_step() -> None:
    # 22 days late: reminder_2 is due; a formal notice sent earlier does not push it higher
    invoices = [invoice("I1", "C1", issued="2026-09-01", due="2026-10-09", amount="100.00")]
    [item] = _plan(invoices, [sent("C1", "formal_notice", "2026-10-01")])  # names no invoice: covers all
    assert item.stage.key == "reminder_2"


def test_a_scenario_without_intermediate_stages_moves_to_its_next_one() -> None:
    sparse = {
        "default": Scenario(
            "default",
            (
                Stage("reminder_1", 7, "email", "courteous"),
                Stage("formal_notice", 45, "letter", "formal", legal_notice=True),
            ),
        )
    }
    invoices = [invoice("I1", "C1", issued="2026-07-01", due="2026-09-01", amount="100.00")]  # 60 late
    [item] = _plan(invoices, [sent("C1", "reminder_1", "2026-09-20", "I1")], scenarios=sparse)
    assert item.stage.key == "formal_notice"
    # a reminder_2 sent under another scenario counts as this scenario's reminder_1
    [item] = _plan(invoices, [sent("C1", "reminder_2", "2026-09-20", "I1")], scenarios=sparse)
    assert item.stage.key == "formal_notice"


def test_reminders_about_other_invoices_or_after_as_of_do_not_count() -> None:
    invoices = [invoice("NEW", "C1", issued="2026-07-01", due="2026-08-12", amount="100.00")]  # 80 late
    reminders = [
        sent("C1", "formal_notice", "2026-06-01", "PAID-LONG-AGO"),  # another, settled debt
        sent("C1", "litigation", "2026-11-02", "NEW"),  # after AS_OF
        sent("C2", "litigation", "2026-10-01", "NEW"),  # another customer
    ]
    [item] = _plan(invoices, reminders)
    assert (item.stage.key, item.previous, item.holds) == ("reminder_1", (), ())


def test_one_item_per_currency_largest_total_first() -> None:
    invoices = [
        invoice("E1", "C1", issued="2026-09-01", due="2026-10-20", amount="1000.00"),  # 11 late
        invoice("G1", "C1", issued="2026-09-01", due="2026-10-20", amount="3000.00", currency="GBP"),
        invoice("G2", "C1", issued="2026-09-01", due="2026-10-01", amount="500.00", currency="GBP"),  # 30
        invoice("B1", "C2", issued="2026-09-01", due="2026-10-20", amount="2000.00"),
        # partly paid: 1200 − 700 = 500 open, 11 days late
        invoice(
            "P1", "C3", issued="2026-09-01", due="2026-10-20", amount="1200.00", paid=(("2026-10-25", "700"),)
        ),
    ]
    customers = [customer("C1"), customer("C2"), customer("C3")]
    # the EUR reminder to C1 two days ago holds its EUR item only
    reminders = [sent("C1", "reminder_1", "2026-10-29", "E1")]

    items = _plan(invoices, reminders, customers=customers)

    assert [(i.customer_id, i.currency, i.total_open, i.stage.key, i.action) for i in items] == [
        ("C1", "GBP", Decimal("3500.00"), "reminder_1", "send"),  # 3000 + 500; oldest 30 days late
        ("C2", "EUR", Decimal("2000.00"), "reminder_1", "send"),
        ("C1", "EUR", Decimal("1000.00"), "reminder_1", "hold"),
        ("C3", "EUR", Decimal("500.00"), "reminder_1", "send"),
    ]
    assert [line.invoice_number for line in items[0].lines] == ["G2", "G1"]  # oldest due date first
    assert [(line.open_amount, line.days_late) for line in items[3].lines] == [(Decimal("500"), 11)]
    assert [h.reason for h in items[2].holds] == ["recently_reminded"]


def test_segment_by_record_then_risk_grade() -> None:
    # 4 days late: only high_risk (reminder_1 at +3) has a stage due
    invoices = [
        invoice(cid, cid, issued="2026-09-01", due="2026-10-27", amount="100.00")
        for cid in ("RISKY", "SAFE", "KEY", "RETAIL")
    ]
    customers = [
        customer("RISKY"),  # no segment, grade D → high_risk
        customer("SAFE"),  # no segment, grade B → default: nothing yet
        customer("KEY", segment="key_account"),  # its own scenario wins over grade E
        customer("RETAIL", segment="retail"),  # no scenario "retail", grade E → high_risk
    ]
    grades = {"RISKY": "D", "SAFE": "B", "KEY": "E", "RETAIL": "E"}

    items = _plan(invoices, customers=customers, grades=grades)

    assert [(i.customer_id, i.segment, i.stage.key, i.stage.tone) for i in items] == [
        ("RETAIL", "high_risk", "reminder_1", "firm"),
        ("RISKY", "high_risk", "reminder_1", "firm"),
    ]
    # 20 days late: key_account's reminder_1 (+15), default's reminder_1 (+7)
    late = [invoice(c, c, issued="2026-09-01", due="2026-10-11", amount="100.00") for c in ("KEY", "SAFE")]
    assert [(i.customer_id, i.segment, i.stage.offset_days) for i in _plan(late, customers=customers)] == [
        ("KEY", "key_account", 15),
        ("SAFE", "default", 7),
    ]


def test_an_invoice_of_an_unknown_customer_is_planned_under_its_name() -> None:
    [item] = _plan(
        [invoice("X1", "GHOST", issued="2026-09-01", due="2026-10-20", amount="10.00")], customers=[]
    )
    assert (item.customer_id, item.customer_name, item.segment, item.country) == (
        "GHOST",
        "GHOST SA",
        "default",
        None,
    )
    assert (item.stage.key, item.lines[0].due_date) == ("reminder_1", day("2026-10-20"))
