"""Rate tables: the packaged values, the rate in force on a day, and refused files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tools.dunning import DatedRate, FixedSumBand, RatesError, load_rates, rate_on

GOOD = """
ecb_refinancing: [{from: 2025-06-11, rate: "2.15"}]
boe_base: [{from: 2025-12-18, rate: "3.75"}]
fr_margin_points: "10"
fr_indemnity: "40.00"
uk_margin_points: "8"
uk_fixed_sums: [{below: "1000.00", amount: "40.00"}, {amount: "100.00"}]
"""


def test_the_packaged_tables() -> None:
    rates = load_rates()
    assert (rates.fr_margin_points, rates.fr_indemnity, rates.uk_margin_points) == (
        Decimal("10"),
        Decimal("40.00"),
        Decimal("8"),
    )
    assert rates.uk_fixed_sums == (
        FixedSumBand(Decimal("1000.00"), Decimal("40.00")),
        FixedSumBand(Decimal("10000.00"), Decimal("70.00")),
        FixedSumBand(None, Decimal("100.00")),
    )
    assert DatedRate(date(2025, 6, 11), Decimal("2.15")) in rates.ecb_refinancing
    assert DatedRate(date(2025, 12, 18), Decimal("3.75")) in rates.boe_base


def test_the_rate_in_force_on_a_day() -> None:
    table = load_rates().ecb_refinancing
    assert rate_on(table, date(2025, 6, 10)) == Decimal("2.40")  # the day before the change
    assert rate_on(table, date(2025, 6, 11)) == Decimal("2.15")  # the day it takes effect
    assert rate_on(table, date(2024, 1, 1)) == Decimal("4.50")  # 4.50 from 2023-09-20
    with pytest.raises(RatesError, match=r"ecb: no rate in force on 2000-01-01"):
        rate_on(table, date(2000, 1, 1), name="ecb")


def test_a_file_of_ones_own(tmp_path: Path) -> None:
    path = tmp_path / "rates.yml"
    path.write_text(GOOD, encoding="utf-8")
    rates = load_rates(path)
    assert rates.ecb_refinancing == (DatedRate(date(2025, 6, 11), Decimal("2.15")),)
    assert rates.uk_fixed_sums[-1] == FixedSumBand(None, Decimal("100.00"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('"2.15"', "2.15"), 'ecb_refinancing[0].rate: write 2.15 as a quoted string ("2.15")'),
        (('fr_indemnity: "40.00"', 'fr_indemnity: "forty"'), "fr_indemnity: not a decimal number: 'forty'"),
        (('fr_indemnity: "40.00"\n', ""), "missing fr_indemnity"),
        (
            (
                'boe_base: [{from: 2025-12-18, rate: "3.75"}]',
                'boe_base: [{from: 2025-12-18, rate: "3.75"}, {from: 2025-01-01, rate: "4"}]',
            ),
            "boe_base[1]: from 2025-01-01 must come after 2025-12-18",
        ),
        (
            ('{from: 2025-06-11, rate: "2.15"}', '{from: June, rate: "2.15"}'),
            "ecb_refinancing[0].from: expected a date",
        ),
        (
            ('{amount: "100.00"}', '{below: "20000", amount: "100.00"}'),
            "uk_fixed_sums: every band but the last needs a below",
        ),
    ],
)
def test_malformed_rates_are_refused_in_one_line(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "rates.yml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(RatesError) as caught:
        load_rates(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)
