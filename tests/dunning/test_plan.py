"""The day's plan read from the database: the ``dunning plan --json`` contract, late-payment
amounts, and the holds and escalations that come from stored facts (sent reminders, unapplied
cash, queued matches, disputes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, update

from copilot.db.dunning_models import DunningDraft
from copilot.db.engine import session_factory, transaction
from copilot.db.models import CustomerIban, Invoice, Suggestion
from copilot.dunning.planning import day_plan
from copilot.settings import Settings
from tests.dunning.world import AS_OF, receive


def actions(engine: Engine, settings: Settings) -> dict[str, dict[str, Any]]:
    with session_factory(engine)() as session:
        plan = day_plan(session, settings, as_of=AS_OF).as_json()
    assert plan["as_of"] == "2026-10-31"
    return {action["customer_id"]: action for action in plan["actions"]}


def test_the_plan_follows_the_json_contract_with_the_legal_amounts(
    world: Engine, world_settings: Settings
) -> None:
    with session_factory(world)() as session:
        plan = day_plan(session, world_settings, as_of=AS_OF).as_json()
    # Largest total first: C2 17950.00 GBP, C1 1650.50 EUR, C3 300.00 EUR.
    assert [a["customer_id"] for a in plan["actions"]] == ["C2", "C1", "C3"]
    c1 = plan["actions"][1]
    assert c1 == {
        "customer_id": "C1",
        "customer_name": "Boulangerie Dupont SAS",
        "segment": "high_risk",  # graded D by the risk score (52, no payment history)
        "stage": "reminder_1",
        "channel": "email",
        "action": "send",
        "language": "fr",
        "hold": None,
        "holds": [],
        "alerts": [],
        "total_overdue": "1650.50",
        "currency": "EUR",
        "invoices": [
            {
                "invoice_number": "FA-2026-0101",
                "open_amount": "1200.00",
                "due_date": "2026-08-14",
                "days_overdue": 78,
            },
            {
                "invoice_number": "FA-2026-0102",
                "open_amount": "450.50",
                "due_date": "2026-09-19",
                "days_overdue": 42,
            },
        ],
        "late_penalties": "37.46",  # 31.16 + 6.30 (see test_drafts)
        "recovery_indemnity": "80.00",  # 2 × 40.00
    }
    c2, c3 = plan["actions"][0], plan["actions"][2]
    assert (c2["currency"], c2["late_penalties"], c2["recovery_indemnity"]) == ("GBP", "322.85", "210.00")
    # FB-7: 300.00 × 12.15 % × 31 / 365 = 1129.95 / 365 = 3.0957… → 3.10, plus 40.00.
    assert (c3["late_penalties"], c3["recovery_indemnity"]) == ("3.10", "40.00")


def sent(engine: Engine, customer_pk: int, stage: str, day: date) -> None:
    with transaction(engine) as session:
        session.add(
            DunningDraft(
                customer_pk=customer_pk,
                as_of=day,
                stage=stage,
                channel="email",
                language="fr",
                currency="EUR",
                subject="s",
                body_text="t",
                body_html="h",
                facts={"lines": [{"invoice_number": "FA-2026-0101"}]},
                status="sent",
                created_by="test",
                sent_on=day,
            )
        )


def test_a_sent_reminder_moves_the_customer_one_stage_up(world: Engine, world_settings: Settings) -> None:
    sent(world, 1, "reminder_1", date(2026, 10, 20))
    c1 = actions(world, world_settings)["C1"]
    assert (c1["stage"], c1["action"]) == ("reminder_2", "send")


def test_a_reminder_sent_days_ago_holds_the_next(world: Engine, world_settings: Settings) -> None:
    sent(world, 1, "reminder_1", date(2026, 10, 27))  # 4 days ago; reminder_2 waits 10 days
    c1 = actions(world, world_settings)["C1"]
    assert (c1["stage"], c1["hold"]) == ("reminder_2", "recently_reminded")


def test_drafts_not_sent_do_not_count(world: Engine, world_settings: Settings) -> None:
    sent(world, 1, "reminder_1", date(2026, 10, 20))
    with transaction(world) as session:
        session.execute(update(DunningDraft).values(status="approved"))
    assert actions(world, world_settings)["C1"]["stage"] == "reminder_1"


def test_cash_not_yet_applied_and_queued_matches_mean_check_before_chasing(
    world: Engine, world_settings: Settings
) -> None:
    with transaction(world) as session:
        receive(session, "450.50", date(2026, 10, 29), payer_name="BOULANGERIE DUPONT")  # C1 by name
        session.add(CustomerIban(customer_pk=2, iban="GB29NWBK60161331926819"))
        receive(
            session, "950.00", date(2026, 10, 30), currency="GBP", payer_iban="GB29 NWBK 6016 1331 9268 19"
        )
        queued = receive(session, "300.00", date(2026, 10, 30), payer_name="DF SARL", status="queued")
        session.add(
            Suggestion(
                payment_pk=queued.id,
                customer_pk=3,
                confidence=Decimal("0.8"),
                status="pending",
                unapplied_amount=Decimal(0),
                currency="EUR",
            )
        )
        receive(session, "99.00", date(2026, 11, 2), payer_name="ACME WIDGETS")  # after as_of: not yet
    plan = actions(world, world_settings)
    assert [h["reason"] for h in plan["C1"]["holds"]] == ["unapplied_cash"]
    assert [h["reason"] for h in plan["C2"]["holds"]] == ["unapplied_cash"]
    assert [h["reason"] for h in plan["C3"]["holds"]] == ["unapplied_cash"]
    assert "awaits review" in plan["C3"]["holds"][0]["detail"]


def test_a_disputed_invoice_is_left_out_and_alone_holds_the_customer(
    world: Engine, world_settings: Settings
) -> None:
    with transaction(world) as session:
        session.execute(
            update(Invoice).where(Invoice.invoice_number.in_(["FA-2026-0102", "FB-7"])).values(disputed=True)
        )
    plan = actions(world, world_settings)
    assert [line["invoice_number"] for line in plan["C1"]["invoices"]] == ["FA-2026-0101"]
    assert plan["C1"]["total_overdue"] == "1200.00" and plan["C1"]["hold"] is None
    assert plan["C3"]["hold"] == "dispute"
