"""Parsing of amounts and dates as real exports write them.

Amounts: ``1234.56``, ``1 234,56`` (with ordinary, non-breaking or narrow spaces),
``1.234,56``, ``1,234.56``, ``11'373.94``, ``-98,76``, ``98,76-``, ``(98.76)``, ``+5``,
with an optional currency symbol or code. Dates: ISO ``2026-10-03``, ``03/10/2026``,
``03.10.2026``, ``3-10-26``, ``20261003``, with the day/month order given or inferred.
Never floats, never the clock.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal

from rapidfuzz.distance import Levenshtein

DateOrder = Literal["DMY", "MDY", "YMD"]


class ValueParseError(ValueError):
    """A cell that does not hold what its column promises."""


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_CURRENCY_NOISE = re.compile(r"^[A-Za-z€$£¥]{1,3}\.?|[A-Za-z€$£¥]{1,3}$")
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*$")


def parse_amount(text: str, *, decimal_separator: str | None = None) -> Decimal:
    """Parse a money amount written by a human or an ERP into an exact ``Decimal``.

    ``decimal_separator`` (``"."`` or ``","``) resolves ``1,234`` and ``1.234``; without
    it a lone separator is taken as the decimal mark, and when both appear the last one is.
    """
    raw = text.strip()
    if not raw:
        raise ValueParseError("empty amount")
    negative = False
    body = raw
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1].strip()
    body = _SPACES.sub("", body)
    if body.endswith("-"):
        negative, body = not negative, body[:-1]
    if body.startswith(("+", "-")):
        negative, body = (negative != (body[0] == "-")), body[1:]
    body = _CURRENCY_NOISE.sub("", body)
    if body.startswith(("+", "-")):  # sign after a currency symbol: "€-12,00"
        negative, body = (negative != (body[0] == "-")), body[1:]
    if not _DIGITS.match(body):
        raise ValueParseError(f"not an amount: {text!r}")
    number = _canonical_digits(body, decimal_separator, text)
    try:
        value = Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex above
        raise ValueParseError(f"not an amount: {text!r}") from exc
    return -value if negative else value


def _canonical_digits(body: str, decimal_separator: str | None, original: str) -> str:
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
    elif dots + commas == 0:
        return body
    else:
        mark = "." if dots else ","
        if dots + commas > 1:
            decimal = "," if mark == "." else "."  # only grouping marks present
        elif decimal_separator is not None:
            decimal = decimal_separator
        else:
            decimal = mark
    grouping = "," if decimal == "." else "."
    integer, _, fraction = body.partition(decimal)
    if decimal in fraction:
        raise ValueParseError(f"two decimal marks in {original!r}")
    groups = integer.split(grouping)
    if len(groups) > 1 and (not groups[0] or any(len(g) != 3 for g in groups[1:])):
        raise ValueParseError(f"misplaced thousands separator in {original!r}")
    return "".join(groups) + ("." + fraction if fraction else "")


def infer_decimal_separator(samples: Iterable[str]) -> str | None:
    """Guess a column's decimal mark from its values (``None`` when nothing tells)."""
    for sample in samples:
        body = _SPACES.sub("", sample.strip()).rstrip("-)")
        match = re.search(r"([.,])(\d+)$", body)
        if not match:
            continue
        mark, tail = match.groups()
        other = "," if mark == "." else "."
        if other in body[: match.start()] and body.rfind(other) < match.start():
            return mark
        if len(tail) != 3:
            return mark
    return None


_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./\-\s](\d{1,2})[./\-\s](\d{1,4})$")


def parse_date(text: str, *, order: DateOrder | None = None) -> date:
    """Parse a calendar date; ``order`` says how to read ``01/02/2026`` (default day first)."""
    raw = text.strip()
    if not raw:
        raise ValueParseError("empty date")
    if re.fullmatch(r"\d{8}", raw):
        return _make_date(int(raw[:4]), int(raw[4:6]), int(raw[6:]), text)
    iso = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", raw)
    if iso:
        year, month, day = map(int, iso.group(1).split("-"))
        return _make_date(year, month, day, text)
    match = _NUMERIC_DATE.match(raw)
    if not match:
        named = month_name_date(raw)
        if named is not None:
            return named
        raise ValueParseError(f"not a date: {text!r}")
    first, second, third = match.groups()
    if len(first) == 4:
        return _make_date(int(first), int(second), int(third), text)
    if order == "YMD":  # "26-10-03": two-digit year first
        return _make_date(2000 + int(first), int(second), int(third), text)
    year = int(third) + (2000 if len(third) <= 2 else 0)
    if order == "MDY":
        return _make_date(year, int(first), int(second), text)
    return _make_date(year, int(second), int(first), text)


def infer_date_order(samples: Iterable[str]) -> DateOrder | None:
    """``"DMY"`` or ``"MDY"`` when some value can only be read one way, else ``None``."""
    for sample in samples:
        match = _NUMERIC_DATE.match(sample.strip())
        if not match or len(match.group(1)) == 4:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            return "DMY"
        if second > 12 >= first:
            return "MDY"
    return None


_MISSPELT_MONTH_LENGTH = 5
"""Month names this long or longer are read one letter off; shorter ones are too near other words."""
MONTHS = {
    **dict.fromkeys(("janvier", "janv", "jan", "january"), 1),
    **dict.fromkeys(("février", "fevrier", "févr", "fevr", "fév", "fev", "feb", "february"), 2),
    **dict.fromkeys(("mars", "mar", "march"), 3),
    **dict.fromkeys(("avril", "avr", "apr", "april"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juin", "jun", "june"), 6),
    **dict.fromkeys(("juillet", "juil", "jul", "july"), 7),
    **dict.fromkeys(("août", "aout", "aug", "august"), 8),
    **dict.fromkeys(("septembre", "sept", "sep", "september"), 9),
    **dict.fromkeys(("octobre", "oct", "october"), 10),
    **dict.fromkeys(("novembre", "nov", "november"), 11),
    **dict.fromkeys(("décembre", "decembre", "déc", "dec", "december"), 12),
}


def month_name_date(text: str, *, whole: bool = True) -> date | None:
    """``3 octobre 2026``, ``1er mars 2026``, ``Oct. 3, 2026``, ``03-Oct-2026``, ``26-Jan-26`` (French or
    English month names, day first or month first, a two-digit year in this century); ``None`` when
    ``text`` is no such date. With
    ``whole`` the text must be only the date; else it may go on after it."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    parts = [part for part in re.split(r"[\s,.\-/:;()]+", folded) if part]
    if len(parts) < 3 or (whole and len(parts) != 3):
        return None
    for day_text, month_text in ((parts[0], parts[1]), (parts[1], parts[0])):
        day_text = re.sub(r"(?<=\d)(er|st|nd|rd|th)$", "", day_text)
        if not (day_text.isdigit() and parts[2].isdigit() and len(parts[2]) in (2, 4)):
            continue
        month = MONTHS.get(month_text) or _misspelt_month(month_text)
        if month:
            year = int(parts[2]) + (2000 if len(parts[2]) == 2 else 0)
            try:
                return date(year, month, int(day_text))
            except ValueError:
                return None
    return None


def _misspelt_month(word: str) -> int | None:
    """The month a name of five letters or more one letter off names (``pebruary``, ``octobr``,
    a scan's or a typist's slip), when only one month is that near."""
    if len(word) < _MISSPELT_MONTH_LENGTH or not word.isalpha():
        return None
    months = {
        month
        for name, month in MONTHS.items()
        if len(name) >= _MISSPELT_MONTH_LENGTH and Levenshtein.distance(word, name, score_cutoff=1) <= 1
    }
    return months.pop() if len(months) == 1 else None


def _make_date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueParseError(f"not a valid date: {original!r}") from exc


def coerce_date(value: object, *, order: DateOrder | None = None) -> date:
    """A date from a cell that may already be a ``date``/``datetime`` (XLSX) or text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(str(value), order=order)
