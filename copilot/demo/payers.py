"""How real payers write: their names on a bank transfer and their remittance texts.

A bank shows the payer's name as the payer's own bank has it — upper-cased, accents
dropped, words swapped, the legal form spelled out or cut, truncated — and the remittance
text is whatever the payer's clerk typed: the invoice number as printed, without dashes,
only its digits, several numbers at once, or nothing. Texts never contain ``/``, which
MT940's structured ``:86:`` field reserves.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from copilot.demo.catalogue import LEGAL_FORMS
from ingest.records import InvoiceRecord
from tools.money import format_amount

DEDUCTION_REASONS = {
    "DAMAGE": ("marchandise endommagée", "damaged goods"),
    "SHORTAGE": ("livraison incomplète", "short delivery"),
    "PRICING": ("écart de prix", "price difference"),
}
NO_REFERENCE_TEXTS = {
    "fr": (None, None, "VIREMENT", "REGLEMENT FOURNISSEUR", "PAIEMENT"),
    "en": (None, None, "PAYMENT", "SUPPLIER PAYMENT", "BACS PAYMENT"),
}


def strip_accents(text: str) -> str:
    """``"Épicerie"`` → ``"Epicerie"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _core_words(name: str) -> list[str]:
    """The name's words without a trailing legal form (``SAS``, ``Ltd``…)."""
    words = name.split()
    return words[:-1] if len(words) > 1 and words[-1] in LEGAL_FORMS else words


def payer_name_variant(name: str, language: str, rng: random.Random) -> str:
    """The customer's name as a bank transfer might show it (sometimes unchanged)."""
    words = name.split()
    core = _core_words(name)
    variants = [name, name.upper(), name.upper(), strip_accents(name).upper(), " ".join(core).upper()]
    if core != words:
        variants.append(" ".join([*core, LEGAL_FORMS[words[-1]]]).upper())
    if language == "fr" and len(core) == 2:  # "Boulangeries Dupont" → "DUPONT BOULANGERIES"
        variants.append(strip_accents(f"{core[1]} {core[0]}").upper())
    if len(name) > 20:
        variants.append(strip_accents(name).upper()[:18].rstrip())
    return rng.choice(variants)


def rf_reference(invoice_number: str) -> str:
    """The ISO 11649 creditor reference of an invoice: ``RF`` + check digits + its number."""
    body = "".join(char for char in invoice_number.upper() if char.isalnum())
    digits = "".join(str(int(char, 36)) for char in body + "RF00")
    return f"RF{98 - int(digits) % 97:02d}{body}"


def _digits(invoice: InvoiceRecord) -> str:
    return invoice.invoice_number.rsplit("-", 1)[-1]


def _french(invoice: InvoiceRecord) -> bool:
    return invoice.invoice_number.startswith("FA-")


def invoice_mention(invoice: InvoiceRecord, rng: random.Random) -> str:
    """One invoice number as a payer writes it: exact, without dashes, or digits only."""
    number, digits = invoice.invoice_number, _digits(invoice)
    if _french(invoice):
        options = (f"Facture {int(digits)}", f"FACT {number}")
    else:
        options = (f"Invoice {digits}", f"Inv {digits}")
    return rng.choice((number, number, number.replace("-", ""), *options))


def single_text(invoice: InvoiceRecord, rng: random.Random) -> str:
    """The text of a payment of one invoice."""
    mention = invoice_mention(invoice, rng)
    if _french(invoice):
        options = [mention, mention, f"REGLEMENT {mention}", f"{mention} du {invoice.issue_date:%d.%m.%Y}"]
    else:
        options = [mention, mention, f"{mention} thank you", f"Payment for {mention}"]
    if invoice.po_number:
        options.append(f"{mention} {'commande' if _french(invoice) else 'PO'} {invoice.po_number}")
    return rng.choice(options)


def multi_text(invoices: Sequence[InvoiceRecord], rng: random.Random) -> str:
    """The text of a payment of several invoices: the numbers listed, or their digits."""
    numbers = " ".join(invoice.invoice_number for invoice in invoices)
    short = [str(int(_digits(invoice))) for invoice in invoices]
    if _french(invoices[0]):
        listed = f"{', '.join(short[:-1])} et {short[-1]}"
        return rng.choice((numbers, f"Factures {listed}", f"REGLEMENT FACTURES {numbers}"))
    return rng.choice((numbers.replace(" ", ", "), f"Invoices {' '.join(short)}", f"Payment {numbers}"))


def partial_text(invoice: InvoiceRecord, rng: random.Random) -> str:
    """The text of a part payment."""
    mention = invoice_mention(invoice, rng)
    if _french(invoice):
        return rng.choice((f"Acompte {mention}", f"Paiement partiel {mention}", f"1er versement {mention}"))
    return rng.choice((f"Part payment {mention}", f"On account {mention}", f"Instalment 1 {mention}"))


def _amount_text(amount: Decimal, invoice: InvoiceRecord) -> str:
    text = format_amount(amount, invoice.currency)
    return text.replace(".", ",") if _french(invoice) else text


def short_text(invoice: InvoiceRecord, deduction: Decimal, code: str) -> str:
    """The text of a short payment, with the amount held back and why."""
    french, english = DEDUCTION_REASONS[code]
    amount = _amount_text(deduction, invoice)
    if _french(invoice):
        return f"{invoice.invoice_number} moins {amount} {french}"
    return f"{invoice.invoice_number} less {amount} {english}"


def discount_text(invoice: InvoiceRecord, percent: Decimal) -> str:
    """The text of a payment that takes the early-payment discount."""
    if _french(invoice):
        return f"{invoice.invoice_number} escompte {percent}% déduit"
    return f"{invoice.invoice_number} less {percent}% prompt payment discount"


def group_text(invoices: Sequence[InvoiceRecord], subsidiary: str, rng: random.Random) -> str:
    """The text of a parent company paying for a subsidiary."""
    listed = multi_text(invoices, rng) if len(invoices) > 1 else invoice_mention(invoices[0], rng)
    short = " ".join(_core_words(subsidiary))
    return f"{listed} pour {short}" if _french(invoices[0]) else f"{listed} re {short}"


def treasury_text(invoice: InvoiceRecord, rng: random.Random) -> str:
    """The text of a French Treasury payment for a public body: a mandate number, then the invoice."""
    return f"MANDAT {rng.randrange(1000, 99999)} FACTURE {invoice.invoice_number}"
