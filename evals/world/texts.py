"""Remittance texts as payers' clerks type them, in French and English.

Every function takes the already-chosen way of writing the invoice number(s) (``mention``)
and wraps it in the words a payer adds: nothing, "Facture", "REGLEMENT", "Invoice", a
purchase-order number, the reason for a short payment, an early-payment discount.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from tools.money import format_amount

DEDUCTION_REASONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "DAMAGE": (
        ("marchandise endommagée", "casse transport", "produits abîmés", "avarie"),
        ("damaged goods", "damaged in transit", "breakage", "goods received damaged"),
    ),
    "PRICING": (
        ("écart de prix", "erreur de prix", "différence de tarif", "prix non conforme"),
        ("price difference", "pricing error", "price variance", "wrong unit price"),
    ),
    "PROMOTION": (
        ("remise promotionnelle", "promo", "participation publicitaire", "opération promotionnelle"),
        ("promotional allowance", "promo deduction", "co-op advertising", "trade promotion"),
    ),
    "SHORTAGE": (
        ("livraison incomplète", "manquant", "colis manquant", "quantité manquante"),
        ("short delivery", "shortage", "missing items", "short shipped"),
    ),
    "FREIGHT": (
        ("frais de port", "frais de transport refacturés", "port déduit"),
        ("freight charge", "shipping cost deducted", "carriage deducted"),
    ),
    "RETURN": (
        ("retour marchandise", "avoir retour", "marchandise retournée"),
        ("returned goods", "return credit", "goods returned"),
    ),
}
_NO_REFERENCE = {
    "fr": ("", "", "VIREMENT", "REGLEMENT FOURNISSEUR", "PAIEMENT", "VIR SEPA", "REGLEMENT", "ECHEANCE"),
    "en": ("", "", "PAYMENT", "SUPPLIER PAYMENT", "BACS", "ACH CREDIT", "TRANSFER", "REMITTANCE"),
}
_MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def money_text(amount: Decimal, currency: str, language: str, rng: random.Random) -> str:
    """An amount as a clerk types it: ``1234,50`` in French, ``1,234.50`` or ``1234.50`` in English."""
    text = format_amount(amount, currency)
    if language == "fr":
        return text.replace(".", ",")
    whole, _, cents = text.partition(".")
    return f"{int(whole):,}.{cents}" if len(whole) > 3 and rng.random() < 0.5 else text


def single(mention: str, language: str, rng: random.Random, *, po: str | None = None, issued: date) -> str:
    """The text of a payment of one invoice."""
    if language == "fr":
        options = [
            mention,
            f"Facture {mention}",
            f"FACT {mention}",
            f"Fact. n° {mention}",
            f"REGLEMENT FACTURE {mention}",
            f"Règlement {mention} du {issued:%d/%m/%Y}",
            f"VIR {mention}",
        ]
        if po:
            options.append(f"{mention} CDE {po}")
    else:
        options = [
            mention,
            f"Invoice {mention}",
            f"Payment {mention}",
            f"Inv no {mention} thank you",
            f"REMITTANCE {mention}",
            f"Settlement of invoice {mention}",
        ]
        if po:
            options.append(f"{mention} PO {po}")
    return rng.choice(options)


def several(listed: str, language: str, rng: random.Random) -> str:
    """The text of a payment of several invoices (``listed``: the numbers, a range…)."""
    if language == "fr":
        return rng.choice(
            (listed, f"Factures {listed}", f"REGLEMENT FACTURES {listed}", f"Règlement {listed}")
        )
    return rng.choice(
        (listed, f"Invoices {listed}", f"Payment of invoices {listed}", f"Invoice nos {listed}")
    )


def discount(mention: str, percent: str, language: str, rng: random.Random) -> str:
    """The text of a payment that takes the early-payment discount (sometimes silent about it)."""
    if language == "fr":
        options = (mention, f"{mention} escompte {percent}% déduit", f"{mention} - escompte {percent} %")
    else:
        options = (mention, f"{mention} less {percent}% prompt payment discount", f"{mention} early pay disc")
    return rng.choice(options)


def deduction(mention: str, amount: str | None, code: str, language: str, rng: random.Random) -> str:
    """The text of a short payment: the invoice, why, and usually how much was held back."""
    french, english = DEDUCTION_REASONS[code]
    if language == "fr":
        reason = rng.choice(french)
        if amount is None:
            return rng.choice((f"{mention} {reason}", f"{mention} - déduction {reason}"))
        return rng.choice(
            (
                f"{mention} moins {amount} {reason}",
                f"REGLEMENT {mention} DEDUCTION {amount} ({reason})",
                f"{mention} {reason} -{amount}",
            )
        )
    reason = rng.choice(english)
    if amount is None:
        return rng.choice((f"{mention} {reason}", f"{mention} short paid: {reason}"))
    return rng.choice(
        (
            f"{mention} less {amount} {reason}",
            f"{mention} short paid {amount} {reason}",
            f"{reason} deducted {amount} re {mention}",
        )
    )


def partial(mention: str, language: str, rng: random.Random) -> str:
    """The text of a part payment (it may or may not say so)."""
    if language == "fr":
        options = (f"Acompte {mention}", f"Paiement partiel {mention}", f"{mention} 1er versement", mention)
    else:
        options = (
            f"Part payment {mention}",
            f"Partial payment inv {mention}",
            f"On account {mention}",
            mention,
        )
    return rng.choice(options)


def on_behalf(listed: str, subsidiary: str, language: str, rng: random.Random) -> str:
    """The text of a parent company paying for a subsidiary."""
    if language == "fr":
        return rng.choice((listed, f"{listed} pour {subsidiary}", f"{listed} filiale {subsidiary}"))
    return rng.choice((listed, f"{listed} on behalf of {subsidiary}", f"{listed} re {subsidiary}"))


def no_reference(language: str, booked: date, rng: random.Random) -> str:
    """A text that names no invoice."""
    if rng.random() < 0.15:
        month = _MONTHS_FR[booked.month - 1] if language == "fr" else f"{booked:%B}"
        return f"Règlement {month}" if language == "fr" else f"Payment {month}"
    return rng.choice(_NO_REFERENCE[language])


def end_to_end(rng: random.Random) -> str:
    """A payer's own transfer reference (noise for matching)."""
    return rng.choice(("NOTPROVIDED", f"E2E{rng.randrange(10**10):010d}", f"PMT-{rng.randrange(16**8):08X}"))
