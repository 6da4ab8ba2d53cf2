"""Reading CSV exports: encodings, separators, quoting, row numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.ledger import read_invoices

ROWS = [
    ["N° facture", "Code client", "Date facture", "Échéance", "Devise", "Montant TTC", "Réf. client payeur"],
    [
        "F-001",
        "411ÉLÉGANCE",
        "01/09/2026",
        "01/10/2026",
        "EUR",
        "1 234,56",
        "multi\nligne; avec, séparateurs|",
    ],
    ["F-002", "411CAFÉ", "02/09/2026", "02/10/2026", "EUR", "99,90", ""],
]


def render(separator: str) -> str:
    def quote(cell: str) -> str:
        needs = any(ch in cell for ch in (separator, '"', "\n", ",", ";", "|"))
        return '"' + cell.replace('"', '""') + '"' if needs else cell

    return "".join(separator.join(quote(c) for c in row) + "\r\n" for row in ROWS)


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_separators_and_encodings(tmp_path: Path, separator: str, encoding: str) -> None:
    path = tmp_path / "factures.txt"
    path.write_bytes(render(separator).encode(encoding))
    result = read_invoices(path)
    assert result.errors == ()
    assert [(r.invoice_number, r.customer_id, r.amount) for r in result.records] == [
        ("F-001", "411ÉLÉGANCE", Decimal("1234.56")),
        ("F-002", "411CAFÉ", Decimal("99.90")),
    ]
    assert result.records[1].locator == "row 3"  # a quoted newline does not shift the rows
    assert result.warnings == ("ignored columns: Réf. client payeur",)


def test_blank_lines_and_trailing_separators(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "\n\ninvoice_number;customer_id;issue_date;due_date;currency;amount;\n"
        "F1;C1;01/02/2026;01/03/2026;EUR;10,00;\n\n"
        "F2;C1;01/02/2026;01/03/2026;EUR;20,00;\n"
        "F3;C1;01/02/2026;01/03/2026;EUR;30,00;;extra\n"
    )
    result = read_invoices(path)
    assert [r.locator for r in result.records] == ["row 4", "row 6"]
    assert [(e.row, e.message) for e in result.errors] == [(7, "row has 8 fields but the header has 6")]
