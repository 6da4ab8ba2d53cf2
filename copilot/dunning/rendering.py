"""Reminder texts rendered from the Jinja2 templates of ``prompts/dunning/``.

Per language (``fr``, ``en``): ``stages/<stage>.j2`` holds a stage's wording (macros
``subject``, ``intro``, ``closing``); ``email.txt.j2`` / ``email.html.j2`` lay an e-mail out
around it with the shared partials (``_items`` the open-items table, ``_history`` what was sent
and promised, ``_legal`` the legal mentions of a formal notice); ``call.txt.j2`` is a call task's
talking points; ``letter.j2`` a PDF letter's content. Templates see the draft's facts (see
:mod:`copilot.dunning.message_facts`) and filters that format for the language with babel:
``money(currency)`` (``1 200,00 €`` / ``€1,200.00``), ``day`` (``14/08/2026`` / ``14 Aug 2026``),
``number`` and ``percent`` (``12,15 %`` / ``12.15%``). Every figure a template writes comes
from the facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from babel.numbers import format_decimal
from jinja2 import Environment, PackageLoader, StrictUndefined

from copilot.locales import LOCALES, Language, format_money
from copilot.notes.wording import format_day

_PERCENT: dict[Language, str] = {"fr": "{} %", "en": "{}%"}


@dataclass(frozen=True, slots=True)
class Rendered:
    """A message's subject and bodies."""

    subject: str
    text: str
    html: str


@cache
def _environment(language: Language, *, html: bool) -> Environment:
    environment = Environment(
        loader=PackageLoader("prompts", "dunning"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=html,
    )
    locale = LOCALES[language]
    environment.filters["money"] = lambda value, currency: format_money(Decimal(value), currency, language)
    environment.filters["day"] = lambda value: format_day(date.fromisoformat(value), language)
    environment.filters["number"] = lambda value: format_decimal(Decimal(value), locale=locale)
    environment.filters["percent"] = lambda value: _PERCENT[language].format(
        format_decimal(Decimal(value), locale=locale)
    )
    return environment


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _context(facts: dict[str, Any], language: Language) -> dict[str, Any]:
    return {**facts, "stage_template": f"{language}/stages/{facts['stage']['key']}.j2"}


def render_subject(facts: dict[str, Any], language: Language) -> str:
    """The subject line of the stage's message."""
    context = _context(facts, language)
    wording = _environment(language, html=False).get_template(context["stage_template"])
    subject = getattr(wording.make_module(vars=context), "subject")  # noqa: B009 - a template macro
    return " ".join(str(subject()).split())


def render_message(facts: dict[str, Any], language: Language) -> Rendered:
    """The e-mail (subject, text, HTML) of the facts' stage; a call task when its channel is ``call``."""
    context = _context(facts, language)
    subject = render_subject(facts, language)
    if facts["stage"]["channel"] == "call":
        text = _tidy(
            _environment(language, html=False).get_template(f"{language}/call.txt.j2").render(context)
        )
        return Rendered(subject, text, text_as_html(text, subject=subject, language=language))
    text = _environment(language, html=False).get_template(f"{language}/email.txt.j2").render(context)
    html = _environment(language, html=True).get_template(f"{language}/email.html.j2").render(context)
    return Rendered(subject, _tidy(text), html.strip() + "\n")


def render_letter(facts: dict[str, Any], language: Language) -> str:
    """The content of the stage's PDF letter, in the light markup :mod:`copilot.dunning.letters` lays out."""
    context = _context(facts, language)
    return _tidy(_environment(language, html=False).get_template(f"{language}/letter.j2").render(context))


def text_as_html(text: str, *, subject: str, language: Language) -> str:
    """A plain-text message as HTML: a paragraph per block of lines, lines kept, everything escaped."""
    blocks = [block.splitlines() for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    template = _environment(language, html=True).get_template("text.html.j2")
    return template.render(blocks=blocks, subject=subject, language=language).strip() + "\n"
