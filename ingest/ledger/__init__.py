"""Ledger imports: customers and open invoices from ERP exports (CSV or XLSX), no database.

>>> result = read_invoices(Path("factures.csv"))       # doctest: +SKIP
>>> result.records, result.errors, result.rows_read     # doctest: +SKIP
"""

from ingest.ledger.customers import read_customers
from ingest.ledger.invoices import read_invoices
from ingest.ledger.parse import LedgerFormat, LedgerParse, identify_ledger
from ingest.ledger.table import LedgerFileError

__all__ = [
    "LedgerFileError",
    "LedgerFormat",
    "LedgerParse",
    "identify_ledger",
    "read_customers",
    "read_invoices",
]
