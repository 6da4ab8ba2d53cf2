"""The world's ledger: customers (with groups, look-alike names, terms and IBANs) and invoices.

Invoices start as mutable :class:`InvoiceDraft` objects: the payment cases add the invoices
they settle, amounts may be nudged so that an amount-only payment has exactly one
explanation, and numbers are assigned last (:func:`assign_numbers`), in date order per
numbering style, so that a customer's same-day batch gets consecutive numbers.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from schwifty import IBAN

from evals.world import names
from evals.world.model import WorldCustomer, WorldInvoice
from evals.world.numbers import NumberParts, NumberStyle

_COUNTRIES = (("FR", 52), ("BE", 5), ("GB", 12), ("IE", 3), ("DE", 10), ("NL", 4), ("ES", 4), ("US", 10))
_BANKS = {
    "FR": ("30003", "30004", "30002", "10278", "11315", "18206", "30066", "10107", "13807", "42559"),
    "BE": ("001", "068", "310", "539"),
    "DE": ("37040044", "50010517", "10020890", "20050550", "60050101", "70020270"),
    "GB": ("NWBK", "BARC", "HBUK", "LOYD", "MIDL"),
    "IE": ("AIBK", "BOFI", "IPBS"),
    "NL": ("ABNA", "INGB", "RABO", "TRIO"),
    "ES": ("2100", "0049", "0182", "0081"),
}
_ACCOUNT_DIGITS = {"FR": 11, "BE": 7, "DE": 10, "GB": 8, "IE": 8, "NL": 10, "ES": 10}
_BRANCH_DIGITS = {"FR": 5, "GB": 6, "IE": 6, "ES": 4}
_ID_FORMATS = ("C{:05d}", "CUST-{:04d}", "411{:05d}", "K{:06d}", "CL{:04d}")
_DISCOUNT_TERMS = ("2/10", "3/15", "1.5/10", "1/8", "2/15")
_SEGMENTS = (("key_account", 2), ("sme", 6), ("distributor", 1), ("public", 1))
_AMOUNT_RANGE = {"key_account": (900, 90_000), "distributor": (400, 40_000), "public": (300, 30_000)}
_DEFAULT_RANGE = (60, 18_000)
GROUP_RATE = 0.06  # a customer starts a group (a parent and its subsidiaries)
LOOKALIKE_RATE = 0.12  # a customer is named after an earlier one ("Dupont SA" / "Dupont Frères")
KNOWN_IBAN_RATE = 0.7
DISCOUNT_RATE = 0.14
RECURRING_RATE = 0.2  # customers billed a fixed amount again and again
PARTLY_PAID_RATE = 0.1


@dataclass
class InvoiceDraft:
    """An invoice before numbering; ``batch`` groups invoices issued together."""

    key: int
    customer_id: str
    issue_date: date
    due_date: date
    currency: str
    amount: Decimal
    open_amount: Decimal
    batch: int
    po_number: str | None = None
    parts: NumberParts | None = None
    targeted: bool = False

    @property
    def number(self) -> str:
        if self.parts is None:
            raise RuntimeError("invoice numbers are assigned after planning")
        return self.parts.text

    def bump(self, cents: int) -> None:
        """Raise the amount and the open amount by ``cents`` hundredths."""
        step = Decimal(cents).scaleb(-2)
        self.amount += step
        self.open_amount += step

    def record(self) -> WorldInvoice:
        return WorldInvoice(
            invoice_number=self.number,
            customer_id=self.customer_id,
            issue_date=self.issue_date,
            due_date=self.due_date,
            currency=self.currency,
            amount=self.amount,
            open_amount=self.open_amount,
            po_number=self.po_number,
        )


@dataclass
class Ledger:
    """Customers, their numbering styles and the invoices drafted so far."""

    customers: list[WorldCustomer]
    styles: dict[str, NumberStyle]  # customer id -> style of its family
    recurring: dict[str, Decimal]  # customer id -> the amount it is billed again and again
    invoices: list[InvoiceDraft] = field(default_factory=list)
    _batches: int = 0
    _by_customer: dict[str, list[InvoiceDraft]] = field(default_factory=dict)

    def by_id(self, customer_id: str) -> WorldCustomer:
        return next(c for c in self.customers if c.customer_id == customer_id)

    def open_invoices(self, customer_ids: Sequence[str]) -> list[InvoiceDraft]:
        """The invoices of these customers, in the order they were drafted."""
        found = [invoice for c in dict.fromkeys(customer_ids) for invoice in self._by_customer.get(c, [])]
        return sorted(found, key=lambda invoice: invoice.key) if len(customer_ids) > 1 else found

    def remove(self, invoice: InvoiceDraft) -> None:
        """Forget the invoice drafted last."""
        if self.invoices[-1] is not invoice:
            raise ValueError("only the invoice drafted last can be removed")
        self.invoices.pop()
        self._by_customer[invoice.customer_id].remove(invoice)

    def subsidiaries(self, parent_id: str) -> list[WorldCustomer]:
        return [c for c in self.customers if c.parent_id == parent_id]

    def add_batch(
        self,
        customer: WorldCustomer,
        issue: date,
        count: int,
        rng: random.Random,
        *,
        targeted: bool = False,
        partly_paid: bool = True,
    ) -> list[InvoiceDraft]:
        """``count`` invoices of ``customer`` issued on ``issue`` (consecutive numbers)."""
        self._batches += 1
        batch = []
        for _ in range(count):
            amount = self._amount(customer, rng)
            open_amount = amount
            if partly_paid and rng.random() < PARTLY_PAID_RATE:
                paid = (amount * Decimal(rng.randint(20, 60)) / 100).quantize(Decimal("1"))
                open_amount = amount - paid if 0 < paid < amount else amount
            invoice = InvoiceDraft(
                key=len(self.invoices),
                customer_id=customer.customer_id,
                issue_date=issue,
                due_date=issue + timedelta(days=customer.payment_terms_days),
                currency=customer.currency,
                amount=amount,
                open_amount=open_amount,
                batch=self._batches,
                po_number=_po_number(customer, rng),
                targeted=targeted,
            )
            self.invoices.append(invoice)
            self._by_customer.setdefault(invoice.customer_id, []).append(invoice)
            batch.append(invoice)
        return batch

    def _amount(self, customer: WorldCustomer, rng: random.Random) -> Decimal:
        recurring = self.recurring.get(customer.customer_id)
        if recurring is not None and rng.random() < 0.5:
            return recurring
        return random_amount(customer.segment, rng)


def random_amount(segment: str, rng: random.Random) -> Decimal:
    """An invoice amount: log-uniform over the segment's range, some of them round."""
    low, high = _AMOUNT_RANGE.get(segment, _DEFAULT_RANGE)
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    if rng.random() < 0.25:
        return Decimal(round(value, -1) or 10).quantize(Decimal("0.01"))
    return Decimal(round(value * 100)).scaleb(-2)


def _po_number(customer: WorldCustomer, rng: random.Random) -> str | None:
    if rng.random() >= 0.3:
        return None
    if customer.language == "fr":
        return rng.choice((f"4500{rng.randrange(10**6):06d}", f"BC{rng.randrange(10**5):05d}"))
    return rng.choice((f"PO-{rng.randrange(10**6):06d}", f"PO{rng.randrange(10**7):07d}"))


def make_iban(country: str, rng: random.Random) -> str:
    """A random IBAN of ``country`` with valid check digits."""
    country = country if country in _BANKS else "FR"
    branch_digits = _BRANCH_DIGITS.get(country)
    branch = f"{rng.randrange(10**branch_digits):0{branch_digits}d}" if branch_digits else ""
    account = f"{rng.randrange(10 ** _ACCOUNT_DIGITS[country]):0{_ACCOUNT_DIGITS[country]}d}"
    iban = IBAN.generate(
        country, bank_code=rng.choice(_BANKS[country]), branch_code=branch, account_code=account
    )
    return str(iban.compact)


def _weighted(options: Sequence[tuple[str, int]], rng: random.Random) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def _currency(country: str, rng: random.Random) -> str:
    if country == "US":
        return "USD"
    if country == "GB":
        return "GBP" if rng.random() < 0.85 else "EUR"
    return "EUR"


class _CustomerFactory:
    def __init__(self, rng: random.Random, used_ibans: set[str]) -> None:
        self.rng = rng
        self.used_ibans = used_ibans
        self.taken: set[str] = set()
        self.id_format = rng.choice(_ID_FORMATS)
        self.next_number = rng.randint(1, 400)

    def fresh_iban(self, country: str) -> str:
        while True:
            iban = make_iban(country, self.rng)
            if iban not in self.used_ibans:
                self.used_ibans.add(iban)
                return iban

    def make(
        self,
        country: str,
        *,
        surname: str | None = None,
        group: bool = False,
        parent: WorldCustomer | None = None,
    ) -> WorldCustomer | None:
        rng = self.rng
        candidates = (names.company_name(country, rng, surname=surname, group=group) for _ in range(12))
        name = names.unique_name(candidates, self.taken)
        if name is None:
            return None
        self.next_number += rng.randint(1, 9)
        language = "fr" if country in ("FR", "BE") else "en"
        segment = "key_account" if group else _weighted(_SEGMENTS, rng)
        accounts: tuple[str, ...] = ()
        if country != "US":
            accounts = tuple(self.fresh_iban(country) for _ in range(rng.choice((1, 1, 1, 2))))
        known = accounts if rng.random() < KNOWN_IBAN_RATE else ()
        if known and len(known) > 1 and rng.random() < 0.5:
            known = known[:1]
        discount = rng.choice(_DISCOUNT_TERMS) if country != "US" and rng.random() < DISCOUNT_RATE else None
        currency = parent.currency if parent else _currency(country, rng)
        return WorldCustomer(
            customer_id=self.id_format.format(self.next_number),
            name=name,
            email=f"{rng.choice(names.MAILBOXES[language])}@{names.slug(name)}.example",
            language=language,
            country=country,
            segment=segment,
            currency=currency,
            credit_limit=Decimal(rng.choice((5, 10, 20, 30, 50, 75, 100, 150, 250)) * 1000).quantize(
                Decimal("0.01")
            ),
            payment_terms_days=30 if country == "US" else rng.choice((30, 30, 45, 60)),
            contact_name=names.person_name(language, rng),
            parent_id=parent.customer_id if parent else None,
            ibans=known,
            accounts=accounts,
            discount_terms=discount,
        )


def make_customers(count: int, rng: random.Random, used_ibans: set[str]) -> list[WorldCustomer]:
    """``count`` customers: groups with a paying parent, look-alike names, terms and IBANs."""
    factory = _CustomerFactory(rng, used_ibans)
    customers: list[WorldCustomer] = []
    while len(customers) < count:
        country = _weighted(_COUNTRIES, rng)
        if (not customers or rng.random() < GROUP_RATE) and count - len(customers) >= 3:
            word = rng.choice(names.surname_pool(country))
            parent = factory.make(country, surname=word, group=True)
            if parent is None:
                continue
            customers.append(parent)
            for _ in range(rng.randint(1, min(3, count - len(customers)))):
                shared = word if rng.random() < 0.6 else None
                child = factory.make(country, surname=shared, parent=parent)
                if child is not None:
                    customers.append(child)
            continue
        surname = None
        peers = [c for c in customers if c.country == country and c.parent_id is None]
        if peers and rng.random() < LOOKALIKE_RATE:
            tokens = names.name_tokens(rng.choice(peers).name)
            surname = next(
                (w for w in names.surname_pool(country) if names.name_tokens(w)[0] in tokens), None
            )
        customer = factory.make(country, surname=surname)
        if customer is not None:
            customers.append(customer)
    return _with_discount_terms(customers, rng)


def _with_discount_terms(customers: list[WorldCustomer], rng: random.Random) -> list[WorldCustomer]:
    """At least a few customers (one in twenty) offer an early-payment discount."""
    wanted = max(2, len(customers) // 20) - sum(c.discount_terms is not None for c in customers)
    candidates = [
        index for index, c in enumerate(customers) if c.discount_terms is None and c.country != "US"
    ]
    for index in rng.sample(candidates, max(0, min(wanted, len(candidates)))):
        customers[index] = replace(customers[index], discount_terms=rng.choice(_DISCOUNT_TERMS))
    return customers


def family_styles(
    customers: Sequence[WorldCustomer], styles: Sequence[NumberStyle], rng: random.Random
) -> dict[str, NumberStyle]:
    """The numbering style of each customer: one per family (a parent and its subsidiaries)."""
    chosen: dict[str, NumberStyle] = {}
    for customer in customers:
        root = customer.parent_id or customer.customer_id
        if root not in chosen:
            usable = [s for s in styles if customer.language in s.languages] or list(styles)
            chosen[root] = rng.choice(usable)
        chosen[customer.customer_id] = chosen[root]
    return chosen


def recurring_amounts(customers: Sequence[WorldCustomer], rng: random.Random) -> dict[str, Decimal]:
    """A fixed amount for the customers billed the same sum again and again."""
    return {c.customer_id: random_amount(c.segment, rng) for c in customers if rng.random() < RECURRING_RATE}


def assign_numbers(ledger: Ledger, rng: random.Random) -> None:
    """Number every invoice in date order per style; batches get consecutive numbers."""
    by_style: dict[str, list[InvoiceDraft]] = defaultdict(list)
    styles: dict[str, NumberStyle] = {}
    for invoice in ledger.invoices:
        style = ledger.styles[invoice.customer_id]
        styles[style.key] = style
        by_style[style.key].append(invoice)
    for key, invoices in sorted(by_style.items()):
        style = styles[key]
        counters: dict[int, int] = {}
        previous_batch = None
        for invoice in sorted(invoices, key=lambda i: (i.issue_date, i.batch, i.key)):
            year = invoice.issue_date.year if style.year else 0
            if year not in counters:
                counters[year] = rng.randint(*style.first) if not counters else rng.randint(1, 40)
            elif invoice.batch != previous_batch:
                counters[year] += rng.choice((1, 1, 1, 2, 3, 5))  # invoices paid already leave gaps
            else:
                counters[year] += 1
            previous_batch = invoice.batch
            invoice.parts = NumberParts(style, invoice.issue_date.year, counters[year])
