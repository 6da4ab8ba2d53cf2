"""Remittance advice PDFs written with reportlab for tests: a label block, a table, free lines."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

COLUMNS = (40, 150, 250, 340, 430)
LABELS = ("N° facture", "Montant facture", "Déduction", "Montant payé", "Motif")


def write_advice_pdf(
    path: Path,
    *,
    payer: str,
    payment_date: str,
    amount: str,
    rows: Sequence[tuple[str, str, str, str, str]],
    notes: Sequence[str] = (),
) -> Path:
    """A French advice: payer, date and amount labelled, one row per invoice
    ``(number, invoice amount, deduction, paid, reason)``, then ``notes`` as free lines."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(40, 800, f"Payeur : {payer}")
    pdf.drawString(40, 786, f"Date du virement : {payment_date}")
    pdf.drawString(300, 786, f"Montant : {amount} EUR")
    for x, label in zip(COLUMNS, LABELS, strict=True):
        pdf.drawString(x, 750, label)
    y = 750
    for row in rows:
        y -= 14
        pdf.drawString(COLUMNS[0], y, row[0])
        for x, value in zip(COLUMNS[1:4], row[1:4], strict=True):
            pdf.drawRightString(x + 70, y, value)
        pdf.drawString(COLUMNS[4], y, row[4])
    for note in notes:
        y -= 20
        pdf.drawString(40, y, note)
    pdf.save()
    return path
