"""The demo company: ~40 customers, ~400 open invoices and a month of bank receipts.

:func:`generate_company` is deterministic: everything is drawn from ``random.Random(seed)``
and dated relative to ``as_of``; the clock is never read. The company (see
:data:`~copilot.demo.catalogue.COMPANY_NAME`) sells to 26 French customers and 14 British,
Irish and American ones, has a EUR and a GBP bank account, and keeps the ground truth of
its receipts (which invoices each payment settles, and how) for matching evals.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType

from copilot.demo.catalogue import (
    COMPANY_NAME,
    ENGLISH_CUSTOMERS,
    FIRST_NAMES,
    FRENCH_CUSTOMERS,
    LAST_NAMES,
    LEGAL_FORMS,
    MAILBOXES,
    CustomerSpec,
    business_days,
    make_iban,
)
from copilot.demo.payers import strip_accents
from copilot.demo.receipts import ReceiptPeriod, Settlement, generate_receipts, receipt_period
from ingest.records import BankPayment, CustomerRecord, InvoiceRecord
from tools.money import quantise

INVOICE_COUNT = 400
INVOICE_DAYS = 120  # invoices are issued over the four months before as_of
DISCOUNTED_CUSTOMERS = 5  # customers offered 2% for payment within 10 days
_CREDIT_LIMITS = {
    "key_account": (100_000, 150_000, 250_000),
    "sme": (10_000, 20_000, 30_000, 50_000),
    "public": (50_000, 80_000, 120_000),
}
_INVOICE_WEIGHTS = {"key_account": 3, "public": 2, "sme": 1}
# Invoice amounts in cents per segment: small, usual and large bands, drawn 5:4:1.
_AMOUNT_BANDS = {
    "key_account": ((150_000, 600_000), (600_000, 2_500_000), (2_500_000, 6_000_000)),
    "sme": ((15_000, 60_000), (60_000, 250_000), (250_000, 800_000)),
    "public": ((80_000, 300_000), (300_000, 1_200_000), (1_200_000, 3_000_000)),
}
_PO_RATES = {"key_account": 0.7, "public": 0.9, "sme": 0.15}


@dataclass(frozen=True)
class DemoCompany:
    """A sample company's ledger and bank receipts, with the truth behind each receipt.

    ``truth`` maps each payment id to the invoices it settles (empty for receipts that settle
    none); a payment's unapplied amount is its amount less the settlements' ``amount``.
    ``scenarios`` says how each payment was made (``exact``, ``short``, ``parent``…).
    """

    name: str
    as_of: date
    seed: int
    eur_account: str
    gbp_account: str
    eur_opening_balance: Decimal
    gbp_opening_balance: Decimal
    period: ReceiptPeriod
    customers: tuple[CustomerRecord, ...]
    invoices: tuple[InvoiceRecord, ...]
    payments: tuple[BankPayment, ...]
    truth: Mapping[str, tuple[Settlement, ...]] = field(hash=False)
    scenarios: Mapping[str, str] = field(hash=False)

    def unapplied(self, payment: BankPayment) -> Decimal:
        """What of ``payment`` settles no invoice (the whole of an unrelated receipt)."""
        return payment.amount - sum((settlement.amount for settlement in self.truth[payment.id]), Decimal(0))


def _slug(name: str) -> str:
    words = [word for word in name.split() if word not in LEGAL_FORMS]
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(" ".join(words)).lower()).strip("-")


def _customer(
    spec: CustomerSpec, number: int, ids: Mapping[str, str], discounted: set[str], rng: random.Random
) -> CustomerRecord:
    language = "fr" if spec.country == "FR" else "en"
    currency = "GBP" if spec.country == "GB" else "EUR"
    if spec.segment == "public":
        terms = 30
    elif spec.segment == "key_account":
        terms = rng.choice((45, 60))
    else:
        terms = rng.choice((30, 30, 45, 60))
    if spec.country == "US" or spec.public_payer:
        ibans: tuple[str, ...] = ()  # American banks use no IBAN; the Treasury pays public bodies
    else:
        ibans = tuple(make_iban(spec.country, rng) for _ in range(rng.choice((1, 1, 1, 2))))
    return CustomerRecord(
        customer_id=ids[spec.name],
        name=spec.name,
        email=f"{rng.choice(MAILBOXES[language])}@{_slug(spec.name)}.example",
        language=language,
        country=spec.country,
        segment=spec.segment,
        credit_limit=quantise(Decimal(rng.choice(_CREDIT_LIMITS[spec.segment])), currency),
        credit_currency=currency,
        payment_terms_days=terms,
        contact_name=f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}",
        parent_id=ids[spec.parent] if spec.parent else None,
        ibans=ibans,
        discount_terms="2/10" if spec.name in discounted else None,
        locator=f"demo customer {number}",
    )


def _customers(rng: random.Random) -> tuple[CustomerRecord, ...]:
    specs = FRENCH_CUSTOMERS + ENGLISH_CUSTOMERS
    ids = {spec.name: f"C{number:04d}" for number, spec in enumerate(specs, start=1)}
    private = [spec.name for spec in specs if spec.segment != "public" and spec.parent is None]
    discounted = set(rng.sample(private, DISCOUNTED_CUSTOMERS))
    return tuple(_customer(spec, number, ids, discounted, rng) for number, spec in enumerate(specs, start=1))


def _po_number(customer: CustomerRecord, issue: date, rng: random.Random) -> str | None:
    if rng.random() >= _PO_RATES[customer.segment or "sme"]:
        return None
    if customer.language == "en":
        return f"PO-{rng.randrange(10**6):06d}"
    if customer.segment == "public":  # a public body's commitment (bon de commande) number
        return f"BC-{issue.year}-{rng.randrange(10**4):04d}"
    return f"4500{rng.randrange(10**6):06d}"  # an SAP purchase order


def _invoices(
    customers: tuple[CustomerRecord, ...], as_of: date, rng: random.Random
) -> tuple[InvoiceRecord, ...]:
    days = business_days(as_of - timedelta(days=INVOICE_DAYS), as_of - timedelta(days=1))
    weights = [_INVOICE_WEIGHTS[customer.segment or "sme"] for customer in customers]
    drafts = sorted(
        (
            (rng.choice(days), customer.customer_id, customer)
            for customer in rng.choices(customers, weights, k=INVOICE_COUNT)
        ),
        key=lambda draft: (draft[0], draft[1]),
    )
    french_numbers: dict[int, int] = {}
    english_number = 10_000 + rng.randrange(100, 900)
    french_start = rng.randrange(80, 400)
    invoices = []
    for number, (issue, _, customer) in enumerate(drafts, start=1):
        if customer.language == "fr":
            if issue.year not in french_numbers:  # numbering restarts each year
                french_numbers[issue.year] = 0 if french_numbers else french_start
            french_numbers[issue.year] += 1
            invoice_number = f"FA-{issue.year}-{french_numbers[issue.year]:05d}"
        else:
            english_number += 1
            invoice_number = f"INV-{english_number}"
        low, high = rng.choices(_AMOUNT_BANDS[customer.segment or "sme"], (5, 4, 1))[0]
        amount = Decimal(rng.randint(low, high)).scaleb(-2)
        invoices.append(
            InvoiceRecord(
                invoice_number=invoice_number,
                customer_id=customer.customer_id,
                issue_date=issue,
                due_date=issue + timedelta(days=customer.payment_terms_days or 30),
                currency=customer.credit_currency or "EUR",
                amount=amount,
                open_amount=amount,
                po_number=_po_number(customer, issue, rng),
                locator=f"demo invoice {number}",
            )
        )
    return tuple(invoices)


def generate_company(*, as_of: date, seed: int = 7) -> DemoCompany:
    """A realistic, deterministic sample company whose open items and receipts end at ``as_of``.

    The same ``seed`` gives the same company; receipts are dated on the business days of
    the 30 days before ``as_of``, invoices over the 120 days before it.
    """
    rng = random.Random(seed)
    customers = _customers(rng)
    invoices = _invoices(customers, as_of, rng)
    eur_account = make_iban("FR", rng, "30004")
    gbp_account = make_iban("GB", rng, "HBUK")
    receipts = generate_receipts(
        customers,
        invoices,
        as_of=as_of,
        accounts={"EUR": eur_account, "GBP": gbp_account},
        rng=rng,
    )
    return DemoCompany(
        name=COMPANY_NAME,
        as_of=as_of,
        seed=seed,
        eur_account=eur_account,
        gbp_account=gbp_account,
        eur_opening_balance=Decimal(rng.randint(5_000_000, 40_000_000)).scaleb(-2),
        gbp_opening_balance=Decimal(rng.randint(500_000, 8_000_000)).scaleb(-2),
        period=receipt_period(as_of),
        customers=customers,
        invoices=invoices,
        payments=receipts.payments,
        truth=MappingProxyType(dict(receipts.truth)),
        scenarios=MappingProxyType(dict(receipts.scenarios)),
    )
