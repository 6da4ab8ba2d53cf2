"""Open invoices from an ERP export (DESIGN.md "Ledger import columns", invoices).

Required columns: ``invoice_number``, ``customer_id``, ``issue_date``, ``due_date``,
``currency``, ``amount``; ``open_amount`` (a blank cell or no column: the full amount) and
``po_number`` are optional. Amounts are exact and must fit the currency's decimals.

Credit notes are accepted: a negative ``amount`` with a negative or zero ``open_amount``.
An open amount always has the invoice's sign and is no larger than the amount; zero means
settled. A zero amount and a due date before the issue date are errors.
"""

from __future__ import annotations

from pathlib import Path

from ingest.ledger.cells import CellError, RowView
from ingest.ledger.normalise import normalise_currency_cell
from ingest.ledger.parse import LedgerParse, parse_ledger
from ingest.records import InvoiceRecord


def read_invoices(path: Path) -> LedgerParse[InvoiceRecord]:
    """Parse an open-invoices CSV or XLSX; raise :class:`LedgerFileError` if it cannot be read."""
    return parse_ledger(path, "invoices", _invoice)


def _invoice(row: RowView) -> InvoiceRecord:
    invoice_number = row.required_text("invoice_number")
    customer_id = row.required_text("customer_id")
    issue_date = row.required_date("issue_date")
    due_date = row.required_date("due_date")
    if due_date < issue_date:
        raise CellError("due_date", f"due date {due_date} is before the issue date {issue_date}")
    currency = row.convert("currency", normalise_currency_cell)
    if currency is None:
        raise CellError("currency", "required value is empty")
    amount = row.amount("amount", currency)
    if amount is None:
        raise CellError("amount", "required value is empty")
    if amount == 0:
        raise CellError("amount", "is zero")
    open_amount = row.amount("open_amount", currency)
    if open_amount is None:
        open_amount = amount
    elif open_amount * amount < 0 or abs(open_amount) > abs(amount):
        raise CellError("open_amount", f"open amount {open_amount} is not between 0 and the amount {amount}")
    return InvoiceRecord(
        invoice_number=invoice_number,
        customer_id=customer_id,
        issue_date=issue_date,
        due_date=due_date,
        currency=currency,
        amount=amount,
        open_amount=open_amount,
        po_number=row.text("po_number"),
        locator=row.locator,
    )
