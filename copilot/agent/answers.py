"""Answers written from tool results with templates, in French or English.

The templates are Jinja2 text in ``prompts/agent/answers.{fr,en}.yml``, one per tool, plus the
shared ones (``help``, ``unknown_customer``, ``ambiguous_customer``, ``error``). They see the
tool's arguments (``args``), its result (``r``) and filters that format for the language with
babel: ``money(currency)`` (``12 345,67 €`` / ``€12,345.67``), ``day`` (``31 oct. 2026`` /
``31 Oct 2026``), ``number`` and ``percent``. A template states only what the result holds, so
the rules provider's answers pass the grounding guard by construction; the guard also falls
back on them when an LLM's answer does not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, StrictUndefined, Template
from langchain_core.messages import ToolMessage

from copilot.locales import LOCALES, Language, format_money
from prompts import read_prompt


@dataclass(frozen=True)
class ToolOutcome:
    """A tool call of the turn and what it returned."""

    name: str
    args: dict[str, Any]
    result: Any

    @classmethod
    def from_message(cls, name: str, args: dict[str, Any], message: ToolMessage) -> ToolOutcome:
        """The call with its result read back from the tool message's JSON text."""
        try:
            result = json.loads(str(message.content))
        except json.JSONDecodeError:
            result = {"error": "tool_failed", "detail": str(message.content)}
        return cls(name, args, result)


def _money(value: Any, currency: str | None, language: Language) -> str:
    if value is None or value == "":
        return "—"
    return format_money(Decimal(str(value)), currency or "EUR", language)


def _day(value: Any, language: Language) -> str:
    if not value:
        return "—"
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return format_date(day, format="medium", locale=LOCALES[language])


def _number(value: Any, language: Language) -> str:
    if value is None or value == "":
        return "—"
    return format_decimal(Decimal(str(value)), locale=LOCALES[language])


def _percent(value: Any, language: Language) -> str:
    """A ratio (``0.857``) as a percentage with one decimal (``85,7 %`` / ``85.7%``)."""
    if value is None or value == "":
        return "—"
    return format_percent(Decimal(str(value)), format="#,##0.0%", locale=LOCALES[language])


def _count(value: Any, one: str, many: str, language: Language) -> str:
    """``3 invoices`` / ``1 invoice`` (French: ``0 facture``, ``1 facture``, ``2 factures``)."""
    number = int(value)
    singular = number <= 1 if language == "fr" else number == 1
    return f"{number} {one if singular else many}"


@cache
def _templates(language: Language) -> dict[str, Template]:
    environment = Environment(
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False
    )
    environment.filters["money"] = lambda value, currency=None: _money(value, currency, language)
    environment.filters["day"] = lambda value: _day(value, language)
    environment.filters["number"] = lambda value: _number(value, language)
    environment.filters["percent"] = lambda value: _percent(value, language)
    environment.filters["count"] = lambda value, one, many: _count(value, one, many, language)
    texts = yaml.safe_load(read_prompt(f"agent/answers.{language}.yml"))
    return {name: environment.from_string(text) for name, text in texts.items()}


def render(name: str, language: Language, **context: Any) -> str:
    """One template of ``language`` rendered with ``context``."""
    return _templates(language)[name].render(**context).strip()


def write_answer(outcomes: list[ToolOutcome], language: Language) -> str:
    """The reply to a turn: one paragraph per tool call, from its template."""
    return "\n\n".join(_paragraph(outcome, language) for outcome in outcomes) or help_answer(language)


def _paragraph(outcome: ToolOutcome, language: Language) -> str:
    result = outcome.result
    if isinstance(result, dict) and result.get("error") in ("unknown_customer", "ambiguous_customer"):
        return render(str(result["error"]), language, r=result, args=outcome.args)
    if isinstance(result, dict) and result.get("error") == "tool_failed":
        return render("error", language, r=result, args=outcome.args, tool=outcome.name)
    return render(outcome.name, language, r=result, args=outcome.args)


def help_answer(language: Language) -> str:
    """What the copilot can answer, for a question no tool matches (no figures in it)."""
    return render("help", language)
