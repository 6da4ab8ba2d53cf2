"""Four eyes: large write-offs and edited allocations wait for a second, different reviewer."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from copilot.access import Role
from copilot.db.engine import transaction
from copilot.db.models import AuditEntry, Payment
from copilot.services.four_eyes import (
    FourEyesError,
    confirm_second_approval,
    pending_second_approvals,
    reject_second_approval,
    request_approval,
)
from copilot.services.review import EditedLine, ReviewError
from copilot.services.users import Identity
from copilot.settings import Settings
from tests.services.cash_world import open_amount, queued_suggestion

MARIE = Identity(1, "marie", Role.REVIEWER)
PAUL = Identity(2, "paul", Role.REVIEWER)
ANNE = Identity(3, "anne", Role.ADMIN)
COLIN = Identity(4, "colin", Role.COLLECTOR)


@pytest.fixture
def queued(engine: Engine) -> int:
    """A queued suggestion: 900.00 paid on a 980.00 invoice, 80.00 to write off."""
    return queued_suggestion(engine)


def payment_status(engine: Engine) -> str:
    with transaction(engine) as session:
        return session.scalars(select(Payment.status)).one()


def test_below_the_amount_one_reviewer_applies(engine: Engine, settings: Settings, queued: int) -> None:
    limit = settings.model_copy(update={"second_approval_above": Decimal("100")})
    outcome = request_approval(engine, limit, queued, identity=MARIE)
    assert outcome.status == "approved" and outcome.second_approval_pk is None
    assert open_amount(engine, "FA-1") == Decimal("0.00")


def test_a_large_write_off_waits_for_another_reviewer(
    engine: Engine, settings: Settings, queued: int
) -> None:
    limit = settings.model_copy(update={"second_approval_above": Decimal("50")})
    outcome = request_approval(engine, limit, queued, identity=MARIE)
    assert outcome.status == "awaiting_second" and outcome.second_approval_pk is not None
    assert "80.00 EUR is above 50" in outcome.message
    assert open_amount(engine, "FA-1") == Decimal("980.00") and payment_status(engine) == "queued"
    with transaction(engine) as session:
        [waiting] = pending_second_approvals(session)
    assert waiting["suggestion_id"] == queued and waiting["proposed_by"] == "user:marie"
    assert (waiting["amount"], waiting["currency"]) == ("80.00", "EUR")
    with pytest.raises(ReviewError, match="already awaits a second approval"):
        request_approval(engine, limit, queued, identity=PAUL)
    with pytest.raises(FourEyesError, match="other than marie"):
        confirm_second_approval(engine, limit, outcome.second_approval_pk, identity=MARIE)
    with pytest.raises(FourEyesError, match="only reviewers approve money"):
        confirm_second_approval(engine, limit, outcome.second_approval_pk, identity=COLIN)
    confirmed = confirm_second_approval(engine, limit, outcome.second_approval_pk, identity=PAUL)
    assert confirmed.status == "approved"
    assert open_amount(engine, "FA-1") == Decimal("0.00") and payment_status(engine) == "applied"
    with pytest.raises(ReviewError, match="already confirmed by user:paul"):
        confirm_second_approval(engine, limit, outcome.second_approval_pk, identity=ANNE)
    with transaction(engine) as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-3:] == [
        "review.second_approval_requested",
        "review.approve",
        "review.second_approval_confirmed",
    ]


def test_an_edit_on_a_large_payment_waits_and_keeps_the_edit(
    engine: Engine, settings: Settings, queued: int
) -> None:
    limit = settings.model_copy(update={"second_approval_above": Decimal("500")})
    edits = [
        EditedLine("FA-1", Decimal("900.00"), deduction_amount=Decimal("80.00"), deduction_code="PRICING")
    ]
    outcome = request_approval(engine, limit, queued, identity=MARIE, edits=edits)
    assert outcome.status == "awaiting_second" and outcome.second_approval_pk is not None
    confirm_second_approval(engine, limit, outcome.second_approval_pk, identity=ANNE)
    with transaction(engine) as session:
        approved = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "review.approve_edited")
        ).one()
    assert approved.actor == "user:anne" and approved.details["after"][0]["code"] == "PRICING"


def test_a_rejected_second_approval_leaves_the_suggestion_queued(
    engine: Engine, settings: Settings, queued: int
) -> None:
    limit = settings.model_copy(update={"second_approval_above": Decimal("50")})
    outcome = request_approval(engine, limit, queued, identity=MARIE)
    assert outcome.second_approval_pk is not None
    reject_second_approval(engine, outcome.second_approval_pk, identity=PAUL, reason="deduction not agreed")
    assert payment_status(engine) == "queued"
    again = request_approval(engine, limit, queued, identity=PAUL)
    assert again.status == "awaiting_second"


def test_a_collector_cannot_approve(engine: Engine, settings: Settings, queued: int) -> None:
    with pytest.raises(FourEyesError, match="colin is a collector"):
        request_approval(engine, settings, queued, identity=COLIN)
    assert payment_status(engine) == "queued"


def test_two_confirmations_at_once_apply_once(engine: Engine, settings: Settings, queued: int) -> None:
    limit = settings.model_copy(update={"second_approval_above": Decimal("50")})
    second_pk = request_approval(engine, limit, queued, identity=MARIE).second_approval_pk
    assert second_pk is not None

    def confirm(identity: Identity) -> str:
        try:
            return confirm_second_approval(engine, limit, second_pk, identity=identity).status
        except ReviewError as exc:
            return str(exc)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(confirm, [PAUL, ANNE]))
    assert results.count("approved") == 1, results
    assert open_amount(engine, "FA-1") == Decimal("0.00")
