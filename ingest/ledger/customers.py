"""Customers from an ERP export (DESIGN.md "Ledger import columns", customers).

Required columns: ``customer_id`` and ``name``; every other DESIGN.md column may be absent.
A customer with no language gets French, or English when its country is not
French-speaking. ``credit_limit`` is in the ``currency`` column's currency when the file has
one (then quantised to it), otherwise its currency is unknown (``credit_currency`` ``None``).
"""

from __future__ import annotations

from pathlib import Path

from ingest.ledger.cells import CellError, RowView
from ingest.ledger.normalise import (
    language_for_country,
    normalise_country,
    normalise_currency_cell,
    normalise_discount_terms,
    normalise_emails,
    normalise_language,
    parse_ibans,
    parse_payment_terms,
)
from ingest.ledger.parse import LedgerParse, parse_ledger
from ingest.records import CustomerRecord


def read_customers(path: Path) -> LedgerParse[CustomerRecord]:
    """Parse a customers CSV or XLSX; raise :class:`LedgerFileError` if it cannot be read."""
    return parse_ledger(path, "customers", _customer)


def _customer(row: RowView) -> CustomerRecord:
    customer_id = row.required_text("customer_id")
    name = row.required_text("name")
    email = row.convert("email", normalise_emails)
    country = row.convert("country", normalise_country)
    language = row.convert("language", normalise_language) or language_for_country(country)
    currency = row.convert("currency", normalise_currency_cell)
    credit_limit = row.amount("credit_limit", currency)
    if credit_limit is not None and credit_limit < 0:
        raise CellError("credit_limit", f"{credit_limit} is negative")
    return CustomerRecord(
        customer_id=customer_id,
        name=name,
        email=email,
        language=language,
        country=country,
        segment=row.text("segment"),
        credit_limit=credit_limit,
        credit_currency=currency if credit_limit is not None else None,
        payment_terms_days=row.convert("payment_terms_days", parse_payment_terms),
        contact_name=row.text("contact_name"),
        parent_id=row.text("parent_id"),
        ibans=row.convert("ibans", parse_ibans) or (),
        discount_terms=row.convert("discount_terms", normalise_discount_terms),
        locator=row.locator,
    )
