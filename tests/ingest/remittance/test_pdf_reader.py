"""PDF remittance advices with a text layer: positions from pdfplumber, bad PDFs refused in one line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from ingest.extract import extract_file
from ingest.files import is_pdf
from ingest.reader import ReaderError
from ingest.records import extract_contract
from ingest.remittance.pdf import PdfRemittanceReader

ROWS = [
    ("INV10023", "02.09.2026", "1,000.00", "20.00-", "", "980.00"),
    ("INV10024", "05.09.2026", "500.00", "", "25.00-", "475.00"),
]


def advice_pdf(path: Path, *, pages: int = 1, encrypt: StandardEncryption | None = None) -> Path:
    """An English ERP payment advice, right-aligned amounts, the table header repeated per page."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True, encrypt=encrypt)
    for page in range(pages):
        pdf.setFont("Helvetica", 9)
        if page == 0:
            pdf.drawString(40, 800, "Payer: Northwind Trading Ltd")
            pdf.drawString(300, 800, "Payment date: 7 October 2026")
            pdf.drawString(40, 786, "Payment no.: 2000018821")
            pdf.drawString(300, 786, "Currency: GBP")
        columns = [40, 120, 200, 280, 350, 430]
        for x, label in zip(
            columns, ["Your reference", "Doc. date", "Gross", "Cash disc.", "Deduction", "Net"], strict=True
        ):
            pdf.drawString(x, 750, label)
        y = 750
        for number, day, *amounts in ROWS:
            y -= 14
            pdf.drawString(40, y, f"{number}-{page}" if page else number)
            pdf.drawString(120, y, day)
            for x, amount in zip(columns[2:], amounts, strict=True):
                pdf.drawRightString(x + 55, y, amount)
        if page == pages - 1:
            pdf.drawString(40, y - 20, "Total")
            pdf.drawRightString(485, y - 20, f"{1455 * pages:,}.00")
        pdf.showPage()
    pdf.save()
    return path


def test_a_payment_advice_pdf_is_read_with_positions(tmp_path: Path) -> None:
    path = advice_pdf(tmp_path / "advice.pdf")
    assert is_pdf(path)
    (record,) = PdfRemittanceReader().iter_remittances(path)
    assert (record.payer_name, record.currency, record.payment_reference) == (
        "Northwind Trading Ltd",
        "GBP",
        "2000018821",
    )
    assert record.payment_date == date(2026, 10, 7)
    assert record.payment_amount == Decimal("1455.00")
    assert [
        (
            line.invoice_number,
            line.invoice_amount,
            line.discount_amount,
            line.deduction_amount,
            line.paid_amount,
        )
        for line in record.lines
    ] == [
        ("INV10023", Decimal("1000.00"), Decimal("20.00"), None, Decimal("980.00")),
        ("INV10024", Decimal("500.00"), None, Decimal("25.00"), Decimal("475.00")),
    ]
    assert record.warnings == ()


def test_several_pages_with_the_header_repeated_and_a_totals_row(tmp_path: Path) -> None:
    (record,) = PdfRemittanceReader().iter_remittances(advice_pdf(tmp_path / "long.pdf", pages=3))
    assert len(record.lines) == 6
    assert record.lines[-1].invoice_number == "INV10024-2"
    assert record.lines[-1].locator is not None and record.lines[-1].locator.startswith("page 3,")
    assert record.payment_amount == Decimal("4365.00")
    assert record.warnings == ()


def test_extract_prints_the_contract_for_a_pdf(tmp_path: Path) -> None:
    data = extract_contract(extract_file(advice_pdf(tmp_path / "advice.pdf")))
    assert data["document"]["format"] == "pdf"
    assert data["payments"] == []
    (remittance,) = data["remittances"]
    assert remittance["payment_amount"] == "1455.00"
    assert remittance["lines"][0] == {
        "invoice_number": "INV10023",
        "invoice_amount": "1000.00",
        "paid_amount": "980.00",
        "discount_amount": "20.00",
        "deduction_amount": None,
        "reason_text": None,
        "reason_code": None,
    }


def test_an_encrypted_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    path = advice_pdf(tmp_path / "locked.pdf", encrypt=StandardEncryption("secret", canPrint=0))
    with pytest.raises(ReaderError, match=r"^locked\.pdf: encrypted PDF"):
        list(PdfRemittanceReader().iter_remittances(path))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 3], id="truncated"),
        pytest.param(lambda data: b"%PDF-1.4\n" + bytes(range(256)) * 40, id="garbage"),
    ],
)
def test_a_corrupt_or_truncated_pdf_is_refused_in_one_line(tmp_path: Path, damage: object) -> None:
    good = advice_pdf(tmp_path / "good.pdf").read_bytes()
    path = tmp_path / "broken.pdf"
    path.write_bytes(damage(good))  # type: ignore[operator]
    with pytest.raises(ReaderError, match=r"^broken\.pdf: ") as caught:
        list(PdfRemittanceReader().iter_remittances(path))
    assert "\n" not in str(caught.value)


def test_a_pdf_longer_than_the_page_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = advice_pdf(tmp_path / "huge.pdf", pages=3)
    with pytest.raises(ReaderError, match=r"^huge\.pdf: PDF has 3 pages, above the 2-page limit"):
        list(PdfRemittanceReader(max_pages=2).iter_remittances(path))
