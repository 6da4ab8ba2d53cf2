"""The two languages the copilot writes in, and how each writes money (babel)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from babel.numbers import format_currency

from tools.money import quantise

Language = Literal["fr", "en"]

LOCALES: dict[Language, str] = {"fr": "fr_FR", "en": "en_GB"}


def language_of(code: str | None) -> Language:
    """The wording language for a customer's language code: French for ``fr``, else English."""
    return "fr" if (code or "").lower().startswith("fr") else "en"


def format_money(amount: Decimal, currency: str, language: Language) -> str:
    """``amount`` as people write it: ``1 200,00 €`` in French, ``€1,200.00`` in English."""
    exact = quantise(amount, currency, exact=False)
    return format_currency(exact, currency, locale=LOCALES[language])
