"""A tool's arguments read from the words of a question: customer, period, days, limits, currency.

Only what the question says is set; everything else keeps the tool's default. ``over 60 days``
(``plus de 60 jours``, ``> 60j``) means at least 61 days late; ``60+ days`` and ``at least 60``
mean 60.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from text_to_num import alpha2digit

from copilot.agent.periods import find_period
from copilot.agent.tools import TOOLS_BY_NAME
from copilot.customer_names import CustomerDirectory
from copilot.words import fold

_NUMBER_WORDS = {
    "one": 1, "un": 1, "une": 1, "two": 2, "deux": 2, "three": 3, "trois": 3, "four": 4, "quatre": 4,
    "five": 5, "cinq": 5, "six": 6, "seven": 7, "sept": 7, "eight": 8, "huit": 8, "nine": 9, "neuf": 9,
    "ten": 10, "dix": 10, "twelve": 12, "douze": 12, "fifteen": 15, "quinze": 15, "twenty": 20, "vingt": 20,
}  # fmt: skip
_NUMBER = r"(\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")"
_CURRENCIES = {
    **dict.fromkeys(("eur", "euro", "euros", "€"), "EUR"),
    **dict.fromkeys(("gbp", "£", "pound", "pounds", "sterling", "livres"), "GBP"),
    **dict.fromkeys(("usd", "$", "dollars"), "USD"),
    "chf": "CHF",
    "jpy": "JPY",
}
_SNAPSHOT_TOOLS = frozenset({"aging_report", "overdue_customers", "top_debtors"})
_PERIOD_TOOLS = frozenset(
    {"dso", "cei", "average_days_delinquent", "deductions_summary", "customer_payments"}
)
CUSTOMER_TOOLS = frozenset(
    {
        "customer_open_items",
        "customer_payments",
        "draft_reminder",
        "customer_payment_behaviour",
        "customer_promises",
        "search_notes",
        "customer_risk",
    }
)
_MONTH_DAYS = 30
_WEEK_DAYS = 7


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS[text]


def with_digits(text: str) -> str:
    """Numbers written in words as digits, in French and English (text2num): ``quarante-cinq``,
    ``septante``, ``forty-five`` → ``45``, ``70``, ``45`` (below three they stay words)."""
    return str(alpha2digit(str(alpha2digit(text, "en")), "fr"))


def days_late_threshold(text: str) -> int | None:
    """The minimum days late a question asks about, if it names one."""
    over = (
        r"(?:over|more than|above|beyond|greater than|older than|>|plus de|au-dela de|au dela de"
        r"|superieur a|de plus de)"
    )
    at_least = r"(?:at least|au moins|minimum|>=)"
    unit = r"\s*(?:days?|jours?|j|d)\b"
    month = r"\s*(?:months?|mois)\b"
    week = r"\s*(?:weeks?|semaines?)\b"
    for pattern, extra, factor in (
        (rf"{over}\s*{_NUMBER}{week}", 1, _WEEK_DAYS),
        (rf"{at_least}\s*{_NUMBER}{week}", 0, _WEEK_DAYS),
        (rf"{over}\s*{_NUMBER}{unit}", 1, 1),
        (rf"{at_least}\s*{_NUMBER}{unit}", 0, 1),
        (rf"{_NUMBER}\s*\+\s*(?:days?|jours?|j\b)?", 0, 1),
        (rf"{over}\s*{_NUMBER}{month}", 1, _MONTH_DAYS),
        (rf"{over}\s*(?:a|one|un)\s*(?:month|mois)\b", 1, _MONTH_DAYS),
        (rf"{over}\s*{_NUMBER}\b(?!\s*(?:weeks?|semaines?|%))", 1, 1),
        (rf"{_NUMBER}{unit}\s*(?:late|past due|overdue|de retard|en retard)", 0, 1),
        (rf"{_NUMBER}{unit}\s*(?:et plus|ou plus|and (?:more|over|up|above)|or more)", 0, 1),
    ):
        match = re.search(pattern, text)
        if match:
            value = _number(match.group(1)) if match.groups() and match.group(1) else 1
            return value * factor + extra
    return None


def _limit(text: str) -> int | None:
    match = re.search(
        rf"\btop\s*{_NUMBER}\b|\b{_NUMBER}\s+(?:plus gros|premiers|biggest|largest|principaux|top)"
        rf"|\b{_NUMBER}\s+(?:customers|clients|debtors|debiteurs|accounts|comptes)\b",
        text,
    )
    if match:
        return _number(next(group for group in match.groups() if group))
    return None


def _days_ahead(text: str) -> int | None:
    match = re.search(
        rf"\b(?:next|coming|within|in the next|dans les|d'ici|sous)\s+{_NUMBER}\s+"
        r"(days?|jours?|weeks?|semaines?)",
        text,
    )
    match = match or re.search(
        rf"\b{_NUMBER}\s+(?:prochains?|prochaines?|next)\s+(jours?|semaines?|days?|weeks?)", text
    )
    if match:
        value = _number(match.group(1))
        return value * (_WEEK_DAYS if match.group(2).startswith(("week", "semaine")) else 1)
    if re.search(r"\b(?:next two weeks|deux prochaines semaines|quinzaine|fortnight)\b", text):
        return 14
    if re.search(r"\b(?:this week|next week|cette semaine|semaine prochaine)\b", text):
        return _WEEK_DAYS
    if re.search(r"\b(?:next month|this month|mois prochain|ce mois)\b", text):
        return _MONTH_DAYS
    return None


def _weeks(text: str) -> int | None:
    match = re.search(rf"\b{_NUMBER}\s+(?:prochaines\s+)?(weeks?|semaines?|months?|mois)\b", text)
    if match:
        value = _number(match.group(1))
        return value * 4 + value // 3 if match.group(2).startswith(("month", "mois")) else value
    if re.search(r"\b(?:next month|mois prochain)\b", text):
        return 4
    if re.search(r"\b(?:next quarter|trimestre prochain|prochain trimestre)\b", text):
        return 13
    return None


_STAGE_WORDS = (
    ("formal_notice", r"formal notice|mise en demeure|final notice|letter before action"),
    ("reminder_2", r"second reminder|2nd reminder|deuxieme relance|seconde relance|2e relance|relance 2"),
    ("reminder_1", r"first reminder|1st reminder|premiere relance|1re relance|relance 1"),
    ("call", r"call script|phone call|appel telephonique|script d.appel"),
    ("preventive", r"preventive|preventif|preventive|avant echeance|before (?:it is )?due"),
    ("litigation", r"litigation|contentieux|recouvrement judiciaire"),
)


def _reminder_wishes(text: str) -> dict[str, Any]:
    """The stage and language a request for a reminder names ("second reminder", "en anglais")."""
    wishes: dict[str, Any] = {}
    stage = next((key for key, words in _STAGE_WORDS if re.search(rf"\b(?:{words})\b", text)), None)
    if stage:
        wishes["stage"] = stage
    if re.search(r"\b(?:en francais|in french)\b", text):
        wishes["language"] = "fr"
    elif re.search(r"\b(?:en anglais|in english)\b", text):
        wishes["language"] = "en"
    return wishes


def currency_in(question: str) -> str | None:
    """The currency a question names (``in GBP``, ``en livres``, ``£``), if any."""
    for token in re.findall(r"[€£$]|[a-z]+", fold(question)):
        if token in _CURRENCIES:
            return _CURRENCIES[token]
    return None


def extract_arguments(
    tool: str, question: str, *, as_of: date, directory: CustomerDirectory
) -> dict[str, Any]:
    """The arguments of ``tool`` that ``question`` sets."""
    text = with_digits(fold(question))
    args: dict[str, Any] = {}
    if currency := currency_in(question):
        args["currency"] = currency
    period = find_period(question, as_of)
    if tool in _SNAPSHOT_TOOLS and period is not None:
        args["on"] = period.end.isoformat()
    if tool in _PERIOD_TOOLS and period is not None:
        args["period_start"], args["period_end"] = period.start.isoformat(), period.end.isoformat()
    if tool in CUSTOMER_TOOLS:
        mentions = directory.find_all(question)
        if mentions:
            args["customer"] = mentions[0].name if len(mentions) == 1 else mentions[0].words
    if tool == "search_notes":
        args["query"] = question
    if tool == "propose_approval" and (number := re.search(r"\b(\d{1,9})\b", text)):
        args["suggestion_id"] = int(number.group(1))
    if tool == "overdue_customers" and (threshold := days_late_threshold(text)) is not None:
        args["min_days_late"] = threshold
    if tool == "top_debtors" and (limit := _limit(text)) is not None:
        args["limit"] = limit
    if tool == "invoices_due_soon" and (days := _days_ahead(text)) is not None:
        args["days"] = days
    if tool == "cash_forecast" and (weeks := _weeks(text)) is not None:
        args["weeks"] = min(weeks, 52)
    if tool == "dso" and re.search(r"count.?back|epuisement|methode retrospective", text):
        args["method"] = "countback"
    if tool == "draft_reminder":
        args |= _reminder_wishes(text)
    if tool == "deductions_summary" and re.search(r"\b(?:by|per|par)\s+(?:customer|client)s?\b", text):
        args["group_by"] = "customer"
    accepted = TOOLS_BY_NAME[tool].args.model_fields
    return {name: value for name, value in args.items() if name in accepted}


_REFERS_TO_CUSTOMER = re.compile(
    r"\b(?:they|them|their|theirs|this (?:customer|client|account)|that (?:customer|client|account)"
    r"|ils|elles|leur|leurs|eux|lui|ce client|cette societe|ce compte|chez eux|he|she|his|her)\b"
    r"|\b(?:il|elle)\b(?!\s+y\s+a)"
)
_REFERS_TO_PERIOD = re.compile(
    r"\b(?:same (?:period|thing|dates?)|that period|this period|for that|meme periode|cette periode"
    r"|la meme|meme chose|idem|pareil|same)\b"
)
_PERIOD_ARGUMENTS = ("period_start", "period_end", "on")


def carried_arguments(
    tool: str, question: str, previous: list[dict[str, Any]], new: dict[str, Any]
) -> dict[str, Any]:
    """What a question in a thread takes over from the previous turn's calls without saying it.

    The customer, when the tool cannot do without one or the question points back to it ("they",
    "leur", "ce client"); the period, when the question points back to it ("same period", "cette
    période"); the currency, when the tool is the same as before. Whatever the question names wins.
    """
    accepted = TOOLS_BY_NAME[tool].args.model_fields
    before: dict[str, Any] = {}
    for call in previous:
        before.update(call.get("args", {}))
    text = fold(question)
    carried: dict[str, Any] = {}
    customer = before.get("customer")
    takes_customer = customer and "customer" in accepted and "customer" not in new
    if takes_customer and (accepted["customer"].is_required() or _REFERS_TO_CUSTOMER.search(text)):
        carried["customer"] = customer
    if _REFERS_TO_PERIOD.search(text) and not any(name in new for name in _PERIOD_ARGUMENTS):
        carried |= {name: before[name] for name in _PERIOD_ARGUMENTS if name in before and name in accepted}
    same_tool = any(call.get("name") == tool for call in previous)
    if same_tool and "currency" in before and "currency" in accepted and "currency" not in new:
        carried["currency"] = before["currency"]
    return carried
