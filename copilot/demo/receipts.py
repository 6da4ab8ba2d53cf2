"""A month of bank receipts for the demo company, with the ground truth of what each settles.

Each receipt follows one scenario, the ways real payers pay (see :data:`SCENARIO_COUNTS`):
one invoice with its number in the text (``exact``) or an ISO 11649 creditor reference
(``structured``), several invoices at once (``multi``), part of an invoice (``partial``), an
invoice less a deduction (``short``) or less the early-payment discount (``discount``), an
invoice with no reference at all (``no_reference``), a parent company paying for a
subsidiary (``parent``), a little more than owed (``overpaid``), the French Treasury paying
several invoices of a public body the same day (``batch``), and credits that settle no
invoice (``unrelated``: interest, refunds). Receipts are drawn in date order and settle
invoices that are open and issued at least three days earlier, preferring those due, so no
invoice is ever settled beyond its open amount. When a scenario finds nothing to pay it
becomes ``exact``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from copilot.demo import payers
from copilot.demo.catalogue import (
    FRENCH_CUSTOMERS,
    STRAY_RECEIPTS,
    TREASURY_BANK,
    US_BICS,
    bic_for,
    business_days,
    make_iban,
)
from ingest.records import BankPayment, CustomerRecord, InvoiceRecord
from tools.money import quantise

SCENARIO_COUNTS = (
    ("exact", 40),
    ("structured", 8),
    ("multi", 14),
    ("partial", 8),
    ("short", 9),
    ("discount", 7),
    ("no_reference", 14),
    ("parent", 7),
    ("overpaid", 3),
    ("batch", 1),
    ("unrelated", 7),
)
RECEIPT_DAYS = 30  # the receipts cover the 30 days before as_of
SPLIT_DAYS = 15  # the first 15 days go to daily camt.053 files, the rest to one MT940
PAYMENT_LAG_DAYS = 3  # a payment never comes before this many days after the invoice
NEW_ACCOUNT_RATE = 0.08  # share of payments from an account the ERP does not know
_ZERO = Decimal("0.00")
_Payer = tuple[str | None, str | None, str | None]  # name, IBAN, BIC as the bank shows them
_Account = tuple[str | None, str | None]  # IBAN, BIC


class Settlement(NamedTuple):
    """What one payment does to one invoice (DESIGN.md allocation): cash applied, then
    discount and deduction settling the rest; ``deduction_code`` says why the payer held back."""

    invoice_number: str
    amount: Decimal
    discount: Decimal = _ZERO
    deduction: Decimal = _ZERO
    deduction_code: str | None = None


class ReceiptPeriod(NamedTuple):
    """The receipts' days: ``start`` ≤ day ≤ ``end``; camt.053 before ``split``, MT940 from it."""

    start: date
    split: date
    end: date


def receipt_period(as_of: date) -> ReceiptPeriod:
    """The month of receipts before ``as_of`` (``as_of`` itself excluded)."""
    start = as_of - timedelta(days=RECEIPT_DAYS)
    return ReceiptPeriod(start, start + timedelta(days=SPLIT_DAYS), as_of - timedelta(days=1))


@dataclass(frozen=True)
class Receipts:
    """The payments, and per payment id its settlements and scenario."""

    payments: tuple[BankPayment, ...]
    truth: Mapping[str, tuple[Settlement, ...]]
    scenarios: Mapping[str, str]


@dataclass
class _Draft:
    """A receipt before it has an id."""

    day: date
    scenario: str
    currency: str
    amount: Decimal
    payer: _Payer
    bank_transaction_code: str
    text: str | None = None
    end_to_end_id: str | None = None
    creditor_reference: str | None = None
    settlements: tuple[Settlement, ...] = field(default_factory=tuple)


class _Receipts:
    """Draws receipts one scenario at a time, keeping each invoice's remaining open amount."""

    def __init__(
        self, customers: Sequence[CustomerRecord], invoices: Sequence[InvoiceRecord], rng: random.Random
    ) -> None:
        self.rng = rng
        self.customers = {customer.customer_id: customer for customer in customers}
        self.invoices = sorted(invoices, key=lambda invoice: (invoice.issue_date, invoice.invoice_number))
        self.remaining = {invoice.invoice_number: invoice.open_amount for invoice in invoices}
        self.treasury = {spec.name: spec.public_payer for spec in FRENCH_CUSTOMERS if spec.public_payer}
        self.by_number = {invoice.invoice_number: invoice for invoice in invoices}
        self.accounts: dict[str, _Account] = {}

    # -- open items --------------------------------------------------------------------------

    def open_items(
        self,
        day: date,
        *,
        customer_ids: set[str] | None = None,
        untouched: bool = False,
        issued_after: date | None = None,
    ) -> list[InvoiceRecord]:
        """Open invoices a payment on ``day`` may settle, those due by then (+10 days) first."""
        latest = day - timedelta(days=PAYMENT_LAG_DAYS)
        found = [
            invoice
            for invoice in self.invoices
            if self.remaining[invoice.invoice_number] > 0
            and invoice.issue_date <= latest
            and (customer_ids is None or invoice.customer_id in customer_ids)
            and (not untouched or self.remaining[invoice.invoice_number] == invoice.open_amount)
            and (issued_after is None or invoice.issue_date >= issued_after)
        ]
        due = [invoice for invoice in found if invoice.due_date <= day + timedelta(days=10)]
        return due or found

    def settle(
        self,
        invoice: InvoiceRecord,
        amount: Decimal,
        discount: Decimal = _ZERO,
        deduction: Decimal = _ZERO,
        code: str | None = None,
    ) -> Settlement:
        """Record a settlement; settling beyond the open amount is a bug and raises."""
        left = self.remaining[invoice.invoice_number] - amount - discount - deduction
        if left < 0 or amount <= 0:
            raise ValueError(f"{invoice.invoice_number}: settling {amount} would over-allocate it")
        self.remaining[invoice.invoice_number] = left
        return Settlement(invoice.invoice_number, amount, discount, deduction, code)

    def settle_in_full(self, invoices: Sequence[InvoiceRecord]) -> tuple[Settlement, ...]:
        """Settle each of ``invoices`` for all that remains open."""
        return tuple(self.settle(invoice, self.remaining[invoice.invoice_number]) for invoice in invoices)

    # -- payers ------------------------------------------------------------------------------

    def payer(self, customer: CustomerRecord, currency: str) -> tuple[_Payer, str]:
        """Who the bank shows as paying for ``customer``, and the bank transaction code."""
        if customer.name in self.treasury:  # the Treasury pays for French public bodies
            iban, bic = self._fixed_account(customer.customer_id, "FR", TREASURY_BANK)
            return (self.treasury[customer.name], iban, bic), "PMNT/RCDT/ESCT"
        name = payers.payer_name_variant(customer.name, customer.language, self.rng)
        if not customer.ibans:  # an American payer: an international wire, no IBAN
            _, bic = self._fixed_account(customer.customer_id, None, None)
            return (name, None, bic), "PMNT/RCDT/XBCT"
        if self.rng.random() < NEW_ACCOUNT_RATE:
            iban = make_iban(customer.ibans[0][:2], self.rng)
        else:
            iban = self.rng.choice(customer.ibans)
        code = "PMNT/RCDT/DMCT" if currency == "GBP" else "PMNT/RCDT/ESCT"
        return (name, iban, bic_for(iban)), code

    def _fixed_account(self, key: str, country: str | None, bank: str | None) -> _Account:
        """The one account a payer always uses: an IBAN in ``country``, or a US bank's BIC."""
        if key not in self.accounts:
            if country is None:
                self.accounts[key] = (None, self.rng.choice(US_BICS))
            else:
                iban = make_iban(country, self.rng, bank)
                self.accounts[key] = (iban, bic_for(iban))
        return self.accounts[key]

    def draft(
        self,
        day: date,
        scenario: str,
        customer: CustomerRecord,
        settlements: tuple[Settlement, ...],
        text: str | None,
        *,
        extra: Decimal = _ZERO,
        payer_of: CustomerRecord | None = None,
    ) -> _Draft:
        """A customer's receipt paying ``settlements`` (plus ``extra`` left unapplied)."""
        paying = payer_of or customer
        currency = self.by_number[settlements[0].invoice_number].currency
        payer, code = self.payer(paying, currency)
        amount = sum((settlement.amount for settlement in settlements), extra)
        end_to_end = None
        if text is not None and paying.segment == "key_account":  # a payment run's id
            end_to_end = f"PAY-{day:%Y%m%d}-{self.rng.randrange(10**5):05d}"
        elif text is not None and paying.segment == "sme" and self.rng.random() < 0.3:
            end_to_end = settlements[0].invoice_number
        return _Draft(day, scenario, currency, amount, payer, code, text, end_to_end, None, settlements)

    def customer_of(self, invoice: InvoiceRecord) -> CustomerRecord:
        """The customer billed ``invoice``."""
        return self.customers[invoice.customer_id]

    # -- scenarios ---------------------------------------------------------------------------

    def exact(self, day: date) -> list[_Draft]:
        """One invoice paid in full, its number in the text."""
        items = self.open_items(day)
        if not items:
            return []
        invoice = self.rng.choice(items)
        return [
            self.draft(
                day,
                "exact",
                self.customer_of(invoice),
                self.settle_in_full([invoice]),
                payers.single_text(invoice, self.rng),
            )
        ]

    def structured(self, day: date) -> list[_Draft] | None:
        """One invoice paid in full with its RF creditor reference and no text."""
        items = [
            invoice
            for invoice in self.open_items(day)
            if invoice.currency == "EUR"
            and self.customer_of(invoice).ibans
            and self.customer_of(invoice).name not in self.treasury
        ]
        if not items:
            return None
        invoice = self.rng.choice(items)
        receipt = self.draft(
            day, "structured", self.customer_of(invoice), self.settle_in_full([invoice]), None
        )
        receipt.creditor_reference = payers.rf_reference(invoice.invoice_number)
        return [receipt]

    def _customer_items(self, day: date, least: int) -> list[InvoiceRecord] | None:
        """Open items of one random customer having at least ``least`` of them."""
        by_customer: dict[str, list[InvoiceRecord]] = {}
        for invoice in self.open_items(day):
            if self.remaining[invoice.invoice_number] == invoice.open_amount:
                by_customer.setdefault(invoice.customer_id, []).append(invoice)
        eligible = sorted(key for key, items in by_customer.items() if len(items) >= least)
        return by_customer[self.rng.choice(eligible)] if eligible else None

    def multi(self, day: date) -> list[_Draft] | None:
        """Two to four invoices of one customer in one payment."""
        items = self._customer_items(day, 2)
        if items is None:
            return None
        chosen = sorted(
            self.rng.sample(items, min(len(items), self.rng.randint(2, 4))),
            key=lambda invoice: invoice.invoice_number,
        )
        return [
            self.draft(
                day,
                "multi",
                self.customer_of(chosen[0]),
                self.settle_in_full(chosen),
                payers.multi_text(chosen, self.rng),
            )
        ]

    def partial(self, day: date) -> list[_Draft] | None:
        """30 to 50% of an invoice, rounded down to a whole amount."""
        items = [invoice for invoice in self.open_items(day, untouched=True) if invoice.open_amount >= 300]
        if not items:
            return None
        invoice = self.rng.choice(items)
        share = Decimal(self.rng.choice(("0.3", "0.4", "0.5")))
        paid = quantise((invoice.open_amount * share).quantize(Decimal(1), ROUND_DOWN), invoice.currency)
        return [
            self.draft(
                day,
                "partial",
                self.customer_of(invoice),
                (self.settle(invoice, paid),),
                payers.partial_text(invoice, self.rng),
            )
        ]

    def short(self, day: date) -> list[_Draft] | None:
        """An invoice less 1 to 8% held back, the reason in the text."""
        items = [invoice for invoice in self.open_items(day, untouched=True) if invoice.open_amount >= 100]
        if not items:
            return None
        invoice = self.rng.choice(items)
        code = self.rng.choice(sorted(payers.DEDUCTION_REASONS))
        cents = int(invoice.open_amount * 100)
        deduction = Decimal(self.rng.randint(cents // 100, cents * 8 // 100)).scaleb(-2)
        settlement = self.settle(invoice, invoice.open_amount - deduction, deduction=deduction, code=code)
        return [
            self.draft(
                day,
                "short",
                self.customer_of(invoice),
                (settlement,),
                payers.short_text(invoice, deduction, code),
            )
        ]

    def discount(self, day: date) -> list[_Draft] | None:
        """An invoice of a 2/10 customer paid within 10 days, less the discount."""
        discounted = {key for key, customer in self.customers.items() if customer.discount_terms}
        items = self.open_items(
            day, customer_ids=discounted, untouched=True, issued_after=day - timedelta(days=10)
        )
        if not items:
            return None
        invoice = self.rng.choice(items)
        customer = self.customer_of(invoice)
        percent = Decimal((customer.discount_terms or "0/0").split("/")[0])
        discount = quantise(invoice.open_amount * percent / 100, invoice.currency, exact=False)
        settlement = self.settle(invoice, invoice.open_amount - discount, discount=discount)
        return [self.draft(day, "discount", customer, (settlement,), payers.discount_text(invoice, percent))]

    def no_reference(self, day: date) -> list[_Draft] | None:
        """One or two invoices paid in full with no reference at all."""
        items = self._customer_items(day, 1)
        if items is None:
            return None
        chosen = self.rng.sample(items, min(len(items), self.rng.choice((1, 1, 1, 2))))
        customer = self.customer_of(chosen[0])
        text = self.rng.choice(payers.NO_REFERENCE_TEXTS[customer.language])
        return [self.draft(day, "no_reference", customer, self.settle_in_full(chosen), text)]

    def parent(self, day: date) -> list[_Draft] | None:
        """A parent company paying one to three invoices of a subsidiary."""
        subsidiaries = {key for key, customer in self.customers.items() if customer.parent_id}
        items = self.open_items(day, customer_ids=subsidiaries, untouched=True)
        if not items:
            return None
        first = self.rng.choice(items)
        subsidiary = self.customer_of(first)
        same = [invoice for invoice in items if invoice.customer_id == first.customer_id and invoice != first]
        chosen = [first, *self.rng.sample(same, min(len(same), self.rng.randint(0, 2)))]
        parent = self.customers[subsidiary.parent_id or ""]
        return [
            self.draft(
                day,
                "parent",
                subsidiary,
                self.settle_in_full(chosen),
                payers.group_text(chosen, subsidiary.name, self.rng),
                payer_of=parent,
            )
        ]

    def overpaid(self, day: date) -> list[_Draft] | None:
        """An invoice paid rounded up to the next hundred: the rest is unapplied."""
        items = self.open_items(day, untouched=True)
        if not items:
            return None
        invoice = self.rng.choice(items)
        paid = (invoice.open_amount / 100).quantize(Decimal(1), ROUND_DOWN) * 100 + 100
        extra = quantise(paid - invoice.open_amount, invoice.currency)
        return [
            self.draft(
                day,
                "overpaid",
                self.customer_of(invoice),
                self.settle_in_full([invoice]),
                payers.single_text(invoice, self.rng),
                extra=extra,
            )
        ]

    def batch(self, day: date) -> list[_Draft] | None:
        """The Treasury paying two or three invoices of a public body, one credit each."""
        public = {key for key, customer in self.customers.items() if customer.name in self.treasury}
        candidates = self.open_items(day, customer_ids=public, untouched=True)
        counts = Counter(invoice.customer_id for invoice in candidates)
        by_customer = sorted(key for key, count in counts.items() if count >= 2)
        if not by_customer:
            return None
        customer = self.customers[self.rng.choice(by_customer)]
        own = [invoice for invoice in candidates if invoice.customer_id == customer.customer_id]
        chosen = self.rng.sample(own, min(len(own), 3))
        return [
            self.draft(
                day,
                "batch",
                customer,
                self.settle_in_full([invoice]),
                payers.treasury_text(invoice, self.rng),
            )
            for invoice in chosen
        ]

    def unrelated(self, day: date, index: int) -> list[_Draft]:
        """A credit that settles no invoice (interest, a refund)."""
        stray = STRAY_RECEIPTS[index % len(STRAY_RECEIPTS)]
        iban = None
        if stray.payer_country == "TREASURY":
            iban = make_iban("FR", self.rng, TREASURY_BANK)
        elif stray.payer_country is not None:
            iban = make_iban(stray.payer_country, self.rng)
        amount = Decimal(self.rng.randint(stray.low_cents, stray.high_cents)).scaleb(-2)
        payer = (stray.payer_name, iban, bic_for(iban) if iban else None)
        code = stray.bank_transaction_code
        return [_Draft(day, "unrelated", stray.currency, amount, payer, code, stray.text)]


def generate_receipts(
    customers: Sequence[CustomerRecord],
    invoices: Sequence[InvoiceRecord],
    *,
    as_of: date,
    accounts: Mapping[str, str],
    rng: random.Random,
) -> Receipts:
    """Draw the month of receipts before ``as_of`` into the company's ``accounts`` (per currency)."""
    period = receipt_period(as_of)
    days = business_days(period.start, period.end)
    first_half = [day for day in days if day < period.split]
    plan = [(scenario, n) for scenario, count in SCENARIO_COUNTS for n in range(count)]
    dated = sorted(
        (
            (rng.choice(first_half if scenario == "batch" else days), order, scenario, n)
            for order, (scenario, n) in enumerate(plan)
        ),
    )
    maker = _Receipts(customers, invoices, rng)
    drafts: list[_Draft] = []
    handlers: dict[str, Callable[[date], list[_Draft] | None]] = {
        "exact": maker.exact,
        "structured": maker.structured,
        "multi": maker.multi,
        "partial": maker.partial,
        "short": maker.short,
        "discount": maker.discount,
        "no_reference": maker.no_reference,
        "parent": maker.parent,
        "overpaid": maker.overpaid,
        "batch": maker.batch,
    }
    for day, _order, scenario, n in dated:
        made = maker.unrelated(day, n) if scenario == "unrelated" else handlers[scenario](day)
        drafts.extend(made if made is not None else maker.exact(day))
    return _number(drafts, accounts)


def _number(drafts: Sequence[_Draft], accounts: Mapping[str, str]) -> Receipts:
    """Give the drafts stable ids (``DEMO<yymmdd>-<n>``, 14 characters: fits MT940) and records."""
    payments: list[BankPayment] = []
    truth: dict[str, tuple[Settlement, ...]] = {}
    scenarios: dict[str, str] = {}
    per_day: dict[date, int] = {}
    for index, receipt in enumerate(sorted(drafts, key=lambda draft: draft.day), start=1):
        per_day[receipt.day] = per_day.get(receipt.day, 0) + 1
        payment_id = f"DEMO{receipt.day:%y%m%d}-{per_day[receipt.day]:03d}"
        name, iban, bic = receipt.payer
        payments.append(
            BankPayment(
                id=payment_id,
                account=accounts[receipt.currency],
                booking_date=receipt.day,
                value_date=receipt.day,
                amount=receipt.amount,
                currency=receipt.currency,
                payer_name=name,
                payer_iban=iban,
                payer_bic=bic,
                end_to_end_id=receipt.end_to_end_id,
                creditor_reference=receipt.creditor_reference,
                reference=receipt.creditor_reference or receipt.end_to_end_id,
                remittance_text=receipt.text,
                bank_transaction_code=receipt.bank_transaction_code,
                bank_reference=payment_id,
                locator=f"demo payment {index}",
            )
        )
        truth[payment_id] = receipt.settlements
        scenarios[payment_id] = receipt.scenario
    return Receipts(tuple(payments), truth, scenarios)
