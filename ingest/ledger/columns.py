"""Ledger import columns (DESIGN.md) and the header names real ERP exports use for them.

A header cell is matched case-, accent-, space- and punctuation-insensitively: ``N° facture``,
``No. facture`` and ``n facture`` are the same name. Aliases are per ledger kind, because the
same words mean different things in different files: ``Client`` is the customer's name in a
customers file and ambiguous in an invoices file, ``Solde`` is an invoice's open amount but
not a customer attribute.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

LedgerKind = Literal["customers", "invoices"]

_SHARED: dict[str, tuple[str, ...]] = {
    # Per field: the DESIGN.md name, then a common English and a common French alias (the
    # examples quoted in error messages), then the other names seen in exports.
    "customer_id": (
        "customer_id",
        "Customer ID",
        "Code client",
        "Client ID",
        "ID client",
        "Customer code",
        "Customer number",
        "Customer no",
        "Customer account",
        "N° client",
        "Nº client",
        "No client",
        "Numéro client",
        "Numéro de client",
        "Num client",
        "Compte client",
        "N° compte client",
        "Réf. client",
        "Référence client",
        "Code tiers",
        "N° tiers",
        "Compte tiers",
    ),
    "currency": ("currency", "Currency code", "Devise", "Code devise", "Monnaie", "Ccy"),
}

_CUSTOMERS: dict[str, tuple[str, ...]] = {
    **_SHARED,
    "name": (
        "name",
        "Customer name",
        "Raison sociale",
        "Company",
        "Company name",
        "Nom",
        "Nom client",
        "Nom du client",
        "Client",
        "Customer",
        "Dénomination",
        "Société",
    ),
    "email": (
        "email",
        "E-mail",
        "Courriel",
        "Mail",
        "Adresse email",
        "Adresse e-mail",
        "Email address",
        "Billing email",
        "E-mail de facturation",
        "Email facturation",
    ),
    "language": ("language", "Lang", "Langue", "Langue de correspondance"),
    "country": ("country", "Country code", "Pays", "Code pays"),
    "segment": ("segment", "Category", "Catégorie", "Customer segment", "Catégorie client", "Famille client"),
    "credit_limit": (
        "credit_limit",
        "Credit line",
        "Limite de crédit",
        "Encours autorisé",
        "Encours maximum",
        "Plafond",
        "Plafond d'encours",
    ),
    "payment_terms_days": (
        "payment_terms_days",
        "Payment terms",
        "Délai de paiement",
        "Terms",
        "Net days",
        "Délai de paiement (jours)",
        "Conditions de paiement",
        "Conditions de paiement (jours)",
    ),
    "contact_name": ("contact_name", "Contact", "Nom du contact", "Interlocuteur", "Contact comptable"),
    "parent_id": (
        "parent_id",
        "Parent company",
        "Société mère",
        "Parent",
        "Group",
        "Maison mère",
        "Groupe",
        "Tiers payeur",
        "Payeur",
        "Paying entity",
    ),
    "ibans": ("ibans", "IBAN", "IBANs connus", "Payer IBANs", "Known IBANs", "IBAN payeur"),
    "discount_terms": (
        "discount_terms",
        "Early payment discount",
        "Escompte",
        "Discount",
        "Conditions d'escompte",
    ),
}

_INVOICES: dict[str, tuple[str, ...]] = {
    **_SHARED,
    "invoice_number": (
        "invoice_number",
        "Invoice No",
        "N° facture",
        "Invoice #",
        "Invoice",
        "Invoice ID",
        "Invoice ref",
        "Invoice reference",
        "Document number",
        "Document no",
        "Nº facture",
        "No facture",
        "No. facture",
        "N° de facture",
        "Numéro de facture",
        "Numéro facture",
        "Num facture",
        "Réf. facture",
        "Référence facture",
        "Facture",
        "N° pièce",
        "Numéro de pièce",
        "Pièce",
    ),
    "issue_date": (
        "issue_date",
        "Invoice date",
        "Date facture",
        "Date",
        "Document date",
        "Date de facture",
        "Date de la facture",
        "Date d'émission",
        "Date émission",
        "Date pièce",
    ),
    "due_date": (
        "due_date",
        "Due date",
        "Échéance",
        "Due",
        "Net due date",
        "Payment due date",
        "Date d'échéance",
        "Date échéance",
        "Échéance de paiement",
    ),
    "amount": (
        "amount",
        "Invoice amount",
        "Montant TTC",
        "Total",
        "Total amount",
        "Gross amount",
        "Amount incl. VAT",
        "Original amount",
        "Montant",
        "Total TTC",
        "Montant facture",
        "Montant de la facture",
        "Montant initial",
    ),
    "open_amount": (
        "open_amount",
        "Balance due",
        "Reste dû",
        "Balance",
        "Amount due",
        "Amount open",
        "Outstanding",
        "Outstanding amount",
        "Remaining amount",
        "Open balance",
        "Restant dû",
        "Reste à payer",
        "Solde",
        "Solde dû",
        "Montant restant",
        "Montant restant dû",
        "Montant ouvert",
        "Montant dû",
    ),
    "po_number": (
        "po_number",
        "PO number",
        "N° commande",
        "PO",
        "PO No",
        "Purchase order",
        "Purchase order number",
        "Customer PO",
        "Nº commande",
        "Numéro de commande",
        "Bon de commande",
        "N° bon de commande",
        "Référence commande",
        "Réf. commande",
        "Commande",
        "Votre commande",
    ),
}

REQUIRED: Mapping[LedgerKind, frozenset[str]] = {
    "customers": frozenset({"customer_id", "name"}),
    "invoices": frozenset({"invoice_number", "customer_id", "issue_date", "due_date", "currency", "amount"}),
}
KEY_FIELD: Mapping[LedgerKind, str] = {"customers": "customer_id", "invoices": "invoice_number"}
AMOUNT_FIELDS = frozenset({"amount", "open_amount", "credit_limit"})
DATE_FIELDS = frozenset({"issue_date", "due_date"})
_MIN_HEADER_MATCHES = 3


def normalise_header(text: str) -> str:
    """Lower-case ASCII letters and digits only: ``"Date d'Échéance"`` → ``"datedecheance"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]", "", bare.casefold())


def alias_index(aliases: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Normalised header alias → field; an alias claimed by two fields is a programming error."""
    index: dict[str, str] = {}
    for field, names in aliases.items():
        for name in names:
            key = normalise_header(name)
            if index.setdefault(key, field) != field:
                raise ValueError(f"header alias {name!r} is claimed by {index[key]} and {field}")
    return index


_INDEX: Mapping[LedgerKind, dict[str, str]] = {
    "customers": alias_index(_CUSTOMERS),
    "invoices": alias_index(_INVOICES),
}
_EXAMPLES: Mapping[LedgerKind, dict[str, tuple[str, ...]]] = {"customers": _CUSTOMERS, "invoices": _INVOICES}


def field_for(header: str, kind: LedgerKind) -> str | None:
    """The ledger field a header cell names, or ``None``; ``(…)`` qualifiers are optional."""
    index = _INDEX[kind]
    found = index.get(normalise_header(header))
    if found is None and "(" in header:
        found = index.get(normalise_header(re.sub(r"\(.*?\)", "", header)))
    return found


def recognised_fields(cells: Sequence[str], kind: LedgerKind) -> set[str]:
    """The distinct fields a row of header cells names."""
    return {field for cell in cells if (field := field_for(cell, kind)) is not None}


def header_score(cells: Sequence[str], kind: LedgerKind) -> int:
    """How many fields the row names when it can be a header row (enough known columns), else 0."""
    fields = recognised_fields(cells, kind)
    return len(fields) if len(fields) >= _MIN_HEADER_MATCHES or REQUIRED[kind] <= fields else 0


def classify_header(cells: Sequence[str]) -> LedgerKind | None:
    """Which ledger a header row belongs to, from its distinctive columns.

    Invoices: an invoice number, a customer and an amount. Customers: a customer id and a
    name, and no invoice number. Anything else (a bank statement, a remittance list) is neither.
    """
    invoice_fields = recognised_fields(cells, "invoices")
    if {"invoice_number", "customer_id"} <= invoice_fields and invoice_fields & {"amount", "open_amount"}:
        return "invoices"
    customer_fields = recognised_fields(cells, "customers")
    if "invoice_number" not in invoice_fields and REQUIRED["customers"] <= customer_fields:
        return "customers"
    return None


@dataclass(frozen=True)
class ColumnMap:
    """Where each recognised field sits in a header row, and its name as the file writes it."""

    positions: Mapping[str, int]
    names: Mapping[str, str]
    ignored: tuple[str, ...]


class ColumnProblem(ValueError):
    """A header that names a field twice or lacks a required one."""


def map_columns(header: Sequence[str], kind: LedgerKind) -> ColumnMap:
    """Map a header row to fields; raise :class:`ColumnProblem` on a duplicate or a missing column."""
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header):
        field = field_for(cell, kind)
        if field is None:
            if cell.strip():
                ignored.append(cell.strip())
        elif field in positions:
            raise ColumnProblem(f"columns {names[field]!r} and {cell.strip()!r} both mean {field}")
        else:
            positions[field], names[field] = position, cell.strip()
    missing = sorted(REQUIRED[kind] - positions.keys())
    if missing:
        described = "; ".join(f"{field} (or {' / '.join(_EXAMPLES[kind][field][1:3])})" for field in missing)
        raise ColumnProblem(f"missing required column{'s' if len(missing) > 1 else ''}: {described}")
    return ColumnMap(positions=positions, names=names, ignored=tuple(ignored))
