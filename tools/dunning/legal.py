"""Statutory late-payment interest and fixed sums per invoice, French and UK rules.

Which law: the customer's country ``FR`` → French rule, ``GB`` or ``UK`` → UK rule; any other
country (or none) → nothing is computed. Each rule is computed in its own currency only (EUR for
the French rule, GBP for the UK one): an invoice in another currency gets no amounts, a person
decides. Nothing is computed for an invoice not yet late or with nothing left to pay.

**French rule** (Code de commerce L441-10 and D441-5, between businesses):

- rate = ECB main refinancing rate in force on the first day of the half-year in which the
  invoice fell due (1 January or 1 July; the *reference date*) + ``fr_margin_points`` (10);
- interest = open amount × rate / 100 × days late / 365, per invoice;
- fixed sum = the recovery indemnity ``fr_indemnity`` (40.00 EUR) per late invoice.

**UK rule** (Late Payment of Commercial Debts (Interest) Act 1998):

- rate = Bank of England base rate in force on the reference date, 30 June or 31 December
  preceding the half-year in which the debt became overdue (the day after the due date), +
  ``uk_margin_points`` (8);
- interest = simple interest per day: open amount × rate / 100 × days late / 365;
- fixed sum by the size of the debt (its open amount): £40 under £1,000, £70 under £10,000,
  £100 from £10,000 (``uk_fixed_sums``).

Days late = ``as_of`` − due date. Interest is rounded once, half up, to the currency's minor
unit. The rate tables are dated settings read from ``rates.yml`` (format at its top).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tools.dunning.model import PlanItem, PlanLine
from tools.dunning.rates import RateTables, rate_on
from tools.dunning.rates import load_rates as load_rates  # re-exported: the tables this module reads
from tools.kpis.ledger import ZERO, InvoiceFacts
from tools.money import CurrencyMismatch, minor_unit_exponent, quantise

FRENCH_RULE = "fr_l441_10"
UK_RULE = "uk_late_payment_1998"
_RULE_CURRENCY = {FRENCH_RULE: "EUR", UK_RULE: "GBP"}
_RULE_OF_COUNTRY = {"FR": FRENCH_RULE, "GB": UK_RULE, "UK": UK_RULE}
_YEAR_DAYS = Decimal(365)


@dataclass(frozen=True, slots=True)
class LateCharges:
    """The late-payment amounts a person may claim on one invoice, and how they were computed.

    ``rate`` is the annual rate in percent (reference rate + margin), ``reference_rate`` the
    central bank's rate on ``reference_date``; ``principal`` the open amount the interest runs on.
    """

    invoice_number: str
    rule: str
    rate: Decimal
    reference_rate: Decimal
    reference_date: date
    days: int
    interest: Decimal
    fixed_sum: Decimal
    currency: str
    principal: Decimal


@dataclass(frozen=True, slots=True)
class ChargeTotals:
    """The late-payment amounts of several invoices, added up in one currency."""

    currency: str
    interest: Decimal
    fixed_sums: Decimal

    @property
    def total(self) -> Decimal:
        """Interest plus fixed sums."""
        return self.interest + self.fixed_sums


def rule_for(country: str | None) -> str | None:
    """The late-payment rule of a customer's country (``None``: no rule built in)."""
    return _RULE_OF_COUNTRY.get((country or "").strip().upper())


def late_charges(
    line: PlanLine | InvoiceFacts, *, country: str | None, as_of: date, rates: RateTables
) -> LateCharges | None:
    """The statutory interest and fixed sum on one invoice on ``as_of`` (rules: module docs).

    ``None`` when no rule applies: the country has none, the invoice is in another currency than
    the rule's, it is not late on ``as_of`` or nothing of it is open.
    """
    rule = rule_for(country)
    if rule is None or line.currency != _RULE_CURRENCY[rule]:
        return None
    if isinstance(line, PlanLine):
        number, principal = line.invoice_number, line.open_amount
    else:
        number, principal = line.number, line.open_on(as_of)
    days = (as_of - line.due_date).days
    if days <= 0 or principal <= ZERO:
        return None
    if rule == FRENCH_RULE:
        reference_date = _half_year_start(line.due_date)
        reference_rate = rate_on(rates.ecb_refinancing, reference_date, name="ecb_refinancing")
        rate = reference_rate + rates.fr_margin_points
        fixed_sum = rates.fr_indemnity
    else:
        reference_date = _preceding_half_year_end(line.due_date + timedelta(days=1))
        reference_rate = rate_on(rates.boe_base, reference_date, name="boe_base")
        rate = reference_rate + rates.uk_margin_points
        fixed_sum = next(
            band.amount for band in rates.uk_fixed_sums if band.below is None or principal < band.below
        )
    interest = _round_half_up(principal * rate / 100 * days / _YEAR_DAYS, line.currency)
    return LateCharges(
        invoice_number=number,
        rule=rule,
        rate=rate,
        reference_rate=reference_rate,
        reference_date=reference_date,
        days=days,
        interest=interest,
        fixed_sum=quantise(fixed_sum, line.currency),
        currency=line.currency,
        principal=principal,
    )


def charges_for(item: PlanItem, *, as_of: date, rates: RateTables) -> list[LateCharges]:
    """The late-payment amounts of each line of a plan item, under its customer's country's rule."""
    charges = (late_charges(line, country=item.country, as_of=as_of, rates=rates) for line in item.lines)
    return [charge for charge in charges if charge is not None]


def total_charges(charges: Sequence[LateCharges], currency: str) -> ChargeTotals:
    """Interest and fixed sums added up; a charge in another currency raises ``CurrencyMismatch``."""
    for charge in charges:
        if charge.currency != currency:
            raise CurrencyMismatch(f"cannot add {charge.currency} charges to a {currency} total")
    return ChargeTotals(
        currency=currency,
        interest=quantise(sum((c.interest for c in charges), ZERO), currency),
        fixed_sums=quantise(sum((c.fixed_sum for c in charges), ZERO), currency),
    )


def _half_year_start(day: date) -> date:
    """1 January or 1 July of the half-year ``day`` falls in."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def _preceding_half_year_end(day: date) -> date:
    """31 December or 30 June just before the half-year ``day`` falls in."""
    return date(day.year - 1, 12, 31) if day.month <= 6 else date(day.year, 6, 30)


def _round_half_up(value: Decimal, currency: str) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-minor_unit_exponent(currency)), rounding=ROUND_HALF_UP)
