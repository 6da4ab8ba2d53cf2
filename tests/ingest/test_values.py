"""Property tests of ``ingest.values``: amounts and dates as exports write them parse back exactly."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ingest.values import ValueParseError, infer_date_order, infer_decimal_separator, parse_amount, parse_date

SPACES = ["\u0020", "\u00a0", "\u202f"]  # ordinary, no-break and narrow no-break spaces

amounts = st.builds(
    lambda units, places: Decimal(units).scaleb(-places),
    st.integers(min_value=0, max_value=10**15),
    st.integers(min_value=0, max_value=3),
)


def _grouped(integer: str, separator: str) -> str:
    head = len(integer) % 3 or 3
    return separator.join([integer[:head], *(integer[i : i + 3] for i in range(head, len(integer), 3))])


def _format(value: Decimal, thousands: str, decimal: str) -> str:
    text = f"{value:f}"
    integer, _, fraction = text.partition(".")
    return _grouped(integer, thousands) + (decimal + fraction if fraction else "")


def _signed(text: str, style: str) -> str:
    return {"minus": "-" + text, "plus": "+" + text, "parentheses": f"({text})", "trailing": text + "-"}[
        style
    ]


signs = st.sampled_from(["minus", "plus", "parentheses", "trailing"])


@given(amounts, st.sampled_from(SPACES))
@example(Decimal("1234.56"), " ")
def test_french_amounts_round_trip(value: Decimal, space: str) -> None:
    assert parse_amount(_format(value, space, ","), decimal_separator=",") == value


@given(amounts)
@example(Decimal("1234"))
def test_english_amounts_round_trip(value: Decimal) -> None:
    assert parse_amount(_format(value, ",", "."), decimal_separator=".") == value


@given(amounts, st.sampled_from([".", ","]))
def test_plain_amounts_round_trip(value: Decimal, decimal: str) -> None:
    assert parse_amount(f"{value:f}".replace(".", decimal), decimal_separator=decimal) == value


@given(amounts, signs, st.sampled_from([(" ", ","), (",", "."), ("", ".")]))
def test_signed_amounts_round_trip(value: Decimal, sign: str, marks: tuple[str, str]) -> None:
    thousands, decimal = marks
    text = _signed(_format(value, thousands, decimal), sign)
    expected = value if sign == "plus" else -value
    assert parse_amount(text, decimal_separator=decimal) == expected


@given(amounts)
def test_the_decimal_mark_inferred_from_a_column_reads_it_back(value: Decimal) -> None:
    cells = [_format(value, " ", ","), "12,50"]
    assert parse_amount(cells[0], decimal_separator=infer_decimal_separator(cells)) == value


@given(st.text(max_size=20))
@example("()")
@example("-")
@example("€")
@example("EUR")
@example("1,2,3.4.5")
def test_garbage_amounts_raise_value_parse_error_only(text: str) -> None:
    with contextlib.suppress(ValueParseError):
        parse_amount(text)


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))
FORMATS = {"dd/mm/yyyy": "%d/%m/%Y", "iso": "%Y-%m-%d", "yyyymmdd": "%Y%m%d", "dd.mm.yyyy": "%d.%m.%Y"}


@given(dates, st.sampled_from(sorted(FORMATS)))
@example(date(2026, 10, 3), "dd/mm/yyyy")
def test_dates_round_trip(value: date, name: str) -> None:
    text = value.strftime(FORMATS[name])
    assert parse_date(text) == value
    assert parse_date(text, order="DMY") == value


@given(dates)
def test_month_first_dates_round_trip_with_the_inferred_order(value: date) -> None:
    text = value.strftime("%m/%d/%Y")
    order = infer_date_order([text, "12/31/2026"])
    assert order == "MDY"
    assert parse_date(text, order=order) == value


@given(st.text(max_size=24))
@example("2026-02-30")
@example("31/04/2026")
@example("00000000")
@example("99/99/9999")
@example("2026-13-01T10:00:00Z")
@example("0000-01-01")
def test_invalid_dates_raise_value_parse_error_only(text: str) -> None:
    with contextlib.suppress(ValueParseError):
        parse_date(text)


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1, 9999))
def test_impossible_calendar_dates_raise_value_parse_error(day: int, month: int, year: int) -> None:
    text = f"{day:02d}/{month:02d}/{year:04d}"
    try:
        expected = date(year, month, day)
    except ValueError:
        try:
            parse_date(text)
        except ValueParseError:
            return
        raise AssertionError(f"{text} parsed") from None
    assert parse_date(text) == expected


def test_two_digit_year_first_with_the_ymd_order() -> None:
    assert parse_date("26-10-03", order="YMD") == date(2026, 10, 3)
    assert parse_date("03-10-26") == date(2026, 10, 3)


def test_a_month_name_one_letter_off_is_read_and_a_short_or_ambiguous_one_is_not() -> None:
    assert parse_date("Pebruary 20, 2026") == date(2026, 2, 20)
    assert parse_date("3 octobr 2026") == date(2026, 10, 3)
    assert parse_date("1 Novembr 26") == date(2026, 11, 1)
    for slip in ("12 Jui 2026", "5 mardi 2026"):  # too short (juin or juil); two letters from march
        with pytest.raises(ValueParseError):
            parse_date(slip)
