"""The two languages the copilot writes in, how each writes money (babel), and amounts as people
type them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
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


def parse_typed_amount(text: str) -> Decimal:
    """An amount a person typed (a command, a form, a modal): ``1200``, ``1200.50``, ``1200,50``
    or ``1 200,50``; :class:`ValueError` for anything else, a separator of each kind included."""
    compact = "".join(text.split())
    if "," in compact and "." in compact:
        raise ValueError(f"{text!r} has both a comma and a dot")
    try:
        amount = Decimal(compact.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not amount.is_finite():
        raise ValueError(f"{text!r} is not a number")
    return amount
