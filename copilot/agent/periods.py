"""Periods named in a question, relative to the ``as_of`` date: quarters, months, years, since-dates.

``Q3``, ``T3 2026``, ``ce trimestre`` / ``this quarter`` (quarter to date), ``le trimestre
dernier`` / ``last quarter``, ``en octobre`` / ``in October``, ``le mois dernier`` / ``last month``,
``cette année`` / ``YTD``, ``l'année dernière``, ``30 derniers jours`` / ``last 30 days``,
``depuis le 1er octobre`` / ``since 1 October`` (the date itself read by dateparser). A period
never ends after ``as_of``; a month or quarter named without a year is the latest one that has
started by ``as_of``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import dateparser

from copilot.words import fold

_MONTHS = {
    **dict.fromkeys(("janvier", "janv", "january", "jan"), 1),
    **dict.fromkeys(("fevrier", "fevr", "february", "feb"), 2),
    **dict.fromkeys(("mars", "march"), 3),
    **dict.fromkeys(("avril", "april", "apr"), 4),
    **dict.fromkeys(("mai",), 5),
    **dict.fromkeys(("juin", "june"), 6),
    **dict.fromkeys(("juillet", "juil", "july"), 7),
    **dict.fromkeys(("aout", "august", "aug"), 8),
    **dict.fromkeys(("septembre", "september", "sept", "sep"), 9),
    **dict.fromkeys(("octobre", "october", "oct"), 10),
    **dict.fromkeys(("novembre", "november", "nov"), 11),
    **dict.fromkeys(("decembre", "december", "dec"), 12),
}
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORDINAL_QUARTERS = {"premier": 1, "first": 1, "1er": 1, "second": 2, "deuxieme": 2, "2e": 2, "2eme": 2,
                     "troisieme": 3, "third": 3, "3e": 3, "3eme": 3, "quatrieme": 4, "fourth": 4, "4e": 4,
                     "4eme": 4}  # fmt: skip
_SINCE = re.compile(
    r"\b(?:since|from|after|depuis|a partir d[eu]|apres)\b\s+(?:le\s+|the\s+)?"
    r"(?:(?:start|beginning) of\s+|debut\s+(?:de\s+|d.)?)?(.+)"
)
_ON_DAY = re.compile(r"\b(?:as of|as at|au|on|at)\b\s+(?:le\s+|the\s+)?(\d.+)")


@dataclass(frozen=True, slots=True)
class Period:
    """A closed range of days and the words it came from."""

    start: date
    end: date
    label: str


def find_period(question: str, as_of: date) -> Period | None:
    """The period ``question`` names, or ``None`` when it names none."""
    text = fold(question)
    for finder in (_relative, _quarter, _last_days, _since, _on_day, _month):
        period = finder(text, as_of)
        if period is not None:
            return Period(period.start, min(period.end, as_of), period.label)
    return None


def quarter_of(day: date) -> tuple[date, date]:
    """The first and last day of the calendar quarter holding ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    return start, _month_end(date(day.year, first_month + 2, 1))


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _relative(text: str, as_of: date) -> Period | None:
    previous = r"(?:dernier|derniere|precedent|precedente|passe|passee)"
    if re.search(rf"\b(?:last|previous|past) quarter\b|\btrimestre {previous}\b|\bdernier trimestre\b", text):
        start, _ = quarter_of(as_of)
        start, end = quarter_of(start - timedelta(days=1))
        return Period(start, end, "last quarter")
    if re.search(
        r"\b(?:this|current) quarter\b|\bqtd\b|\b(?:ce|du|le|au) trimestre\b|\btrimestre en cours\b", text
    ):
        return Period(quarter_of(as_of)[0], as_of, "quarter to date")
    if re.search(rf"\b(?:last|previous|past) month\b|\bmois {previous}\b|\bdernier mois\b", text):
        end = as_of.replace(day=1) - timedelta(days=1)
        return Period(end.replace(day=1), end, "last month")
    if re.search(r"\b(?:this|current) month\b|\bmtd\b|\b(?:ce|du|le) mois\b|\bmois en cours\b", text):
        return Period(as_of.replace(day=1), as_of, "month to date")
    if re.search(rf"\b(?:last|previous|past) year\b|\bannee {previous}\b|\bl'annee derniere\b", text):
        return Period(date(as_of.year - 1, 1, 1), date(as_of.year - 1, 12, 31), "last year")
    this_year = (
        r"\b(?:this|current) year\b|\bytd\b|\b(?:cette|l) annee\b|\bdebut de l.annee\b|\bannee en cours\b"
    )
    if re.search(this_year, text):
        return Period(date(as_of.year, 1, 1), as_of, "year to date")
    return None


def _quarter(text: str, as_of: date) -> Period | None:
    match = re.search(r"\b[qt]([1-4])\b(?:\s*(20\d\d))?", text)
    number = int(match.group(1)) if match else None
    year_text = match.group(2) if match else None
    if match is None:
        spelled = re.search(
            r"\b(premier|second|deuxieme|troisieme|quatrieme|first|third|fourth|[1-4](?:er|e|eme))\s+"
            r"(?:trimestre|quarter)\b(?:\s*(?:de\s+|of\s+)?(20\d\d))?",
            text,
        )
        if spelled is None:
            return None
        number, year_text = _ORDINAL_QUARTERS.get(spelled.group(1)), spelled.group(2)
        if number is None:
            return None
    if number is None:
        return None
    year = int(year_text) if year_text else as_of.year
    if not year_text and date(year, 3 * number - 2, 1) > as_of:
        year -= 1
    start, end = quarter_of(date(year, 3 * number - 2, 1))
    return Period(start, end, f"Q{number} {year}")


def _last_days(text: str, as_of: date) -> Period | None:
    match = re.search(
        r"\b(?:last|past|over the last|over the past|sur les)\s+(\d{1,3})\s+(days?|months?|jours|mois)\b"
        r"|\b(\d{1,3})\s+(derniers jours|derniers mois)\b|\bsur\s+(\d{1,2})\s+(mois)\b",
        text,
    )
    if match is None:
        return None
    number = int(match.group(1) or match.group(3) or match.group(5))
    unit = match.group(2) or match.group(4) or match.group(6)
    if "mo" in unit:  # months, mois: the calendar months ending with as_of's
        start = as_of.replace(day=1)
        for _ in range(number - 1):
            start = (start - timedelta(days=1)).replace(day=1)
        return Period(start, as_of, f"last {number} months")
    return Period(as_of - timedelta(days=number - 1), as_of, f"last {number} days")


def _since(text: str, as_of: date) -> Period | None:
    day = _day_after(_SINCE, text, as_of)
    return None if day is None else Period(day, as_of, f"since {day.isoformat()}")


def _on_day(text: str, as_of: date) -> Period | None:
    day = _day_after(_ON_DAY, text, as_of)
    return None if day is None else Period(day, day, f"on {day.isoformat()}")


def _day_after(pattern: re.Pattern[str], text: str, as_of: date) -> date | None:
    """The date dateparser reads in the (up to four) words after ``pattern``, if not after ``as_of``."""
    match = pattern.search(text)
    if match is None:
        return None
    words = match.group(1).replace("?", " ").split()
    base = datetime.combine(as_of, time())
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
    }
    for size in range(min(4, len(words)), 0, -1):
        parsed = dateparser.parse(" ".join(words[:size]), languages=["fr", "en"], settings=settings)
        if parsed is not None and parsed.date() <= as_of:
            return parsed.date()
    return None


def _month(text: str, as_of: date) -> Period | None:
    pattern = rf"\b(?:(in|for|of|en|de|d|du mois d)\s+)?({_MONTH_WORDS}|may)\b\.?(?:\s+(20\d\d))?"
    for match in re.finditer(pattern, text):
        preposition, word, year_text = match.groups()
        if word == "may" and not year_text and preposition not in ("in", "for", "of"):
            continue  # "may" the verb
        month = _MONTHS.get(word, 5)
        year = int(year_text) if year_text else as_of.year
        if not year_text and date(year, month, 1) > as_of:
            year -= 1
        start = date(year, month, 1)
        return Period(start, _month_end(start), f"{start:%B %Y}")
    return None
