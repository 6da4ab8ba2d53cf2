"""A small hand-built ledger for the matching unit tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tools.matching import CustomerProfile, DiscountTerms, MatchBook, OpenInvoice, PaymentFacts

AS_OF = date(2026, 10, 31)
CUSTOMERS = (
    CustomerProfile("C1", "Boulangerie Dupont SAS", ibans=("FR7630004000031234567890143",)),
    CustomerProfile("C2", "Dupont Frères SARL"),
    CustomerProfile("C3", "Acme Widgets Ltd", discount_terms=DiscountTerms(Decimal("0.02"), 10)),
    CustomerProfile("G1", "Groupe Martin SA", ibans=("FR7612345000019876543210987",)),
    CustomerProfile("G2", "Martin Logistique Sud", parent_id="G1"),
)


def invoice(
    key: int, number: str, customer: str, amount: str, *, currency: str = "EUR", issued: int = 40
) -> OpenInvoice:
    value = Decimal(amount)
    issue = date.fromordinal(AS_OF.toordinal() - issued)
    return OpenInvoice(
        key, number, customer, currency, value, value, issue, date.fromordinal(issue.toordinal() + 30)
    )


INVOICES = (
    invoice(1, "FA-2026-00123", "C1", "1200.00", issued=60),
    invoice(2, "FA-2026-00124", "C1", "350.50", issued=50),
    invoice(3, "FA-2026-00125", "C1", "980.00", issued=45),
    invoice(4, "FA-2026-00126", "C2", "1200.00", issued=44),
    invoice(5, "INV-10023", "C3", "5000.00", currency="GBP", issued=5),
    invoice(6, "INV-10024", "C3", "2500.00", currency="GBP", issued=30),
    invoice(7, "FA-2026-00200", "G2", "7400.00", issued=35),
    invoice(8, "FA-2026-00201", "G2", "1610.40", issued=33),
    invoice(9, "INV-10025", "C3", "700.00", currency="EUR", issued=20),
)


def book() -> MatchBook:
    return MatchBook(CUSTOMERS, INVOICES)


def pay(
    amount: str, *texts: str, name: str | None = None, iban: str | None = None, currency: str = "EUR"
) -> PaymentFacts:
    return PaymentFacts(
        key=1,
        amount=Decimal(amount),
        currency=currency,
        booking_date=AS_OF,
        payer_name=name,
        payer_iban=iban,
        texts=texts,
    )
