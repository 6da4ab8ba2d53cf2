"""The demo company as files: its ERP exports and its month of bank statements.

``customers.csv`` and ``invoices.csv``/``invoices.xlsx`` use the DESIGN.md ledger columns.
Every customers field is quoted, so the ``;``-separated ``ibans`` can never be taken for a
separator. The XLSX holds real date cells and numeric amount cells, as ERP exports do:
Excel keeps numbers as binary doubles of 15 significant digits, so an amount is written
only when it has at most 15 significant digits (any two-decimal amount below 10^13), which
reads back exactly as ``Decimal(format(value, ".15g"))`` (or ``repr``); a larger one raises.

The bank statements are split as a real month arrives:

- the EUR account's receipts of the first half of the month as daily camt.053 files, one
  per booking day; the French Treasury's same-day payments of a public body are booked as
  one batch entry;
- the rest of the month's EUR receipts as one MT940 statement in Windows-1252, as older
  French bank software exports them;
- the GBP account's receipts as a CSV statement with UK day-first dates;
- and an overlapping camt.053 re-export of the last three camt days, whose payments are
  duplicates that ingestion must skip.

Balances chain from the company's opening balances through every statement.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from copilot.demo.company import DemoCompany
from copilot.demo.statements import PaymentBatch, write_camt053, write_mt940, write_statement_csv
from ingest.records import BankPayment, CustomerRecord, InvoiceRecord
from tools.money import format_amount

CUSTOMER_COLUMNS = (
    "customer_id",
    "name",
    "email",
    "language",
    "country",
    "segment",
    "credit_limit",
    "payment_terms_days",
    "contact_name",
    "parent_id",
    "ibans",
    "discount_terms",
)
INVOICE_COLUMNS = (
    "invoice_number",
    "customer_id",
    "issue_date",
    "due_date",
    "currency",
    "amount",
    "open_amount",
    "po_number",
)
EXCEL_DIGITS = 15
REEXPORT_DAYS = 3


@dataclass(frozen=True)
class DemoFiles:
    """Where the demo files are, and how many distinct payments the statements hold."""

    customers_csv: Path
    invoices_xlsx: Path
    invoices_csv: Path
    statements: tuple[Path, ...]
    duplicate_payments: int
    expected_payments: int


def _customer_row(customer: CustomerRecord) -> list[str]:
    limit = customer.credit_limit
    return [
        customer.customer_id,
        customer.name,
        customer.email or "",
        customer.language,
        customer.country or "",
        customer.segment or "",
        format_amount(limit, customer.credit_currency or "EUR") if limit is not None else "",
        str(customer.payment_terms_days or ""),
        customer.contact_name or "",
        customer.parent_id or "",
        ";".join(customer.ibans),
        customer.discount_terms or "",
    ]


def write_customers_csv(path: Path, customers: Iterable[CustomerRecord]) -> None:
    """The customers export (UTF-8, comma-separated, every field quoted)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(CUSTOMER_COLUMNS)
        writer.writerows(_customer_row(customer) for customer in customers)


def write_invoices_csv(path: Path, invoices: Iterable[InvoiceRecord]) -> None:
    """The open-invoices export as CSV (ISO dates, amounts with a decimal point)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(INVOICE_COLUMNS)
        for invoice in invoices:
            currency = invoice.currency
            writer.writerow(
                [
                    invoice.invoice_number,
                    invoice.customer_id,
                    invoice.issue_date.isoformat(),
                    invoice.due_date.isoformat(),
                    currency,
                    format_amount(invoice.amount, currency),
                    format_amount(invoice.open_amount, currency),
                    invoice.po_number or "",
                ]
            )


def excel_amount(amount: Decimal) -> Decimal:
    """``amount`` for a numeric cell, or ``ValueError`` if Excel's 15 digits cannot hold it."""
    if len(amount.as_tuple().digits) > EXCEL_DIGITS:
        raise ValueError(f"{amount} has more than {EXCEL_DIGITS} significant digits: not exact in XLSX")
    return amount


def _cell(sheet: WriteOnlyWorksheet, value: Decimal | date, number_format: str) -> Cell:
    cell = WriteOnlyCell(sheet)
    cell.value = value
    cell.number_format = number_format
    return cell


def write_invoices_xlsx(path: Path, invoices: Iterable[InvoiceRecord]) -> None:
    """The open-invoices export as XLSX (streamed): date cells and numeric amount cells."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Open items")
    sheet.append(list(INVOICE_COLUMNS))
    for invoice in invoices:
        sheet.append(
            [
                invoice.invoice_number,
                invoice.customer_id,
                _cell(sheet, invoice.issue_date, "yyyy-mm-dd"),
                _cell(sheet, invoice.due_date, "yyyy-mm-dd"),
                invoice.currency,
                _cell(sheet, excel_amount(invoice.amount), "#,##0.00"),
                _cell(sheet, excel_amount(invoice.open_amount), "#,##0.00"),
                invoice.po_number,
            ]
        )
    workbook.save(path)


def camt_entries(
    payments: Sequence[BankPayment], scenarios: Mapping[str, str]
) -> list[BankPayment | PaymentBatch]:
    """The camt entries of ``payments``: a day's Treasury ``batch`` payments become one entry."""
    batches: dict[date, list[BankPayment]] = {}
    for payment in payments:
        if scenarios.get(payment.id) == "batch":
            batches.setdefault(payment.booking_date, []).append(payment)
    entries: list[BankPayment | PaymentBatch] = []
    for payment in payments:
        batch = batches.get(payment.booking_date, []) if scenarios.get(payment.id) == "batch" else []
        if len(batch) < 2:
            entries.append(payment)
        elif payment is batch[0]:
            entries.append(PaymentBatch(f"B{payment.id}", tuple(batch)))
    return entries


def _created(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def write_statements(company: DemoCompany, bank_dir: Path) -> tuple[list[Path], int]:
    """Write the month's bank statements; return their paths and the number of duplicates."""
    bank_dir.mkdir(parents=True, exist_ok=True)
    scenarios = company.scenarios
    eur = [payment for payment in company.payments if payment.currency == "EUR"]
    first_half = [payment for payment in eur if payment.booking_date < company.period.split]
    second_half = [payment for payment in eur if payment.booking_date >= company.period.split]
    days = sorted({payment.booking_date for payment in first_half})
    paths: list[Path] = []
    openings: dict[date, Decimal] = {}
    balance = company.eur_opening_balance
    for day in days:
        openings[day] = balance
        path = bank_dir / f"camt053_eur_{day:%Y%m%d}.xml"
        todays = [payment for payment in first_half if payment.booking_date == day]
        balance = write_camt053(
            path,
            camt_entries(todays, scenarios),
            account_iban=company.eur_account,
            currency="EUR",
            statement_id=f"STMT-EUR-{day:%Y%m%d}",
            created=_created(day, 20),
            opening_balance=balance,
        ).closing_balance
        paths.append(path)
    if second_half:
        path = bank_dir / f"mt940_eur_{company.period.split:%Y%m%d}_{company.period.end:%Y%m%d}.sta"
        write_mt940(
            path,
            second_half,
            account=company.eur_account,
            currency="EUR",
            statement_number=len(days) + 1,
            opening_balance=balance,
            encoding="cp1252",
        )
        paths.append(path)
    gbp = [payment for payment in company.payments if payment.currency == "GBP"]
    path = bank_dir / f"statement_gbp_{company.period.start:%Y%m%d}_{company.period.end:%Y%m%d}.csv"
    write_statement_csv(path, gbp, date_format="%d/%m/%Y")
    paths.append(path)
    again = days[-REEXPORT_DAYS:]
    repeated = [payment for payment in first_half if payment.booking_date in again]
    if repeated:
        path = bank_dir / f"camt053_eur_{again[0]:%Y%m%d}_{again[-1]:%Y%m%d}_reexport.xml"
        write_camt053(
            path,
            camt_entries(repeated, scenarios),
            account_iban=company.eur_account,
            currency="EUR",
            statement_id=f"REEXPORT-EUR-{again[0]:%Y%m%d}",
            created=_created(company.period.split, 9),
            opening_balance=openings[again[0]],
        )
        paths.append(path)
    return paths, len(repeated)


def write_demo_files(company: DemoCompany, out_dir: Path) -> DemoFiles:
    """Write the company's ledger exports and bank statements under ``out_dir``.

    Layout: ``customers.csv``, ``invoices.xlsx``, ``invoices.csv`` and ``bank/`` with the
    statements. Existing files of the same names are overwritten.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    customers_csv = out_dir / "customers.csv"
    invoices_xlsx = out_dir / "invoices.xlsx"
    invoices_csv = out_dir / "invoices.csv"
    write_customers_csv(customers_csv, company.customers)
    write_invoices_xlsx(invoices_xlsx, company.invoices)
    write_invoices_csv(invoices_csv, company.invoices)
    statements, duplicates = write_statements(company, out_dir / "bank")
    return DemoFiles(
        customers_csv=customers_csv,
        invoices_xlsx=invoices_xlsx,
        invoices_csv=invoices_csv,
        statements=tuple(statements),
        duplicate_payments=duplicates,
        expected_payments=len(company.payments),
    )
