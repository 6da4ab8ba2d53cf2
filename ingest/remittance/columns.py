"""The names remittance advice spreadsheets give their line columns and header fields.

A remittance sheet has a table with one row per invoice (an invoice-number column and a
paid-amount column at least) and, above it, label/value cells about the payment
(``Payeur`` ``ACME SA``, ``Date de paiement`` ``03/10/2026``…). Names are matched like the
ledger's, without case, accents, spaces or punctuation (:func:`normalise_header`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rapidfuzz.distance import Hamming

from ingest.ledger.columns import alias_index, classify_header, normalise_header

LINE_COLUMNS: dict[str, tuple[str, ...]] = {
    "invoice_number": (
        "N° facture",
        "Facture",
        "Invoice",
        "Invoice No",
        "Invoice number",
        "Invoice #",
        "Invoice ref",
        "Invoice reference",
        "Document",
        "Document no",
        "Document number",
        "Nº facture",
        "No facture",
        "N° de facture",
        "Numéro de facture",
        "Numéro facture",
        "Réf. facture",
        "Référence facture",
        "N° pièce",
        "Pièce",
        "Votre référence",
        "Your reference",
        "Your ref",
        "Votre réf",
        "Invoice no",
        "Facture n°",
        "N° de pièce",
        "Réf",
        "Ref",
        "Invoice ref no",
        "Inv ref",
        "Inv no",
        "Inv number",
        "Bill no",
    ),
    "invoice_date": (
        "Date facture",
        "Invoice date",
        "Date de facture",
        "Date de la facture",
        "Document date",
        "Date pièce",
        "Date",
        "Doc date",
        "Date doc",
        "Inv date",
        "Date de pièce",
    ),
    "invoice_amount": (
        "Montant facture",
        "Invoice amount",
        "Gross",
        "Gross amount",
        "Montant brut",
        "Montant de la facture",
        "Montant TTC",
        "Original amount",
        "Invoice total",
        "Gross amt",
        "Montant initial",
        "Total TTC",
        "Amount due",
    ),
    "paid_amount": (
        "Montant payé",
        "Payé",
        "Paid",
        "Amount paid",
        "Paid amount",
        "Net",
        "Net amount",
        "Net paid",
        "Montant net",
        "Net payé",
        "Montant réglé",
        "Réglé",
        "Montant versé",
        "Payment",
        "Paiement",
        "Montant net payé",
        "Amount paid net",
        "Net paid amount",
        "Payé ce jour",
        "Amount remitted",
        "Règlement",
        "Settlement",
        "Settled",
        "Remitted",
        "Montant viré",
    ),
    "discount_amount": (
        "Escompte",
        "Discount",
        "Discount amount",
        "Cash discount",
        "Montant escompte",
        "Cash disc",
        "Disc",
        "Esc",
        "Remise",
        "Discount taken",
        "Disc. taken",
        "Disc. amount",
    ),
    "deduction_amount": (
        "Déduction",
        "Deduction",
        "Retenue",
        "Déductions",
        "Deductions",
        "Deduction amount",
        "Montant déduit",
        "Montant de la déduction",
        "Short payment",
        "Ded",
        "Adjustment",
        "Adjustments",
        "Ajustement",
        "Retenues",
        "Réfaction",
        "Litige",
        "Montant litige",
        "Short paid",
        "Shortfall",
        "Disputed",
        "Montant contesté",
        "Withheld",
        "Retenu",
        "Montant retenu",
        "Amount withheld",
    ),
    "reason_text": (
        "Motif",
        "Reason",
        "Motif de déduction",
        "Deduction reason",
        "Commentaire",
        "Comment",
        "Remarque",
        "Remarks",
        "Observations",
        "Explanation",
        "Reason for deduction",
        "Raison",
        "Motif litige",
        "Dispute reason",
        "Why",
        "Pourquoi",
        "Note",
        "Notes",
    ),
    "reason_code": ("Code motif", "Reason code", "Deduction code", "Code déduction", "Code"),
    "currency": ("Devise", "Currency", "Monnaie", "Ccy"),
}

HEADER_FIELDS: dict[str, tuple[str, ...]] = {
    "payer_name": (
        "Payeur",
        "Payer",
        "From",
        "Payer name",
        "Nom du payeur",
        "Donneur d'ordre",
        "Émetteur",
        "De",
        "Client",
        "Customer",
    ),
    "payment_date": (
        "Date de paiement",
        "Payment date",
        "Date du paiement",
        "Date de règlement",
        "Date du règlement",
        "Date du virement",
        "Date de virement",
        "Date de valeur",
        "Value date",
    ),
    "payment_amount": (
        "Montant du paiement",
        "Payment amount",
        "Total",
        "Montant total",
        "Total amount",
        "Total payé",
        "Total paid",
        "Montant réglé",
        "Montant du virement",
        "Montant du règlement",
    ),
    "currency": ("Devise", "Currency", "Monnaie"),
    "payment_reference": (
        "Référence",
        "Payment reference",
        "Référence du paiement",
        "Référence de paiement",
        "Référence paiement",
        "Référence du virement",
        "Reference",
        "Payment ref",
        "Payment number",
        "Payment ID",
        "N° de paiement",
        "N° de règlement",
        "Remittance number",
        "Avis n°",
    ),
}

AMOUNT_COLUMNS = frozenset({"invoice_amount", "paid_amount", "discount_amount", "deduction_amount"})
# A bank statement's columns: a sheet naming one of these is not a remittance advice.
_BANK_COLUMNS = frozenset(
    normalise_header(name)
    for name in (
        "booking_date",
        "Booking date",
        "value_date",
        "Date comptable",
        "Date d'opération",
        "Date de comptabilisation",
        "payer_iban",
        "Payer IBAN",
        "remittance_text",
        "Solde",
        "Balance",
        "Running balance",
    )
)


_LINE_INDEX = alias_index(LINE_COLUMNS)
_HEADER_INDEX = alias_index(HEADER_FIELDS)


_NEAR_LABEL_LENGTH = 8
"""Labels of two words or more this long or longer are also found with one character misread (a
scan's ``Oate de règlement``, ``Montant psyé``); single words and shorter labels only as written
(``factures`` in a sentence is not the Dutch header ``facturen``). One character added or lost
is no misreading (``Our reference`` is not ``Your reference``)."""


def _by_length(index: Mapping[str, str]) -> dict[int, list[tuple[str, str]]]:
    grouped: dict[int, list[tuple[str, str]]] = {}
    for key, field in index.items():
        grouped.setdefault(len(key), []).append((key, field))
    return grouped


_LINE_NEAR = _by_length(_LINE_INDEX)
_HEADER_NEAR = _by_length(_HEADER_INDEX)


def _lookup(index: Mapping[str, str], near: Mapping[int, list[tuple[str, str]]], text: str) -> str | None:
    found = index.get(normalise_header(text))
    if found is not None:
        return found
    bare = normalise_header(re.sub(r"\(.*?\)", "", text))  # "Montant payé (EUR)"
    found = index.get(bare) if "(" in text else None
    return found if found is not None or " " not in text.strip() else _near(near, bare)


def _near(near: Mapping[int, list[tuple[str, str]]], label: str) -> str | None:
    """The field of the labels ``label`` is one misread character off, when they all name one field."""
    if len(label) < _NEAR_LABEL_LENGTH:
        return None
    fields = {field for key, field in near.get(len(label), []) if Hamming.distance(key, label) <= 1}
    return fields.pop() if len(fields) == 1 else None


def line_column(header: str) -> str | None:
    """The line field a table header cell names, or ``None``."""
    return _lookup(_LINE_INDEX, _LINE_NEAR, header)


def header_field(label: str) -> str | None:
    """The payment field a label cell above the table names (``"Payeur :"`` too), or ``None``."""
    return _lookup(_HEADER_INDEX, _HEADER_NEAR, label.strip().rstrip(":").strip()) if label.strip() else None


def remittance_header_score(cells: Sequence[str]) -> int:
    """How many line fields a row names when it is a remittance table header, else 0.

    A header names an invoice number and a paid amount, and neither a ledger export's nor a
    bank statement's columns.
    """
    fields = {field for cell in cells if (field := line_column(cell)) is not None}
    if not {"invoice_number", "paid_amount"} <= fields:
        return 0
    if classify_header(cells) is not None or any(normalise_header(cell) in _BANK_COLUMNS for cell in cells):
        return 0
    return len(fields)
