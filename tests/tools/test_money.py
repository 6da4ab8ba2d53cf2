from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.money import CurrencyMismatch, Money, MoneyError, format_amount, minor_unit_exponent, quantise


@pytest.mark.parametrize(
    ("currency", "exponent"), [("EUR", 2), ("JPY", 0), ("KWD", 3), ("gbp", 2), ("CLF", 4)]
)
def test_minor_units_follow_iso_4217(currency: str, exponent: int) -> None:
    assert minor_unit_exponent(currency) == exponent


def test_quantise_pads_but_never_silently_rounds_bank_figures() -> None:
    assert str(quantise(Decimal("18.150"), "EUR")) == "18.15"
    assert str(quantise(Decimal("5"), "KWD")) == "5.000"
    with pytest.raises(MoneyError, match="more decimals than JPY"):
        quantise(Decimal("100.5"), "JPY")
    assert quantise(Decimal("100.5"), "JPY", exact=False) == Decimal("100")  # half-even
    with pytest.raises(MoneyError):
        quantise(1.5, "EUR")  # type: ignore[arg-type]


def test_money_refuses_to_mix_currencies() -> None:
    assert (
        Money(Decimal("1.10"), "EUR") + Money(Decimal("2.205") - Decimal("0.005"), "EUR")
    ).to_json() == "3.30"
    with pytest.raises(CurrencyMismatch):
        Money(Decimal(1), "EUR") + Money(Decimal(1), "GBP")
    with pytest.raises(CurrencyMismatch):
        _ = Money(Decimal(1), "EUR") < Money(Decimal(1), "USD")
    with pytest.raises(MoneyError, match="not an ISO 4217"):
        Money(Decimal(1), "EURO")


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(["EUR", "JPY", "KWD"]))
def test_format_amount_has_exactly_the_currency_decimals(minor_units: int, currency: str) -> None:
    exponent = minor_unit_exponent(currency)
    amount = Decimal(minor_units).scaleb(-exponent)
    text = format_amount(amount, currency)
    assert Decimal(text) == amount
    assert len(text.partition(".")[2]) == exponent
