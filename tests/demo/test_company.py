"""The demo company: deterministic, realistic, and its ground truth reconciles exactly."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from schwifty import IBAN

from copilot.demo.company import DemoCompany, generate_company
from copilot.demo.payers import rf_reference
from copilot.demo.receipts import SCENARIO_COUNTS
from ingest.identity import normalise_token

AS_OF = date(2026, 11, 2)


@pytest.fixture(scope="module")
def company() -> DemoCompany:
    return generate_company(as_of=AS_OF)


def test_same_seed_same_company_other_seed_other_company(company: DemoCompany) -> None:
    assert generate_company(as_of=AS_OF, seed=7) == company
    other = generate_company(as_of=AS_OF, seed=8)
    assert other.payments != company.payments
    assert other.invoices != company.invoices


def test_sizes_and_languages(company: DemoCompany) -> None:
    assert len(company.customers) == 40
    languages = Counter(customer.language for customer in company.customers)
    assert languages == {"fr": 26, "en": 14}
    assert 350 <= len(company.invoices) <= 450
    assert 100 <= len(company.payments) <= 140
    assert {customer.segment for customer in company.customers} == {"key_account", "sme", "public"}
    assert {customer.payment_terms_days for customer in company.customers} <= {30, 45, 60}
    assert sum(customer.discount_terms == "2/10" for customer in company.customers) == 5


def test_references_between_records_hold(company: DemoCompany) -> None:
    customers = {customer.customer_id: customer for customer in company.customers}
    assert len(customers) == len(company.customers)
    assert all(re.fullmatch(r"C\d{4}", key) for key in customers)
    parents = [customer for customer in company.customers if customer.parent_id]
    assert len(parents) >= 3
    assert all(c.parent_id in customers and c.parent_id != c.customer_id for c in parents)
    numbers = [invoice.invoice_number for invoice in company.invoices]
    assert len(set(numbers)) == len(numbers)
    for invoice in company.invoices:
        customer = customers[invoice.customer_id]
        pattern = r"FA-\d{4}-\d{5}" if customer.language == "fr" else r"INV-\d{5}"
        assert re.fullmatch(pattern, invoice.invoice_number)
        assert invoice.currency == ("GBP" if customer.country == "GB" else "EUR")
        assert invoice.open_amount == invoice.amount > 0
        assert invoice.amount.as_tuple().exponent == -2
        assert (invoice.due_date - invoice.issue_date).days == customer.payment_terms_days
        assert (AS_OF - invoice.issue_date).days <= 120 and invoice.issue_date < AS_OF
    assert any(invoice.po_number for invoice in company.invoices)


def test_ibans_are_valid(company: DemoCompany) -> None:
    ibans = [iban for customer in company.customers for iban in customer.ibans]
    ibans += [payment.payer_iban for payment in company.payments if payment.payer_iban]
    ibans += [company.eur_account, company.gbp_account]
    assert len(ibans) > 100
    for iban in ibans:
        assert IBAN(iban, validate_bban=True).compact == iban


def test_payments_are_unique_business_days_in_the_month(company: DemoCompany) -> None:
    ids = [payment.id for payment in company.payments]
    assert len(set(ids)) == len(ids)
    for payment in company.payments:
        assert re.fullmatch(r"DEMO\d{6}-\d{3}", payment.id) and len(payment.id) <= 16
        assert company.period.start <= payment.booking_date <= company.period.end < AS_OF
        assert payment.booking_date.weekday() < 5
        assert payment.account == (company.eur_account if payment.currency == "EUR" else company.gbp_account)
        assert payment.locator.startswith("demo payment ")
    assert {payment.currency for payment in company.payments} == {"EUR", "GBP"}
    assert any(payment.booking_date < company.period.split for payment in company.payments)
    assert any(payment.booking_date >= company.period.split for payment in company.payments)


def test_truth_reconciles_with_each_payment(company: DemoCompany) -> None:
    invoices = {invoice.invoice_number: invoice for invoice in company.invoices}
    assert set(company.truth) == {payment.id for payment in company.payments}
    for payment in company.payments:
        settlements = company.truth[payment.id]
        applied = sum((settlement.amount for settlement in settlements), Decimal(0))
        unapplied = company.unapplied(payment)
        assert applied + unapplied == payment.amount
        assert unapplied >= 0
        if company.scenarios[payment.id] == "unrelated":
            assert settlements == () and unapplied == payment.amount
        elif company.scenarios[payment.id] != "overpaid":
            assert unapplied == 0
        for settlement in settlements:
            assert invoices[settlement.invoice_number].currency == payment.currency
            assert settlement.amount > 0 and settlement.discount >= 0 and settlement.deduction >= 0
            assert (settlement.deduction > 0) == (settlement.deduction_code is not None)


def test_no_invoice_is_over_allocated(company: DemoCompany) -> None:
    settled: dict[str, Decimal] = defaultdict(Decimal)
    for settlements in company.truth.values():
        for settlement in settlements:
            number = settlement.invoice_number
            settled[number] += settlement.amount + settlement.discount + settlement.deduction
    invoices = {invoice.invoice_number: invoice for invoice in company.invoices}
    assert all(total <= invoices[number].open_amount for number, total in settled.items())
    assert sum(total == invoices[number].open_amount for number, total in settled.items()) > 80


def test_every_scenario_is_there_and_reads_like_the_real_thing(company: DemoCompany) -> None:
    kinds = Counter(company.scenarios.values())
    assert set(kinds) == {name for name, _ in SCENARIO_COUNTS}
    assert kinds["batch"] >= 2
    customers = {customer.customer_id: customer for customer in company.customers}
    invoices = {invoice.invoice_number: invoice for invoice in company.invoices}
    renamed = 0
    for payment in company.payments:
        scenario, settlements = company.scenarios[payment.id], company.truth[payment.id]
        if not settlements:
            continue
        customer = customers[invoices[settlements[0].invoice_number].customer_id]
        renamed += normalise_token(payment.payer_name) != normalise_token(customer.name)
        if scenario == "discount":
            assert customer.discount_terms == "2/10"
            assert (payment.booking_date - invoices[settlements[0].invoice_number].issue_date).days <= 10
            assert settlements[0].discount == (invoices[settlements[0].invoice_number].amount / 50).quantize(
                Decimal("0.01")
            )
        elif scenario == "parent":
            assert customer.parent_id is not None
            assert normalise_token(payment.payer_name) != normalise_token(customer.name)
        elif scenario == "structured":
            assert payment.creditor_reference == rf_reference(settlements[0].invoice_number)
            assert payment.remittance_text is None
        elif scenario == "short":
            assert settlements[0].deduction > 0 and payment.remittance_text
        elif scenario == "partial":
            assert settlements[0].amount < invoices[settlements[0].invoice_number].open_amount
    assert renamed >= 20
    assert any(payment.remittance_text is None for payment in company.payments)
    assert all("/" not in (payment.remittance_text or "") for payment in company.payments)


def test_rf_reference_has_iso_11649_check_digits() -> None:
    assert rf_reference("539007547034") == "RF18539007547034"  # the standard's example
    reference = rf_reference("FA-2026-00123")
    assert reference.endswith("FA202600123")
    digits = "".join(str(int(char, 36)) for char in reference[4:] + reference[:4])
    assert int(digits) % 97 == 1


def test_invoice_numbering_restarts_with_the_year() -> None:
    company = generate_company(as_of=date(2027, 1, 20), seed=3)
    years = Counter(
        invoice.invoice_number[3:7]
        for invoice in company.invoices
        if invoice.invoice_number.startswith("FA-")
    )
    assert set(years) == {"2026", "2027"}
    assert "FA-2027-00001" in {invoice.invoice_number for invoice in company.invoices}
    assert all(invoice.issue_date < date(2027, 1, 20) for invoice in company.invoices)
