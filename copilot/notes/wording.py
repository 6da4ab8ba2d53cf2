"""Sentences in the customer's language for what is indexed: a promise to pay, told as a note."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from babel.dates import format_date

from copilot.locales import LOCALES, Language, format_money

_DATES: dict[Language, str] = {"fr": "dd/MM/yyyy", "en": "d MMM yyyy"}
_PROMISE: dict[Language, str] = {
    "fr": "Promesse de paiement de {amount} pour le {promised} (faite le {made})",
    "en": "Promise to pay {amount} by {promised} (made {made})",
}
_INVOICES: dict[Language, tuple[str, str]] = {"fr": ("facture", "factures"), "en": ("invoice", "invoices")}


def format_day(day: date, language: Language) -> str:
    """``day`` as ``15/12/2026`` in French, ``15 Dec 2026`` in English."""
    return format_date(day, _DATES[language], locale=LOCALES[language])


def promise_sentence(
    *,
    amount: Decimal,
    currency: str,
    promised_date: date,
    made_on: date,
    language: Language,
    invoice_numbers: Sequence[str] = (),
    note: str | None = None,
) -> str:
    """A promise to pay in words, e.g. ``Promise to pay €1,200.00 by 15 Dec 2026 (made 24 Nov 2026)``.

    The invoices it covers follow after a comma (``, invoices FA-1, FA-2``) and the person's own
    note after a colon.
    """
    sentence = _PROMISE[language].format(
        amount=format_money(amount, currency, language),
        promised=format_day(promised_date, language),
        made=format_day(made_on, language),
    )
    if invoice_numbers:
        one, many = _INVOICES[language]
        sentence += f", {one if len(invoice_numbers) == 1 else many} {', '.join(invoice_numbers)}"
    if note and note.strip():
        sentence += f": {note.strip()}"
    return sentence
