"""Cash application of one payment: who paid, which invoices, how the amount settles them.

:func:`match_payment` is pure: it reads a :class:`~tools.matching.book.MatchBook` and returns
ranked suggestions with calibrated confidence and plain-sentence explanations. It never
mixes currencies, never allocates more than an invoice's open amount, and proposes only;
the caller applies (and :meth:`MatchBook.apply` keeps the book in step within one run).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from tools.matching.amounts import (
    Fit,
    ReasonFound,
    ReasonReader,
    fit_listed,
    fit_oldest_first,
    fit_unreferenced,
    in_full,
    minor_units,
    money,
)
from tools.matching.book import MatchBook
from tools.matching.confidence import Calibration, Evidence
from tools.matching.evidence import GroupEvidence, gather_evidence
from tools.matching.model import DiscountTerms, MatchOutcome, OpenInvoice, PaymentFacts, Status, Suggestion
from tools.matching.references import Strength
from tools.matching.remittance import fit_remittance
from tools.matching.subsets import find_subsets

ZERO = Decimal(0)
NEVER_AUTOMATIC = frozenset(  # a person decides: guesses, and deductions nobody explained
    {"oldest_first", "amount_only", "subset_ambiguous", "deduction_unexplained", "deduction_stated"}
)
WEAK_IDENTITY = frozenset({"none", "fuzzy"})  # a look-alike name alone never moves money
_REFERENCE_WORDS = {4: "exact", 3: "trimmed", 2: "digits", 1: "last"}


def no_reason(_text: str | None) -> ReasonFound | None:
    """A reason reader that finds none (every short payment is an unexplained deduction)."""
    return None


@dataclass(frozen=True)
class MatchPolicy:
    """Settings of cash application."""

    auto_apply_threshold: float = 0.95
    deduction_max_share: Decimal = Decimal("0.15")
    reason: ReasonReader = no_reason
    calibration: Calibration = field(default_factory=Calibration)
    max_suggestions: int = 3


def match_payment(payment: PaymentFacts, book: MatchBook, policy: MatchPolicy) -> MatchOutcome:
    """Ranked suggestions for one payment and whether the best one may apply itself."""
    groups = gather_evidence(payment, book)
    candidates: list[tuple[Fit, GroupEvidence]] = []
    for group in groups:
        fit = _fit_group(payment, book, group, policy)
        if fit is not None and fit.allocations:
            candidates.append((fit, group))
    if not candidates:
        global_fit = _amount_only(payment, book)
        if global_fit is not None:
            candidates.append(global_fit)
    suggestions = _rank(payment, book, candidates, policy)
    if not suggestions:
        return MatchOutcome(payment, Status.UNMATCHED)
    best = suggestions[0]
    who, _, kind, _ = best.evidence.split("|")
    automatic = (
        best.confidence >= policy.auto_apply_threshold
        and kind not in NEVER_AUTOMATIC
        and who not in WEAK_IDENTITY
    )
    return MatchOutcome(payment, Status.AUTO_APPLIED if automatic else Status.SUGGESTED, tuple(suggestions))


def _fit_group(
    payment: PaymentFacts, book: MatchBook, group: GroupEvidence, policy: MatchPolicy
) -> Fit | None:
    currency = payment.currency
    if group.remitted:
        return fit_remittance(payment, [(line, book.invoices[row]) for line, row in group.remitted])
    text = " ".join(payment.texts)
    if group.references:
        listed = _by_due_date([book.invoices[row] for row in group.references])
        fit = _fit_listed(payment, book, listed, text, policy)
        strong = [
            book.invoices[row] for row, hit in group.references.items() if hit.strength >= Strength.TRIMMED
        ]
        if fit.kind not in {"exact", "discount"} and strong and len(strong) < len(listed):
            stronger = _fit_listed(payment, book, _by_due_date(strong), text, policy)
            if stronger.kind in {"exact", "discount"}:
                fit = stronger
        if fit.kind == "overpaid":
            fit = _listed_plus_others(payment, book, group, fit) or fit
        return fit
    pool = [book.invoices[row] for row in book.open_rows(book.members(group.group), currency)]
    return fit_unreferenced(
        payment.amount, currency, pool, paid_on=payment.booking_date, terms=_terms_of(book)
    ) or fit_oldest_first(payment.amount, currency, pool)


def _fit_listed(
    payment: PaymentFacts, book: MatchBook, invoices: list[OpenInvoice], text: str, policy: MatchPolicy
) -> Fit:
    return fit_listed(
        payment.amount,
        payment.currency,
        invoices,
        paid_on=payment.booking_date,
        terms=_terms_of(book),
        text=text,
        reason=policy.reason,
        deduction_max_share=policy.deduction_max_share,
    )


def _terms_of(book: MatchBook) -> Callable[[OpenInvoice], DiscountTerms | None]:
    def terms(invoice: OpenInvoice) -> DiscountTerms | None:
        customer = book.customers.get(invoice.customer_id)
        return customer.discount_terms if customer else None

    return terms


def _by_due_date(invoices: Sequence[OpenInvoice]) -> list[OpenInvoice]:
    return sorted(invoices, key=lambda invoice: (invoice.due_date, invoice.number))


def _listed_plus_others(payment: PaymentFacts, book: MatchBook, group: GroupEvidence, fit: Fit) -> Fit | None:
    """The payer listed some invoices but paid more: do other open invoices explain the rest?"""
    currency = payment.currency
    listed = {allocation.invoice.key for allocation in fit.allocations}
    others = [
        book.invoices[row]
        for row in book.open_rows(book.members(group.group), currency)
        if book.invoices[row].key not in listed
    ]
    values = [minor_units(invoice.open_amount, currency) for invoice in others]
    solutions = find_subsets(values, minor_units(fit.unapplied, currency), max_size=2, limit=2)
    if len(solutions) != 1:
        return None
    added = [others[index] for index in solutions[0]]
    mentioned = ", ".join(allocation.invoice.number for allocation in fit.allocations)
    numbers = ", ".join(invoice.number for invoice in added)
    return Fit(
        "listed_plus_subset",
        fit.allocations + in_full(added),
        ZERO,
        (
            f"The payment settles {mentioned} in full.",
            f"The {money(fit.unapplied, currency)} paid beyond them is exactly the open amount of {numbers}, "
            "which the payer did not mention.",
        ),
    )


def _amount_only(payment: PaymentFacts, book: MatchBook) -> tuple[Fit, GroupEvidence] | None:
    """No customer evidence at all: one open invoice of exactly this amount, for review only."""
    rows = book.rows_of_amount(payment.currency, payment.amount)
    if len(rows) != 1:
        return None
    invoice = book.invoices[rows[0]]
    fit = fit_unreferenced(
        payment.amount, payment.currency, [invoice], paid_on=payment.booking_date, terms=_terms_of(book)
    )
    if fit is None:
        return None
    group = GroupEvidence(group=book.group_of(invoice.customer_id))
    sentence = (
        f"Nothing identifies the payer; {invoice.number} is the only open invoice of exactly this amount."
    )
    return Fit("amount_only", fit.allocations, fit.unapplied, (sentence,)), group


def _rank(
    payment: PaymentFacts,
    book: MatchBook,
    candidates: list[tuple[Fit, GroupEvidence]],
    policy: MatchPolicy,
) -> list[Suggestion]:
    drafts = []
    for fit, group in candidates:
        evidence = Evidence(group.signals(), _reference_word(fit, group, book), fit.kind, rival=False)
        drafts.append((group.identity(), evidence.prior(), fit, group, evidence))
    drafts.sort(key=lambda draft: (-draft[0], -draft[1]))
    suggestions = []
    for position, (identity, prior, fit, group, evidence) in enumerate(drafts[: policy.max_suggestions]):
        rivals = [
            other
            for index, other in enumerate(drafts)
            if index != position and other[0] >= identity and other[1] >= 0.5 * prior
        ]
        evidence = Evidence(evidence.who, evidence.reference, evidence.fit, rival=bool(rivals))
        confidence, measured = policy.calibration.confidence(evidence)
        explanation = [*group.sentences(book), *fit.sentences]
        if rivals:
            explanation.append(f"Another customer could also be the payer ({rivals[0][3].describe(book)}).")
        explanation.append(measured)
        suggestions.append(
            Suggestion(
                customer_id=_customer_of(fit, group),
                allocations=fit.allocations,
                unapplied_amount=payment.amount - sum((a.amount for a in fit.allocations), ZERO),
                confidence=confidence,
                explanation=tuple(explanation),
                evidence=evidence.key,
            )
        )
    return suggestions


def _reference_word(fit: Fit, group: GroupEvidence, book: MatchBook) -> str:
    if fit.kind.startswith("remittance"):
        return "remit"
    strengths = [group.strength_of(book, allocation.invoice.key) for allocation in fit.allocations]
    known = [strength for strength in strengths if strength]
    if not known:
        return "none"
    return _REFERENCE_WORDS[min(known)]


def _customer_of(fit: Fit, group: GroupEvidence) -> str:
    owners = {allocation.invoice.customer_id for allocation in fit.allocations}
    if len(owners) == 1:
        return owners.pop()
    return group.payer or group.group
