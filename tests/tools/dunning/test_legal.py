"""Late-payment interest and fixed sums, worked by hand.

French rule: ECB main refinancing rate on 1 January / 1 July of the half-year the invoice fell
due + 10 points; interest = open × rate × days / 365, rounded half up; 40.00 EUR per invoice.
UK rule: Bank of England rate on 30 June / 31 December before the half-year the debt became
overdue (the day after the due date) + 8 points; same interest formula; £40 / £70 / £100.
Packaged tables: ECB 3.15 from 2024-12-18, 2.15 from 2025-06-11; BoE 4.75 from 2024-11-07,
4.25 from 2025-05-08, 3.75 from 2025-12-18.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tests.tools.dunning.ledger import AS_OF, SCENARIOS, customer, day, invoice, sent
from tools.dunning import (
    FRENCH_RULE,
    UK_RULE,
    ChargeTotals,
    LateCharges,
    PlanLine,
    charges_for,
    late_charges,
    load_rates,
    plan,
    total_charges,
)
from tools.money import CurrencyMismatch

RATES = load_rates()


def test_french_interest_and_indemnity_on_two_invoices() -> None:
    recent = invoice("F1", "C1", issued="2026-08-17", due="2026-09-16", amount="1000.00")  # 45 days late
    older = invoice("F2", "C1", issued="2025-04-15", due="2025-05-15", amount="2500.00")  # 534 days late

    first = late_charges(recent, country="FR", as_of=AS_OF, rates=RATES)
    second = late_charges(older, country="fr", as_of=AS_OF, rates=RATES)

    # due 2026-09-16 → second half of 2026 → ECB on 2026-07-01 = 2.15; 2.15 + 10 = 12.15 %
    # 1000.00 × 0.1215 × 45 / 365 = 5467.5 / 365 = 14.979… → 14.98
    assert first == LateCharges(
        invoice_number="F1",
        rule=FRENCH_RULE,
        rate=Decimal("12.15"),
        reference_rate=Decimal("2.15"),
        reference_date=date(2026, 7, 1),
        days=45,
        interest=Decimal("14.98"),
        fixed_sum=Decimal("40.00"),
        currency="EUR",
        principal=Decimal("1000.00"),
    )
    # due 2025-05-15 → first half of 2025 → ECB on 2025-01-01 = 3.15; 13.15 %
    # days: 2025-05-15 → 2026-05-15 = 365, + 16 (May) + 30 + 31 + 31 + 30 + 31 = 534
    # 2500.00 × 0.1315 × 534 / 365 = 328.75 × 534 / 365 = 175552.5 / 365 = 480.9657… → 480.97
    assert second is not None
    assert (second.reference_date, second.rate, second.days, second.interest) == (
        date(2025, 1, 1),
        Decimal("13.15"),
        534,
        Decimal("480.97"),
    )
    # 14.98 + 480.97 = 495.95 interest; 2 × 40.00 indemnity
    totals = total_charges([first, second], "EUR")
    assert totals == ChargeTotals("EUR", Decimal("495.95"), Decimal("80.00"))
    assert totals.total == Decimal("575.95")


def test_interest_runs_on_the_open_amount_on_as_of() -> None:
    # 1000 − 400 paid on 10-01: 600 open; 45 days late
    part_paid = invoice(
        "F3", "C1", issued="2026-08-17", due="2026-09-16", amount="1000.00", paid=(("2026-10-01", "400"),)
    )
    charge = late_charges(part_paid, country="FR", as_of=AS_OF, rates=RATES)
    # 600.00 × 0.1215 × 45 / 365 = 3280.5 / 365 = 8.987… → 8.99
    assert charge is not None
    assert (charge.principal, charge.interest, charge.fixed_sum) == (
        Decimal("600.00"),
        Decimal("8.99"),
        Decimal("40.00"),
    )


def test_interest_is_rounded_half_up() -> None:
    # due 2021-03-01 → ECB on 2021-01-01 = 0.00 → 10 %; one day late
    # 18.25 × 0.10 × 1 / 365 = 0.005 exactly → 0.01 (half even would give 0.00)
    line = invoice("R1", "C1", issued="2021-02-01", due="2021-03-01", amount="18.25")
    charge = late_charges(line, country="FR", as_of=date(2021, 3, 2), rates=RATES)
    assert charge is not None
    assert (charge.rate, charge.days, charge.interest) == (Decimal("10.00"), 1, Decimal("0.01"))


@pytest.mark.parametrize(
    ("due", "reference", "reference_rate"),
    [
        ("2025-06-30", date(2025, 1, 1), "3.15"),  # last day of the first half-year
        ("2025-07-01", date(2025, 7, 1), "2.15"),  # first day of the second: the 2025-06-11 rate
        ("2025-01-01", date(2025, 1, 1), "3.15"),
        ("2024-12-31", date(2024, 7, 1), "4.25"),  # 4.25 from 2024-06-12
    ],
)
def test_french_reference_rate_by_half_year(due: str, reference: date, reference_rate: str) -> None:
    line = invoice("H", "C1", issued="2024-06-01", due=due, amount="100.00")
    charge = late_charges(line, country="FR", as_of=AS_OF, rates=RATES)
    assert charge is not None
    assert (charge.reference_date, charge.reference_rate) == (reference, Decimal(reference_rate))
    assert charge.rate == Decimal(reference_rate) + 10


def test_uk_statutory_interest() -> None:
    # due 2026-06-30, overdue from 2026-07-01 → reference 2026-06-30 → BoE 3.75 → 11.75 %
    # days: 31 (Jul) + 31 + 30 + 31 = 123
    # 999.99 × 0.1175 × 123 / 365 = 117.498825 × 123 / 365 = 14452.355475 / 365 = 39.5955… → 39.60
    line = invoice("U1", "C1", issued="2026-06-01", due="2026-06-30", amount="999.99", currency="GBP")
    assert late_charges(line, country="GB", as_of=AS_OF, rates=RATES) == LateCharges(
        invoice_number="U1",
        rule=UK_RULE,
        rate=Decimal("11.75"),
        reference_rate=Decimal("3.75"),
        reference_date=date(2026, 6, 30),
        days=123,
        interest=Decimal("39.60"),
        fixed_sum=Decimal("40.00"),
        currency="GBP",
        principal=Decimal("999.99"),
    )


@pytest.mark.parametrize(
    ("amount", "fixed_sum", "interest"),
    [
        # interest = amount × 0.1175 × 123 / 365
        ("999.99", "40.00", "39.60"),  # under £1,000
        ("1000.00", "70.00", "39.60"),  # 117.5 × 123 / 365 = 39.5958… → 39.60
        ("9999.99", "70.00", "395.96"),  # 1174.998825 × 123 / 365 = 395.9585… → 395.96
        ("10000.00", "100.00", "395.96"),  # 1175 × 123 / 365 = 395.9589… → 395.96
    ],
)
def test_uk_fixed_sum_bands(amount: str, fixed_sum: str, interest: str) -> None:
    line = invoice("U2", "C1", issued="2026-06-01", due="2026-06-30", amount=amount, currency="GBP")
    charge = late_charges(line, country="UK", as_of=AS_OF, rates=RATES)
    assert charge is not None
    assert (charge.fixed_sum, charge.interest) == (Decimal(fixed_sum), Decimal(interest))


@pytest.mark.parametrize(
    ("due", "reference", "reference_rate"),
    [
        ("2025-06-29", date(2024, 12, 31), "4.75"),  # overdue 06-30: first half-year of 2025
        ("2025-06-30", date(2025, 6, 30), "4.25"),  # overdue 07-01: second half-year
        ("2025-12-30", date(2025, 6, 30), "4.25"),  # overdue 12-31
        ("2025-12-31", date(2025, 12, 31), "3.75"),  # overdue 2026-01-01: the rate of 2025-12-18
    ],
)
def test_uk_reference_date_precedes_the_half_year_the_debt_became_overdue(
    due: str, reference: date, reference_rate: str
) -> None:
    line = invoice("H", "C1", issued="2024-06-01", due=due, amount="100.00", currency="GBP")
    charge = late_charges(line, country="GB", as_of=AS_OF, rates=RATES)
    assert charge is not None
    assert (charge.reference_date, charge.reference_rate, charge.rate) == (
        reference,
        Decimal(reference_rate),
        Decimal(reference_rate) + 8,
    )


def test_no_amounts_without_a_rule_a_delay_or_the_rules_currency() -> None:
    late_eur = invoice("N1", "C1", issued="2026-08-17", due="2026-09-16", amount="100.00")
    late_usd = invoice("N2", "C1", issued="2026-08-17", due="2026-09-16", amount="100.00", currency="USD")
    on_time = invoice("N3", "C1", issued="2026-10-01", due="2026-10-31", amount="100.00")
    paid = invoice(
        "N4", "C1", issued="2026-08-17", due="2026-09-16", amount="100.00", paid=(("2026-10-01", "100"),)
    )
    assert late_charges(late_eur, country="DE", as_of=AS_OF, rates=RATES) is None
    assert late_charges(late_eur, country=None, as_of=AS_OF, rates=RATES) is None
    assert late_charges(late_eur, country="GB", as_of=AS_OF, rates=RATES) is None  # UK rule, EUR invoice
    assert late_charges(late_usd, country="FR", as_of=AS_OF, rates=RATES) is None
    assert late_charges(on_time, country="FR", as_of=AS_OF, rates=RATES) is None  # due today
    assert late_charges(paid, country="FR", as_of=AS_OF, rates=RATES) is None


def test_charges_for_a_plan_item() -> None:
    invoices = [
        invoice("F1", "C1", issued="2026-08-17", due="2026-09-16", amount="1000.00"),  # 45 days late
        invoice("F4", "C1", issued="2026-09-01", due="2026-10-01", amount="2000.00"),  # 30 days late
    ]
    [item] = plan(
        [customer("C1", country="FR")],
        invoices,
        [],
        [],
        [sent("C1", "call", "2026-10-16")],
        as_of=AS_OF,
        scenarios=SCENARIOS,
    )
    assert item.stage.key == "formal_notice"

    charges = charges_for(item, as_of=AS_OF, rates=RATES)

    # F1: 14.98 (above). F4: 2000.00 × 0.1215 × 30 / 365 = 7290 / 365 = 19.972… → 19.97
    assert [(c.invoice_number, c.interest, c.fixed_sum) for c in charges] == [
        ("F1", Decimal("14.98"), Decimal("40.00")),
        ("F4", Decimal("19.97"), Decimal("40.00")),
    ]
    assert total_charges(charges, item.currency) == ChargeTotals("EUR", Decimal("34.95"), Decimal("80.00"))
    # the same line, as a PlanLine, gives the same amounts
    line = PlanLine(
        "F4", day("2026-09-01"), day("2026-10-01"), "EUR", Decimal("2000.00"), Decimal("2000.00"), 30
    )
    assert late_charges(line, country="FR", as_of=AS_OF, rates=RATES) == charges[1]
    # a customer in Germany: nothing computed
    assert charges_for(replace(item, country="DE"), as_of=AS_OF, rates=RATES) == []


def test_totals_never_mix_currencies() -> None:
    gbp = invoice("U3", "C1", issued="2026-06-01", due="2026-06-30", amount="100.00", currency="GBP")
    charge = late_charges(gbp, country="GB", as_of=AS_OF, rates=RATES)
    assert charge is not None
    with pytest.raises(CurrencyMismatch):
        total_charges([charge], "EUR")
    assert total_charges([], "EUR") == ChargeTotals("EUR", Decimal("0.00"), Decimal("0.00"))
