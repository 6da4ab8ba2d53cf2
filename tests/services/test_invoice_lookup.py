"""Invoice numbers read from documents, found in the ledger exactly or nearly, never confused."""

from __future__ import annotations

import pytest

from copilot.services.invoice_lookup import invoice_key, invoice_lookup

LEDGER = ["INV-1001", "INV-1002", "FAC-2001", "AV-3001", "FAC-3001", "F2026-0012", "S1001"]


@pytest.mark.parametrize(
    ("read", "found"),
    [
        ("INV-1001", "INV-1001"),
        (" INV-1001 ", "INV-1001"),
        ("inv 1001", "INV-1001"),
        ("INV-1O01", "INV-1001"),
        ("INV-10O2", "INV-1002"),
        ("2026/0012", "F2026-0012"),
        ("FA-2001", "FAC-2001"),
        ("2001", "FAC-2001"),
        ("FA-3001", "FAC-3001"),
        ("AV3001", "AV-3001"),
    ],
)
def test_exact_and_near_matches_give_the_ledgers_number(read: str, found: str) -> None:
    assert invoice_lookup(LEDGER)(read) == found


@pytest.mark.parametrize(
    ("read", "why"),
    [
        ("INV-1003", "different digits"),
        ("AV-2001", "a credit note prefix is not an invoice prefix"),
        ("3001", "two documents share the digits and no prefix tells them apart"),
        ("001", "too few digits to match on digits alone"),
        ("", "nothing read"),
    ],
)
def test_no_match_rather_than_a_wrong_one(read: str, why: str) -> None:
    assert invoice_lookup(LEDGER)(read) is None, why


def test_lookalike_letters_count_as_digits_only_between_digits() -> None:
    assert invoice_key("inv-1o0l-b") == "INV100LB"
    assert invoice_key("INV-1O01") == invoice_key("INV-1001")
    assert invoice_lookup(LEDGER)("S1001") == "S1001"
