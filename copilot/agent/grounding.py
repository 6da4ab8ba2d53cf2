"""The grounding guard: every amount, date and count in an answer must come from a tool result.

The figures a turn may state are every number and date found in its tool calls' arguments and
results (in any string, e.g. ``"12345.67"``, ``"2026-10-31"`` or a label like ``"Q3 2026"``),
the turn's ``as_of`` and the question's own figures. An answer's figures are read in French and
English notation (``12 345,67 €``, ``€12,345.67``, ``45,3 jours``, ``85.7 %``, ``31 oct. 2026``,
``31/10/2026``). A figure is supported when it equals an allowed one, or that one rounded to the answer's
precision, or a ratio's percentage (``0.857`` → ``85.7 %``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from copilot.words import fold
from ingest.values import MONTHS

_MONTHS = {fold(name): number for name, number in MONTHS.items()}  # French and English, folded
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), "dmy"),
    (re.compile(rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b"), "d_month_y"),
    (re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), "month_d_y"),
)
# 12 345,67 / 12,345.67 / 12345.67 / 45,3 / 7 — thin, narrow and ordinary spaces group thousands.
_NUMBER = re.compile(
    r"(?<![\w.,])[-−]?\d{1,3}(?:(?:[ \u00a0\u202f]\d{3})+|(?:,\d{3})+|(?:\.\d{3})+)?(?:[.,]\d+)?(?![\w])|\d+"
)


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A figure of the answer found in no tool result."""

    text: str


def _date(groups: tuple[str, ...], kind: str) -> date | None:
    try:
        if kind == "ymd":
            return date(int(groups[0]), int(groups[1]), int(groups[2]))
        if kind == "dmy":
            return date(int(groups[2]), int(groups[1]), int(groups[0]))
        if kind == "d_month_y":
            return date(int(groups[2]), _MONTHS[groups[1]], int(groups[0]))
        return date(int(groups[2]), _MONTHS[groups[0]], int(groups[1]))
    except (ValueError, KeyError):
        return None


def split_dates(text: str) -> tuple[list[tuple[str, date | None]], str]:
    """The dates written in ``text`` (with what they say) and the text with them blanked out."""
    folded = fold(text)
    found: list[tuple[str, date | None]] = []
    for pattern, kind in _DATE_PATTERNS:
        for match in pattern.finditer(folded):
            found.append((match.group(0), _date(match.groups(), kind)))
        folded = pattern.sub(lambda m: " " * len(m.group(0)), folded)
    return found, folded


def read_number(token: str, language: str | None = None) -> Decimal | None:
    """A number token in French (``1 234,5``) or English (``1,234.5``) notation, or ``None``.

    ``1,119`` is 1.119 in French and 1119 in English; without a language a comma followed by
    three digits groups thousands unless the number starts with ``0,``.
    """
    text = token.replace("−", "-").replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace(" ", "")
    comma_groups = re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text)
    if comma_groups and (language == "fr" or (language is None and re.match(r"-?0,", text))):
        text = text.replace(",", ".")
    elif comma_groups:
        text = text.replace(",", "")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def figures(
    text: str, language: str | None = None
) -> tuple[list[tuple[str, date | None]], list[tuple[str, Decimal]]]:
    """The dates and the other numbers written in ``text`` (numbers read in ``language``'s notation)."""
    dates, rest = split_dates(text)
    numbers = []
    for match in _NUMBER.finditer(rest):
        value = read_number(match.group(0), language)
        if value is not None:
            numbers.append((match.group(0).strip(), value))
    return dates, numbers


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


@dataclass(frozen=True)
class AllowedFigures:
    """The numbers and dates a turn's answer may state."""

    numbers: frozenset[Decimal]
    dates: frozenset[date]

    @classmethod
    def of(cls, tool_calls: Iterable[dict[str, Any]], as_of: date, question: str = "") -> AllowedFigures:
        """Everything in the calls' arguments and results, plus ``as_of`` and the question's own figures
        (an answer may repeat the "60" of "over 60 days")."""
        numbers: set[Decimal] = set()
        dates: set[date] = {as_of}
        calls = [[call.get("args"), call.get("result")] for call in tool_calls]
        for text in [question, *_strings(calls)]:
            found_dates, found_numbers = figures(text)
            dates.update(day for _, day in found_dates if day is not None)
            numbers.update(value for _, value in found_numbers)
            if re.fullmatch(r"-?\d+(\.\d+)?(E-?\d+)?", text):
                numbers.add(Decimal(text))  # a machine-written number: the dot is a decimal point
        numbers.update(Decimal(day.day) for day in dates)
        numbers.update(Decimal(day.year) for day in dates)
        return cls(frozenset(numbers), frozenset(dates))

    def supports(self, value: Decimal) -> bool:
        """Whether ``value`` is an allowed number, rounded to the answer's precision, or a percentage."""
        exponent = value.as_tuple().exponent
        places = Decimal(1).scaleb(exponent) if isinstance(exponent, int) and exponent < 0 else Decimal(1)
        for allowed in self.numbers:
            for candidate in (allowed, allowed * 100):
                if candidate == value or candidate.quantize(places) == value:
                    return True
                if abs(candidate) == abs(value):
                    return True
        return False


def unsupported_figures(
    answer: str, allowed: AllowedFigures, language: str | None = None
) -> list[Unsupported]:
    """The figures of ``answer`` (written in ``language``) that ``allowed`` lacks (empty: grounded)."""
    dates, numbers = figures(answer, language)
    missing = [Unsupported(text) for text, day in dates if day is None or day not in allowed.dates]
    missing += [Unsupported(text) for text, value in numbers if not allowed.supports(value)]
    return missing
