"""Remittance advices: what a payer says a payment settles (invoices, discounts, deductions).

>>> reader = RemittanceSheetReader(default_currency="EUR")    # doctest: +SKIP
>>> reader.identify(Path("avis.xlsx")), list(reader.iter_remittances(Path("avis.xlsx")))  # doctest: +SKIP
"""

from ingest.remittance.reader import RemittanceReader
from ingest.remittance.sheet import (
    RemittanceSheetReader,
    SheetRemittance,
    SheetRowErrors,
    read_remittance_sheet,
)

__all__ = [
    "RemittanceReader",
    "RemittanceSheetReader",
    "SheetRemittance",
    "SheetRowErrors",
    "read_remittance_sheet",
]
