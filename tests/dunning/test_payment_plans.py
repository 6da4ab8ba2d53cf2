"""Payment plans: recording, what was paid of each instalment, and the holds and alerts they cause."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from copilot.customer_names import UnknownCustomer
from copilot.db.engine import session_factory, transaction
from copilot.db.models import AuditEntry
from copilot.dunning.errors import DunningError
from copilot.dunning.payment_plans import add_plan, customer_plans, fill_instalments
from copilot.dunning.planning import day_plan
from copilot.settings import Settings
from tests.dunning.world import AS_OF, apply, receive

SCHEDULE = [(date(2026, 10, 15), Decimal("500.00")), (date(2026, 11, 15), Decimal("500.00"))]


def test_payments_fill_the_instalments_in_date_order() -> None:
    amounts = [Decimal("500.00"), Decimal("500.00")]
    assert fill_instalments(amounts, Decimal("700.00")) == [Decimal("500.00"), Decimal("200.00")]
    assert fill_instalments(amounts, Decimal("1200.00")) == [Decimal("500.00"), Decimal("500.00")]
    assert fill_instalments(amounts, Decimal(0)) == [Decimal(0), Decimal(0)]


def plan_for(engine: Engine, settings: Settings, customer: str = "C1", **options: object) -> None:
    with transaction(engine) as session:
        add_plan(
            session,
            settings,
            customer,
            options.pop("schedule", SCHEDULE),  # type: ignore[arg-type]
            made_on=date(2026, 10, 1),
            actor="user:marie",
            **options,  # type: ignore[arg-type]
        )


def pay_c1(engine: Engine, amount: str, day: date) -> None:
    with transaction(engine) as session:
        apply(session, receive(session, amount, day), "FA-2026-0101", amount)


def test_settlements_since_the_plan_was_made_count_towards_it(
    world: Engine, world_settings: Settings
) -> None:
    pay_c1(world, "100.00", date(2026, 9, 20))  # before the plan: not counted
    plan_for(world, world_settings, note="agreed by phone")
    pay_c1(world, "700.00", date(2026, 10, 10))
    with session_factory(world)() as session:
        [plan] = customer_plans(session, "Boulangerie Dupont", as_of=AS_OF)
        [early] = customer_plans(session, "C1", as_of=date(2026, 10, 5))
    assert plan.as_json() == {
        "plan_id": plan.plan_id,
        "customer_id": "C1",
        "customer_name": "Boulangerie Dupont SAS",
        "currency": "EUR",  # the currency of C1's open invoices
        "status": "active",
        "made_on": "2026-10-01",
        "note": "agreed by phone",
        "created_by": "user:marie",
        "total": "1000.00",
        "paid": "700.00",
        "instalments": [
            {"position": 1, "due_date": "2026-10-15", "amount": "500.00", "paid": "500.00"},
            {"position": 2, "due_date": "2026-11-15", "amount": "500.00", "paid": "200.00"},
        ],
    }
    assert early.paid == Decimal(0)  # the 700.00 was booked after 2026-10-05


def test_a_plan_being_kept_holds_the_customer(world: Engine, world_settings: Settings) -> None:
    plan_for(world, world_settings)
    pay_c1(world, "500.00", date(2026, 10, 12))
    with session_factory(world)() as session:
        actions = {
            a["customer_id"]: a for a in day_plan(session, world_settings, as_of=AS_OF).as_json()["actions"]
        }
    assert actions["C1"]["action"] == "hold" and actions["C1"]["hold"] == "payment_plan"


def test_a_missed_instalment_raises_the_stage_with_an_alert(world: Engine, world_settings: Settings) -> None:
    plan_for(world, world_settings)
    pay_c1(world, "300.00", date(2026, 10, 12))
    with session_factory(world)() as session:
        actions = {
            a["customer_id"]: a for a in day_plan(session, world_settings, as_of=AS_OF).as_json()["actions"]
        }
    c1 = actions["C1"]
    # Nothing sent yet: reminder_1, raised one step by the missed instalment.
    assert (c1["stage"], c1["action"], c1["hold"]) == ("reminder_2", "send", None)
    assert c1["alerts"] == ["instalment of 500.00 EUR due 2026-10-15 missed (300.00 EUR paid)"]


def test_a_new_plan_replaces_the_active_one_and_both_are_audited(
    world: Engine, world_settings: Settings
) -> None:
    plan_for(world, world_settings)
    plan_for(world, world_settings, schedule=[(date(2026, 12, 1), Decimal("1650.50"))])
    with session_factory(world)() as session:
        plans = customer_plans(session, "C1", as_of=AS_OF)
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert [(p.status, str(p.total)) for p in plans] == [("active", "1650.50"), ("cancelled", "1000.00")]
    assert actions == ["payment_plan_added", "payment_plan_cancelled", "payment_plan_added"]


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ([], "at least one instalment"),
        (
            [(date(2026, 9, 1), Decimal("10.00"))],
            "instalment of 2026-09-01 is before the day the plan was made",
        ),
        ([(date(2026, 11, 1), Decimal("1")), (date(2026, 11, 1), Decimal("2"))], "the same day"),
        ([(date(2026, 11, 1), Decimal("0.00"))], "the amount must be positive"),
        ([(date(2026, 11, 1), Decimal("10.001"))], "more decimals than EUR allows"),
    ],
)
def test_bad_schedules_are_refused(
    world: Engine, world_settings: Settings, schedule: list[tuple[date, Decimal]], message: str
) -> None:
    with pytest.raises(DunningError, match=message):
        plan_for(world, world_settings, schedule=schedule)


def test_an_unknown_customer_is_refused_with_the_closest_names(
    world: Engine, world_settings: Settings
) -> None:
    with pytest.raises(UnknownCustomer, match=r"unknown customer .Zebra Trading.; closest: "):
        plan_for(world, world_settings, customer="Zebra Trading")
