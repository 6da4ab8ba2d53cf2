"""Who may have paid: the customer groups a payment points to, and by what.

A payment points to a group (a customer with its parent and subsidiaries) through its payer
IBAN, its payer name, the invoice numbers in its texts and the lines of a linked remittance
advice. Each group found collects its evidence here; the engine then tries the amounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tools.matching.book import MatchBook, normalise_iban
from tools.matching.mentions import number_groups
from tools.matching.model import PaymentFacts, RemittanceLine
from tools.matching.names import FUZZY_CUTOFF, NameHit
from tools.matching.references import ReferenceHit, Strength

STRONG_NAME = 90.0
MAX_WEAK_ROWS = 3  # a loose reference shared by more invoices than this says nothing
_STRENGTH_WORDS = {
    Strength.EXACT: "its exact number",
    Strength.TRIMMED: "its number without leading zeros or separators",
    Strength.DIGITS: "the digits of its number",
    Strength.LAST_GROUP: "only the last digits of its number",
}


@dataclass
class GroupEvidence:
    """What points a payment to one customer group."""

    group: str
    payer: str | None = None
    iban_customer: str | None = None
    name_hit: NameHit | None = None
    name_score: float = 0.0
    references: dict[int, ReferenceHit] = field(default_factory=dict)
    remitted: list[tuple[RemittanceLine, int]] = field(default_factory=list)

    def signals(self) -> tuple[str, ...]:
        """The independent signals naming this group, in a fixed order."""
        signals = []
        if self.iban_customer:
            signals.append("iban")
        if self.name_score >= STRONG_NAME:
            signals.append("name")
        elif self.name_score >= FUZZY_CUTOFF:
            signals.append("fuzzy")
        if self.references or self.remitted:
            signals.append("ref")
        return tuple(signals)

    def identity(self) -> int:
        """2: a known account, the exact name or a close reference; 1: a fuzzy name or a loose
        reference only; 0: nothing."""
        strong_reference = any(hit.strength >= Strength.TRIMMED for hit in self.references.values())
        if self.iban_customer or self.name_score >= STRONG_NAME or strong_reference or self.remitted:
            return 2
        return 1 if self.references or self.name_score >= FUZZY_CUTOFF else 0

    def strength_of(self, book: MatchBook, invoice_key: int) -> int | None:
        """How strongly the payment's texts named an invoice (``None`` if they did not)."""
        for row, hit in self.references.items():
            if book.invoices[row].key == invoice_key:
                return int(hit.strength)
        return None

    def describe(self, book: MatchBook) -> str:
        """``"Dupont SA (C0001)"``."""
        customer = book.customers.get(self.payer or self.group)
        return f"{customer.name} ({customer.customer_id})" if customer else self.group

    def sentences(self, book: MatchBook) -> list[str]:
        """Plain sentences saying why this group may be the payer."""
        said = []
        if self.iban_customer:
            said.append(f"The payer's account is known for {_name(book, self.iban_customer)}.")
        if self.name_hit and self.name_score >= FUZZY_CUTOFF:
            how = {"exact": "is the name of", "alias": "was approved before for"}.get(
                self.name_hit.how, "resembles"
            )
            score = "" if self.name_hit.how != "fuzzy" else f" (similarity {self.name_score:.0f}/100)"
            said.append(f"The payer name {how} {_name(book, self.name_hit.customer_id)}{score}.")
        for row, hit in sorted(self.references.items(), key=lambda item: book.invoices[item[0]].number):
            invoice = book.invoices[row]
            said.append(f"The text '{hit.text}' gives {_STRENGTH_WORDS[hit.strength]} {invoice.number}.")
        if self.remitted:
            said.append(f"A remittance advice lists {len(self.remitted)} invoice(s) of this customer.")
        payers = {self.iban_customer, self.name_hit.customer_id if self.name_hit else None} - {None}
        owners = {book.invoices[row].customer_id for row in self.references}
        for payer in sorted(p for p in payers if p is not None):
            for owner in sorted(owners - {payer}):
                said.append(f"{_name(book, payer)} pays for {_name(book, owner)}, of the same group.")
        return said


def _name(book: MatchBook, customer_id: str) -> str:
    customer = book.customers.get(customer_id)
    return f"{customer.name} ({customer_id})" if customer else customer_id


def gather_evidence(payment: PaymentFacts, book: MatchBook) -> list[GroupEvidence]:
    """Every customer group the payment points to, with its evidence."""
    groups: dict[str, GroupEvidence] = {}

    def group_for(customer_id: str) -> GroupEvidence:
        head = book.group_of(customer_id)
        if head not in groups:
            groups[head] = GroupEvidence(group=head)
        return groups[head]

    owner = book.iban_owner.get(normalise_iban(payment.payer_iban)) if payment.payer_iban else None
    if owner:
        known = group_for(owner)
        known.iban_customer = known.payer = owner
    for hit in book.names.lookup(payment.payer_name):
        evidence = group_for(hit.customer_id)
        if hit.score > evidence.name_score:
            evidence.name_hit, evidence.name_score = hit, hit.score
            evidence.payer = evidence.payer or hit.customer_id
    for row, reference in _referenced_rows(payment, book).items():
        group_for(book.invoices[row].customer_id).references[row] = reference
    for line in payment.remittance_lines:
        remitted = _remitted_row(line, payment, book)
        if remitted is not None:
            group_for(book.invoices[remitted].customer_id).remitted.append((line, remitted))
    for evidence in groups.values():
        if evidence.name_hit is None and payment.payer_name:
            evidence.name_score = book.names.score(payment.payer_name, book.members(evidence.group))
    return list(groups.values())


def _usable(payment: PaymentFacts, book: MatchBook, row: int) -> bool:
    invoice = book.invoices[row]
    return invoice.currency == payment.currency and invoice.open_amount > 0


def _referenced_rows(payment: PaymentFacts, book: MatchBook) -> dict[int, ReferenceHit]:
    best: dict[int, ReferenceHit] = {}
    for text in payment.texts:
        hits = book.references.find(text)
        loose: dict[str, list[ReferenceHit]] = {}
        for hit in hits:
            if hit.strength <= Strength.DIGITS:
                loose.setdefault(hit.text, []).append(hit)
        for hit in hits:
            if hit.strength <= Strength.DIGITS and len(loose[hit.text]) > MAX_WEAK_ROWS:
                continue
            if _usable(payment, book, hit.invoice) and (
                hit.invoice not in best or hit.strength > best[hit.invoice].strength
            ):
                best[hit.invoice] = hit
    return best


def _remitted_row(line: RemittanceLine, payment: PaymentFacts, book: MatchBook) -> int | None:
    if not line.invoice_number:
        return None
    hits = [
        hit
        for hit in book.references.lookup(line.invoice_number, number_groups(line.invoice_number))
        if hit.strength >= Strength.TRIMMED and _usable(payment, book, hit.invoice)
    ]
    return hits[0].invoice if len(hits) == 1 else None
