"""Remittance advice sheets written by the tests: CSV text and XLSX workbooks from rows."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import openpyxl

Rows = Sequence[Sequence[object]]

FRENCH_ROWS: Rows = [
    ["Avis de paiement", ""],
    ["Payeur", "Boulangeries Dupont SAS"],
    ["Date de paiement", "03/10/2026"],
    ["Montant du paiement", "12 000,00"],
    ["Référence", "VIR-2026-778"],
    [],
    ["N° facture", "Date facture", "Montant facture", "Escompte", "Déduction", "Montant payé", "Motif"],
    ["FA-2026-001", "01/09/2026", "5 000,00", "100,00", "", "4 900,00", ""],
    ["FA-2026-002", "15/09/2026", "7 100,00", "0,00", "50,00", "7 050,00", "Marchandise abîmée"],
    ["AV-2026-007", "20/09/2026", "", "", "", "-200,00", "Avoir"],
    ["TOTAL", "", "", "", "", "11 750,00", ""],
]


def write_csv(path: Path, rows: Rows, *, separator: str = ";", encoding: str = "utf-8") -> Path:
    """Write ``rows`` as CSV with ``separator`` in ``encoding``."""
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=separator).writerows([[str(cell) for cell in row] for row in rows])
    return path


def write_xlsx(path: Path, rows: Rows, *, title: str = "Remittance") -> Path:
    """Write ``rows`` to the first sheet of a workbook (``None`` and ``""`` cells left empty)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append([None if cell == "" else cell for cell in row])
    workbook.save(path)
    return path
