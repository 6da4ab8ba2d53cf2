from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from copilot.db.engine import transaction
from copilot.db.models import (
    Allocation,
    AuditEntry,
    CustomerAlias,
    CustomerIban,
    Deduction,
    Payment,
    Suggestion,
)
from copilot.services.matching import run_matching
from copilot.services.review import EditedLine, ReviewError, approve, reject, reopen
from tests.services.cash_world import SURE, open_amount, seed_customers, seed_invoice, seed_payment
from tools.matching import MatchPolicy, Status

POLICY = MatchPolicy(calibration=SURE)


@pytest.fixture
def world(engine: Engine) -> Engine:
    seed_customers(engine, 3)
    seed_invoice(engine, "FA-2026-00001", "C0001", "1200.00")
    seed_invoice(engine, "FA-2026-00002", "C0001", "300.00")
    seed_invoice(engine, "FA-2026-00003", "C0002", "980.00")
    seed_invoice(engine, "FA-2026-00004", "C0003", "450.00")
    seed_payment(
        engine,
        "P1",
        "1200.00",
        "FACTURE FA-2026-00001",
        payer="CLIENT 0001",
        iban="FR76300040000" + "1".zfill(14),
    )
    seed_payment(engine, "P2", "900.00", "FA-2026-00003", payer="CLIENT 0002")  # short: a deduction to review
    seed_payment(engine, "P3", "77.00", "INTERETS CREDITEURS", payer="BANQUE")  # nothing to do with us
    return engine


def statuses(engine: Engine) -> dict[str, str]:
    with transaction(engine) as session:
        return dict(session.execute(select(Payment.bank_id, Payment.status)).all())


def test_match_applies_the_sure_queues_the_rest_and_leaves_the_unknown(world: Engine) -> None:
    run = run_matching(world, POLICY)
    assert [r.outcome.status for r in run.results] == [
        Status.AUTO_APPLIED,
        Status.SUGGESTED,
        Status.UNMATCHED,
    ]
    assert statuses(world) == {"P1": "applied", "P2": "queued", "P3": "unmatched"}
    assert open_amount(world, "FA-2026-00001") == 0
    assert open_amount(world, "FA-2026-00003") == Decimal("980.00")  # queued: nothing moved yet
    with transaction(world) as session:
        (allocation,) = session.scalars(select(Allocation)).all()
        assert (allocation.amount, allocation.created_by) == (Decimal("1200.00"), "arcopilot:matcher")
        actions = sorted(session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("match.%"))))
        assert actions == ["match.auto_applied", "match.suggested", "match.unmatched"]


def test_a_second_run_never_applies_a_payment_twice(world: Engine) -> None:
    run_matching(world, POLICY)
    again = run_matching(world, POLICY)
    assert [r.bank_id for r in again.results] == ["P3"]  # only the unmatched is looked at again
    with transaction(world) as session:
        assert session.scalar(select(func.count()).select_from(Allocation)) == 1


def test_approving_applies_the_deduction_and_teaches_the_engine(world: Engine) -> None:
    run = run_matching(world, POLICY)
    queued = run.results[1]
    assert queued.suggestion_pk is not None
    approve(world, queued.suggestion_pk, actor="user:marie", deduction_code="PRICING")
    assert open_amount(world, "FA-2026-00003") == 0
    with transaction(world) as session:
        (deduction,) = session.scalars(select(Deduction)).all()
        assert (deduction.amount, deduction.reason_code) == (Decimal("80.00"), "PRICING")
        assert (
            session.scalars(select(CustomerAlias.normalised_alias)).all() == []
        )  # the payer used the ERP name
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "review.approve_edited")).one()
        assert entry.actor == "user:marie" and entry.details["after"][0]["code"] == "PRICING"
    with pytest.raises(ReviewError, match="nothing to approve"):
        approve(world, queued.suggestion_pk, actor="user:bob")
    with transaction(world) as session:
        assert session.scalar(select(func.count()).select_from(Allocation)) == 2


def test_an_approval_teaches_an_unknown_account_and_name(engine: Engine) -> None:
    seed_customers(engine, 1)
    seed_invoice(engine, "FA-2026-00001", "C0001", "500.00")
    seed_invoice(engine, "FA-2026-00002", "C0001", "640.00")
    seed_payment(
        engine, "P1", "500.00", "FA-2026-00001", payer="CLT 1 PAIEMENTS GROUPE", iban="DE89370400440532013000"
    )
    first = run_matching(engine, MatchPolicy()).results[0]  # nothing measured: a person decides
    assert first.outcome.status is Status.SUGGESTED and first.suggestion_pk is not None
    approve(engine, first.suggestion_pk, actor="user:marie")
    with transaction(engine) as session:
        assert session.scalars(
            select(CustomerIban.source).where(CustomerIban.iban == "DE89370400440532013000")
        ).one()
        assert session.scalars(select(CustomerAlias.alias)).all() == ["CLT 1 PAIEMENTS GROUPE"]
    seed_payment(engine, "P2", "640.00", None, payer="CLT 1 PAIEMENTS GROUPE")
    second = run_matching(engine, POLICY).results[0]
    best = second.outcome.best
    assert best is not None and best.customer_id == "C0001"
    assert best.evidence.startswith("name|") and "approved before" in " ".join(best.explanation)


def test_edited_allocations_are_checked_against_open_amounts(world: Engine) -> None:
    queued = run_matching(world, POLICY).results[1]
    assert queued.suggestion_pk is not None
    with pytest.raises(ReviewError, match="more than its open amount"):
        approve(
            world, queued.suggestion_pk, actor="u", edits=[EditedLine("FA-2026-00003", Decimal("990.00"))]
        )
    with pytest.raises(ReviewError, match="no invoice"):
        approve(world, queued.suggestion_pk, actor="u", edits=[EditedLine("FA-9", Decimal("1"))])
    assert open_amount(world, "FA-2026-00003") == Decimal("980.00")
    approve(
        world,
        queued.suggestion_pk,
        actor="u",
        edits=[
            EditedLine("FA-2026-00003", Decimal("600.00")),
            EditedLine("FA-2026-00004", Decimal("300.00")),
        ],
    )
    assert open_amount(world, "FA-2026-00003") == Decimal("380.00")
    assert open_amount(world, "FA-2026-00004") == Decimal("150.00")


def test_reject_then_reopen_and_reverse_an_automatic_application(world: Engine) -> None:
    run = run_matching(world, POLICY)
    applied, queued = run.results[0], run.results[1]
    assert applied.suggestion_pk and queued.suggestion_pk
    reject(world, queued.suggestion_pk, actor="user:marie", reason="wrong customer")
    assert statuses(world)["P2"] == "manual"
    reopen(world, applied.suggestion_pk, actor="user:marie")
    assert open_amount(world, "FA-2026-00001") == Decimal("1200.00")
    assert statuses(world)["P1"] == "queued"
    with transaction(world) as session:
        (allocation,) = session.scalars(select(Allocation)).all()
        assert allocation.reversed_by == "user:marie" and allocation.reversed_at is not None
        assert session.get_one(Suggestion, applied.suggestion_pk).status == "pending"
        actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("review.%"))))
        assert actions == {"review.reject", "review.reopen"}
    approve(world, applied.suggestion_pk, actor="user:bob")  # and it can be applied again, once
    assert open_amount(world, "FA-2026-00001") == 0
