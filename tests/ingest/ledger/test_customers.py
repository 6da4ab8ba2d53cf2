"""Customers: DESIGN.md files, French headers with a BOM, value normalisation, bad rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.ledger import LedgerFileError, read_customers

FILES = Path(__file__).parent / "files"


def test_design_format_customers() -> None:
    result = read_customers(FILES / "customers.csv")
    assert result.format == "customers_csv"
    assert result.errors == ()
    dupont, lyon, acme, cafe, northwind = result.records
    assert dupont.ibans == ("FR7630006000011234567890189",)
    assert dupont.discount_terms == "2/10"
    assert (dupont.credit_limit, dupont.credit_currency) == (Decimal("50000"), None)  # no currency column
    assert lyon.parent_id == "C001"
    assert acme.ibans == ("GB82WEST12345698765432", "DE89370400440532013000")
    assert (acme.language, acme.country) == ("en", "GB")
    assert (cafe.email, cafe.language, cafe.discount_terms) == (None, "fr", "1.5/15")  # Belgium: French
    assert (northwind.language, northwind.payment_terms_days, northwind.contact_name) == (
        "en",
        30,
        "Harris, Tom",
    )


def test_french_headers_utf8_bom_semicolons_and_quoted_iban_list() -> None:
    path = FILES / "clients_bom.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    dupont, martin, acme = read_customers(path).records
    assert dupont.customer_id == "411DUPONT"  # not "\ufeffCode client" confusion
    assert dupont.ibans == ("FR7630006000011234567890189", "FR1420041010050500013M02606")
    assert (dupont.credit_limit, dupont.credit_currency) == (Decimal("50000.00"), "EUR")
    assert (dupont.language, dupont.country, dupont.payment_terms_days) == ("fr", "FR", 30)
    assert martin.email == "relances@martin-fils.fr; compta@martin-fils.fr"
    assert (martin.payment_terms_days, martin.discount_terms, martin.parent_id) == (45, "1.5/10", "411DUPONT")
    assert (acme.language, acme.country, acme.credit_currency) == ("en", "GB", "GBP")
    assert acme.ibans == ("GB82WEST12345698765432",)


def test_bad_customer_rows() -> None:
    result = read_customers(FILES / "customers_malformed.csv")
    assert [r.customer_id for r in result.records] == ["C001"]
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "ibans"),
        (4, "language"),
        (5, "email"),
        (6, "name"),
        (7, "payment_terms_days"),
        (8, "discount_terms"),
        (9, "country"),
    ]
    assert str(result.errors[0]) == (
        "customers_malformed.csv, row 3, column ibans: "
        "'FR7630006000011234567890180' is not a valid IBAN (invalid checksum digits)"
    )


def test_negative_credit_limit_and_duplicate_customer(tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("customer_id,name,credit_limit,currency\nC1,A,-10,EUR\nC2,B,10,EUR\nC2,B bis,20,EUR\n")
    result = read_customers(path)
    assert [(r.customer_id, r.credit_limit) for r in result.records] == [("C2", Decimal("10.00"))]
    assert [(e.row, e.column) for e in result.errors] == [(2, "credit_limit"), (4, "customer_id")]


def test_invoices_file_is_not_a_customers_file() -> None:
    with pytest.raises(LedgerFileError, match="this file lists invoices, not customers"):
        read_customers(FILES / "invoices.csv")


def test_minimal_customers_file(tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("Code client;Raison sociale\n411A;Alpha SA\n")
    (record,) = read_customers(path).records
    assert (record.customer_id, record.name, record.language, record.ibans) == ("411A", "Alpha SA", "fr", ())
