"""How a payment's amount settles a set of invoices: exact, discount, deduction, partial, overpaid.

Each function returns a :class:`Fit` — the allocations, the unapplied remainder, the kind of
fit (it drives confidence) and sentences for the explanation — or ``None`` when the amount
does not fit. Amounts are ``Decimal`` throughout; subset searches use integer minor units.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tools.matching.model import DiscountTerms, OpenInvoice, ProposedAllocation
from tools.matching.subsets import find_subsets
from tools.money import format_amount, minor_unit_exponent, quantise

ZERO = Decimal(0)
PARTIAL_WORDS = re.compile(
    r"\b(acompte|partiel\w*|partial\w*|part[ -]payment|on account|instal+ment\w*|echeance|"
    r"a valoir|premier versement|first payment|solde a suivre|balance to follow)\b"
)


@dataclass(frozen=True, slots=True)
class ReasonFound:
    """A deduction reason code read from a remittance text, and the words that decided it."""

    code: str
    matched: str


ReasonReader = Callable[[str | None], ReasonFound | None]


@dataclass(frozen=True, slots=True)
class Fit:
    """One way an amount settles invoices."""

    kind: str
    allocations: tuple[ProposedAllocation, ...]
    unapplied: Decimal
    sentences: tuple[str, ...]


def minor_units(amount: Decimal, currency: str) -> int:
    """An amount as an integer count of the currency's minor unit."""
    return int(amount.scaleb(minor_unit_exponent(currency)))


def money(amount: Decimal, currency: str) -> str:
    """``1234.5, EUR`` → ``"1234.50 EUR"`` for explanations."""
    return f"{format_amount(amount, currency)} {currency}"


def discount_for(invoice: OpenInvoice, terms: DiscountTerms | None, paid_on: date) -> Decimal:
    """The early-payment discount an invoice earns if paid on ``paid_on`` (zero when late)."""
    if terms is None or (paid_on - invoice.issue_date).days > terms.days:
        return ZERO
    raw = (invoice.open_amount * terms.rate).quantize(
        Decimal(1).scaleb(-minor_unit_exponent(invoice.currency)), rounding=ROUND_HALF_UP
    )
    return quantise(raw, invoice.currency)


def _numbers(invoices: Sequence[OpenInvoice]) -> str:
    return ", ".join(invoice.number for invoice in invoices)


def _total(invoices: Sequence[OpenInvoice]) -> Decimal:
    return sum((invoice.open_amount for invoice in invoices), ZERO)


def in_full(invoices: Sequence[OpenInvoice]) -> tuple[ProposedAllocation, ...]:
    """Allocations paying each invoice's whole open amount."""
    return tuple(ProposedAllocation(invoice, invoice.open_amount) for invoice in invoices)


def ascii_folded(text: str) -> str:
    """Lower case without accents, for keyword tests."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def fit_listed(
    amount: Decimal,
    currency: str,
    invoices: Sequence[OpenInvoice],
    *,
    paid_on: date,
    terms: Callable[[OpenInvoice], DiscountTerms | None],
    text: str,
    reason: ReasonReader,
    deduction_max_share: Decimal,
) -> Fit:
    """Settle the invoices a payer referred to (oldest due first) with the amount it paid."""
    total = _total(invoices)
    names = _numbers(invoices)
    if amount == total:
        return Fit(
            "exact",
            in_full(invoices),
            ZERO,
            (f"{money(amount, currency)} equals the open amount of {names}.",),
        )
    discounts = [discount_for(invoice, terms(invoice), paid_on) for invoice in invoices]
    discounted = total - sum(discounts, ZERO)
    tolerance = Decimal(1).scaleb(-minor_unit_exponent(currency)) * len(invoices)
    if any(discounts) and abs(amount - discounted) <= tolerance:
        return _discounted(amount, currency, invoices, discounts)
    if amount > total:
        return Fit(
            "overpaid",
            in_full(invoices),
            amount - total,
            (
                f"{money(amount, currency)} is more than the open amount of {names} "
                f"({money(total, currency)}); {money(amount - total, currency)} stays on account.",
            ),
        )
    subset = _listed_subset(amount, currency, invoices)
    if subset is not None:
        return subset
    shortfall = total - amount
    partial_words = bool(PARTIAL_WORDS.search(ascii_folded(text)))
    largest = max(invoice.open_amount for invoice in invoices)
    if shortfall <= largest and not partial_words:
        guess = reason(text) if text else None
        if guess is not None:
            return _deducted(amount, currency, invoices, shortfall, guess, text)
        if states_amount(text, shortfall):
            return _deducted(amount, currency, invoices, shortfall, None, text, stated=True)
        if shortfall <= total * deduction_max_share:
            return _deducted(amount, currency, invoices, shortfall, None, text)
    return _partial(amount, currency, invoices, explicit=partial_words)


def states_amount(text: str, amount: Decimal) -> bool:
    """Whether ``text`` writes ``amount`` (``100.00``, ``100,00``, ``1 234,56``, ``100`` when whole)."""
    if not text:
        return False
    plain = f"{amount:.2f}"
    whole, cents = plain.split(".")
    grouped = f"{int(whole):,}"
    forms = {plain, f"{whole},{cents}", f"{grouped}.{cents}", f"{grouped.replace(',', ' ')},{cents}"}
    forms |= {f"{grouped.replace(',', '.')},{cents}"}
    if cents == "00":
        forms.add(whole)
    pattern = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.search(rf"(?<![\d.,])(?:{pattern})(?![\d]|[.,]\d)", text) is not None


def _discounted(
    amount: Decimal, currency: str, invoices: Sequence[OpenInvoice], discounts: list[Decimal]
) -> Fit:
    allocations = []
    remaining = amount
    for position, (invoice, discount) in enumerate(zip(invoices, discounts, strict=True)):
        last = position == len(invoices) - 1
        cash = remaining if last else invoice.open_amount - discount
        allocations.append(ProposedAllocation(invoice, cash, discount_amount=invoice.open_amount - cash))
        remaining -= cash
    taken = sum((allocation.discount_amount for allocation in allocations), ZERO)
    return Fit(
        "discount",
        tuple(allocations),
        ZERO,
        (
            f"{money(amount, currency)} is the open amount of {_numbers(invoices)} less an early-payment "
            f"discount of {money(taken, currency)}, within the customer's terms.",
        ),
    )


def _listed_subset(amount: Decimal, currency: str, invoices: Sequence[OpenInvoice]) -> Fit | None:
    if len(invoices) < 2:
        return None
    values = [minor_units(invoice.open_amount, currency) for invoice in invoices]
    solutions = find_subsets(values, minor_units(amount, currency), limit=2)
    if len(solutions) != 1:
        return None
    chosen = [invoices[index] for index in solutions[0]]
    return Fit(
        "listed_subset",
        in_full(chosen),
        ZERO,
        (f"{money(amount, currency)} pays exactly {_numbers(chosen)} of the invoices mentioned.",),
    )


def _oldest_first(
    amount: Decimal, invoices: Sequence[OpenInvoice]
) -> tuple[list[ProposedAllocation], Decimal]:
    """Cash applied to invoices in the order given until spent; returns what is left."""
    allocations = []
    remaining = amount
    for invoice in invoices:
        if remaining <= ZERO:
            break
        cash = min(remaining, invoice.open_amount)
        allocations.append(ProposedAllocation(invoice, cash))
        remaining -= cash
    return allocations, remaining


def _partial(amount: Decimal, currency: str, invoices: Sequence[OpenInvoice], *, explicit: bool) -> Fit:
    allocations, _ = _oldest_first(amount, invoices)
    said = " as the payer says" if explicit else ""
    return Fit(
        "partial",
        tuple(allocations),
        ZERO,
        (
            f"{money(amount, currency)} is part of the {money(_total(invoices), currency)} open on "
            f"{_numbers(invoices)}: a partial payment{said}, applied oldest first; the rest stays open.",
        ),
    )


def _deducted(
    amount: Decimal,
    currency: str,
    invoices: Sequence[OpenInvoice],
    shortfall: Decimal,
    guess: ReasonFound | None,
    text: str,
    *,
    stated: bool = False,
) -> Fit:
    bearer = max(invoices, key=lambda invoice: (invoice.open_amount >= shortfall, invoice.open_amount))
    code = guess.code if guess else "OTHER"
    allocations = tuple(
        ProposedAllocation(
            invoice,
            invoice.open_amount - shortfall if invoice is bearer else invoice.open_amount,
            deduction_amount=shortfall if invoice is bearer else ZERO,
            deduction_code=code if invoice is bearer else None,
            deduction_reason=text if (guess or stated) and invoice is bearer else None,
        )
        for invoice in invoices
    )
    if guess:
        why = f"the payer gives the reason ('{guess.matched}…' → {code})"
        kind = "deduction_reason"
    elif stated:
        why = "the payer states the amount deducted but no reason, so the code is OTHER until reviewed"
        kind = "deduction_stated"
    else:
        why = "no reason is given, so it is an unexplained deduction to review"
        kind = "deduction_unexplained"
    return Fit(
        kind,
        allocations,
        ZERO,
        (
            f"{money(shortfall, currency)} short of {_numbers(invoices)}: "
            f"a deduction on {bearer.number}; {why}.",
        ),
    )


def fit_unreferenced(
    amount: Decimal,
    currency: str,
    invoices: Sequence[OpenInvoice],
    *,
    paid_on: date,
    terms: Callable[[OpenInvoice], DiscountTerms | None],
) -> Fit | None:
    """Invoices of one customer whose open amounts (or discounted amounts) make up the payment."""
    target = minor_units(amount, currency)
    gross = [minor_units(invoice.open_amount, currency) for invoice in invoices]
    solutions = find_subsets(gross, target)
    discounts: list[Decimal] | None = None
    if not solutions:
        discounts = [discount_for(invoice, terms(invoice), paid_on) for invoice in invoices]
        if any(discounts):
            net = [
                value - minor_units(discount, currency)
                for value, discount in zip(gross, discounts, strict=True)
            ]
            solutions = [
                solution
                for solution in find_subsets(net, target)
                if any(discounts[index] for index in solution)
            ]
    if not solutions:
        return None
    chosen = [invoices[index] for index in solutions[0]]
    if discounts is not None:
        fit = _discounted(amount, currency, chosen, [discounts[index] for index in solutions[0]])
        kind = "subset_discount"
    else:
        fit = Fit(
            "",
            in_full(chosen),
            ZERO,
            (f"{money(amount, currency)} equals the open amount of {_numbers(chosen)}.",),
        )
        kind = "subset_single" if len(chosen) == 1 else "subset_multi"
    sentences = list(fit.sentences)
    if len(solutions) > 1:
        kind = "subset_ambiguous"
        sentences.append(
            f"Other combinations of this customer's open invoices give the same amount; "
            f"{_numbers(chosen)} are proposed because they are the oldest."
        )
    else:
        sentences.append("No other combination of this customer's open invoices gives this amount.")
    return Fit(kind, fit.allocations, ZERO, tuple(sentences))


def fit_oldest_first(amount: Decimal, currency: str, invoices: Sequence[OpenInvoice]) -> Fit | None:
    """The fallback a person can correct: the payment applied to the oldest invoices."""
    if not invoices:
        return None
    allocations, remaining = _oldest_first(amount, invoices)
    return Fit(
        "oldest_first",
        tuple(allocations),
        remaining,
        (
            f"No invoice or combination matches {money(amount, currency)}; "
            "as a starting point it is applied to the oldest open invoices.",
        ),
    )
