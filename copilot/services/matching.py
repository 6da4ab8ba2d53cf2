"""``arcopilot match``: run cash application on unapplied payments, apply the sure, queue the rest.

The ledger is loaded once into a :class:`~tools.matching.MatchBook`; payments are then
claimed, matched and written chunk by chunk, each chunk in one transaction. On PostgreSQL a
chunk claims its payments with ``FOR UPDATE SKIP LOCKED``, so two ``match`` processes share
the work instead of repeating it; before writing, the open amounts the engine relied on are
locked and compared with the database, and a payment whose invoices changed meanwhile (another
process applied cash to them) is matched again on fresh figures and queued for a person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from copilot.db.engine import session_factory, transaction
from copilot.db.models import Payment
from copilot.services.allocations import (
    AllocationDraft,
    PaymentApplication,
    lock_open_amounts,
    lock_payments,
    write_allocations,
)
from copilot.services.cash_book import PaymentRow, load_book, load_payments
from copilot.services.deduction_reasons import reason_reader
from copilot.services.match_store import ENGINE_ACTOR, store_audit, store_statuses, store_suggestions
from copilot.services.remittances import link_remittances
from copilot.settings import Settings
from tools.matching import Calibration, MatchBook, MatchOutcome, MatchPolicy, Status, match_payment
from tools.matching import Suggestion as Proposal

MATCHABLE = ("unapplied", "unmatched")
CHUNK = 500
STALE_SENTENCE = (
    "An invoice's open amount changed while this payment was being matched (cash applied by "
    "another process), so it waits for a person."
)


@dataclass(frozen=True)
class MatchedPayment:
    """One payment's outcome, with the stored ids the CLI and reviewers need."""

    payment_pk: int
    bank_id: str
    currency: str
    outcome: MatchOutcome
    suggestion_pk: int | None


@dataclass
class MatchRun:
    """Everything one run considered, in booking order."""

    results: list[MatchedPayment] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """How many payments ended with ``status``."""
        return sum(1 for result in self.results if result.outcome.status is status)


def policy_from_settings(settings: Settings) -> MatchPolicy:
    """The matching policy the settings describe, with the packaged calibration."""
    return MatchPolicy(
        auto_apply_threshold=float(settings.auto_apply_threshold),
        deduction_max_share=settings.deduction_max_share,
        reason=reason_reader(settings.reason_codes_file),
        calibration=Calibration.load(settings.calibration_file),
    )


def run_matching(
    engine: Engine,
    policy: MatchPolicy,
    *,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK,
) -> MatchRun:
    """Match every payment still unapplied; auto-apply at or above the threshold.

    Remittance advices not yet linked are linked first (their payment may have arrived since),
    so that matching reads their lines.
    """
    with transaction(engine) as session:
        link_remittances(session, actor=ENGINE_ACTOR)
    with session_factory(engine)() as session:
        book, customer_pks = load_book(session)
        pending = list(
            session.scalars(
                select(Payment.id)
                .where(Payment.status.in_(MATCHABLE))
                .order_by(Payment.booking_date, Payment.id)
            )
        )
    if on_start:
        on_start(len(pending))
    run = MatchRun()
    for start in range(0, len(pending), chunk_size):
        chunk = pending[start : start + chunk_size]
        with transaction(engine) as session:
            run.results.extend(_match_chunk(session, book, policy, chunk, customer_pks))
        if on_progress:
            on_progress(len(chunk))
    return run


def _match_chunk(
    session: Session, book: MatchBook, policy: MatchPolicy, chunk: list[int], customer_pks: dict[str, int]
) -> list[MatchedPayment]:
    statuses = lock_payments(session, chunk, skip_locked=True)
    mine = [pk for pk in chunk if statuses.get(pk) in MATCHABLE]
    if not mine:
        return []
    loaded = load_payments(session, mine)
    payments = [row for row, _ in loaded]
    facts = [fact for _, fact in loaded]
    outcomes: list[MatchOutcome] = []
    expected: dict[int, Decimal] = {}
    for fact in facts:
        outcome = match_payment(fact, book, policy)
        if outcome.status is Status.AUTO_APPLIED and outcome.best is not None:
            for allocation in outcome.best.allocations:
                expected.setdefault(allocation.invoice.key, allocation.invoice.open_amount)
            book.apply(outcome.best.allocations)
        outcomes.append(outcome)
    outcomes = _recheck(session, book, policy, outcomes, expected)
    return _persist(session, payments, outcomes, customer_pks)


def _recheck(
    session: Session,
    book: MatchBook,
    policy: MatchPolicy,
    outcomes: list[MatchOutcome],
    expected: dict[int, Decimal],
) -> list[MatchOutcome]:
    """Compare the open amounts relied on with the locked database rows; re-match what changed."""
    current = lock_open_amounts(session, expected)
    stale = {key for key, amount in expected.items() if current.get(key) != amount}
    if not stale:
        return outcomes
    touched = [
        outcome
        for outcome in outcomes
        if outcome.status is Status.AUTO_APPLIED
        and outcome.best is not None
        and any(allocation.invoice.key in stale for allocation in outcome.best.allocations)
    ]
    for outcome in touched:
        assert outcome.best is not None
        book.restore(
            allocation for allocation in outcome.best.allocations if allocation.invoice.key not in stale
        )
    for key in stale:
        book.set_open(key, current.get(key, Decimal(0)))
    redone = {}
    for outcome in touched:
        fresh = match_payment(outcome.payment, book, policy)
        suggestions = tuple(
            replace(
                s,
                confidence=min(s.confidence, policy.auto_apply_threshold / 2),
                explanation=(*s.explanation, STALE_SENTENCE),
            )
            for s in fresh.suggestions
        )
        status = Status.SUGGESTED if suggestions else Status.UNMATCHED
        redone[outcome.payment.key] = MatchOutcome(outcome.payment, status, suggestions)
    return [redone.get(outcome.payment.key, outcome) for outcome in outcomes]


def _persist(
    session: Session,
    payments: Sequence[PaymentRow],
    outcomes: Sequence[MatchOutcome],
    customer_pks: dict[str, int],
) -> list[MatchedPayment]:
    currencies = {payment.id: payment.currency for payment in payments}
    first = store_suggestions(session, outcomes, currencies, customer_pks)
    applications = [
        PaymentApplication(
            outcome.payment.key, outcome.payment.currency, first[outcome.payment.key], drafts_of(outcome.best)
        )
        for outcome in outcomes
        if outcome.status is Status.AUTO_APPLIED and outcome.best is not None
    ]
    write_allocations(session, applications, actor=ENGINE_ACTOR)
    store_statuses(session, outcomes)
    store_audit(session, outcomes, {payment.id: payment.bank_id for payment in payments}, first)
    return [
        MatchedPayment(payment.id, payment.bank_id, payment.currency, outcome, first.get(payment.id))
        for payment, outcome in zip(payments, outcomes, strict=True)
    ]


def drafts_of(proposal: Proposal | None) -> tuple[AllocationDraft, ...]:
    """The allocations of a proposal, ready to write."""
    if proposal is None:
        return ()
    return tuple(
        AllocationDraft(
            allocation.invoice.key,
            allocation.amount,
            allocation.discount_amount,
            allocation.deduction_amount,
            allocation.deduction_code,
            allocation.deduction_reason,
        )
        for allocation in proposal.allocations
    )
