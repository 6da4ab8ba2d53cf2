"""Attribute normalisation: languages, countries, currencies, IBAN lists, terms, emails."""

from __future__ import annotations

import pytest

from ingest.ledger.columns import LedgerKind, field_for, normalise_header
from ingest.ledger.normalise import (
    normalise_country,
    normalise_currency_cell,
    normalise_discount_terms,
    normalise_emails,
    normalise_language,
    parse_ibans,
    parse_payment_terms,
)


@pytest.mark.parametrize(
    ("header", "kind", "field"),
    [
        ("N° facture", "invoices", "invoice_number"),
        ("Numéro de facture", "invoices", "invoice_number"),
        ("No. facture", "invoices", "invoice_number"),
        ("Invoice No", "invoices", "invoice_number"),
        ("Réf. facture", "invoices", "invoice_number"),
        ("CODE CLIENT", "invoices", "customer_id"),
        ("Date d'émission", "invoices", "issue_date"),
        ("Date d’échéance", "invoices", "due_date"),
        ("Montant TTC (€)", "invoices", "amount"),
        ("Restant dû", "invoices", "open_amount"),
        ("Bon de commande", "invoices", "po_number"),
        ("Client", "customers", "name"),
        ("Client", "invoices", None),
        ("Solde", "customers", None),
        ("E-mail", "customers", "email"),
        ("Conditions de paiement (jours)", "customers", "payment_terms_days"),
        ("Encours autorisé", "customers", "credit_limit"),
        ("Société mère", "customers", "parent_id"),
    ],
)
def test_header_aliases(header: str, kind: LedgerKind, field: str | None) -> None:
    assert field_for(header, kind) == field


def test_normalise_header() -> None:
    assert normalise_header(" Date d'Échéance ") == "datedecheance"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("FR", "fr"),
        ("français", "fr"),
        ("French", "fr"),
        ("fr-FR", "fr"),
        ("fr_BE", "fr"),
        ("anglais", "en"),
        ("English", "en"),
        ("EN-gb", "en"),
    ],
)
def test_languages(text: str, code: str) -> None:
    assert normalise_language(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("France", "FR"),
        ("fr", "FR"),
        ("FRA", "FR"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("GB", "GB"),
        ("Royaume-Uni", "GB"),
        ("Allemagne", "DE"),
        ("Germany", "DE"),
        ("États-Unis", "US"),
        ("Belgique", "BE"),
    ],
)
def test_countries(text: str, code: str) -> None:
    assert normalise_country(text) == code


@pytest.mark.parametrize("bad", ["XX", "Narnia", "F"])
def test_unknown_countries(bad: str) -> None:
    with pytest.raises(ValueError, match="not a known country"):
        normalise_country(bad)


def test_currencies() -> None:
    assert [normalise_currency_cell(t) for t in ["eur", " EUR ", "€", "Euros", "£", "chf"]] == [
        "EUR",
        "EUR",
        "EUR",
        "EUR",
        "GBP",
        "CHF",
    ]
    with pytest.raises(ValueError, match="ambiguous"):
        normalise_currency_cell("$")
    with pytest.raises(ValueError, match="not an ISO 4217"):
        normalise_currency_cell("EUE")


@pytest.mark.parametrize(
    "text",
    [
        "FR7630006000011234567890189;GB82WEST12345698765432",
        "FR76 3000 6000 0112 3456 7890 189, GB82 WEST 1234 5698 7654 32",
        "fr7630006000011234567890189 GB82WEST12345698765432",
        "FR76 3000 6000 0112 3456 7890 189 GB82 WEST 1234 5698 7654 32 FR7630006000011234567890189",
    ],
)
def test_iban_lists(text: str) -> None:
    assert parse_ibans(text) == ("FR7630006000011234567890189", "GB82WEST12345698765432")


def test_invalid_iban_is_named() -> None:
    with pytest.raises(ValueError, match="'GB82 WEST 1234 5698 7654 33' is not a valid IBAN"):
        parse_ibans("FR7630006000011234567890189; GB82 WEST 1234 5698 7654 33")


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("2/10", "2/10"),
        ("1.5/10", "1.5/10"),
        ("1,5/10", "1.5/10"),
        ("2 % / 10 jours", "2/10"),
        ("2.50/15", "2.5/15"),
    ],
)
def test_discount_terms(text: str, terms: str) -> None:
    assert normalise_discount_terms(text) == terms


@pytest.mark.parametrize("bad", ["2%", "10 days", "0/10", "2/0", "150/10", "2/10/30"])
def test_bad_discount_terms(bad: str) -> None:
    with pytest.raises(ValueError, match="not discount terms"):
        normalise_discount_terms(bad)


@pytest.mark.parametrize(
    ("text", "days"),
    [("30", 30), ("30 jours", 30), ("30j", 30), ("45 days", 45), ("net 30", 30), ("Net 60", 60), ("0", 0)],
)
def test_payment_terms(text: str, days: int) -> None:
    assert parse_payment_terms(text) == days


def test_emails() -> None:
    assert normalise_emails("a@x.fr ; b@y.com") == "a@x.fr; b@y.com"
    with pytest.raises(ValueError, match=r"'cafe at gare\.be' is not an email address"):
        normalise_emails("cafe at gare.be")
