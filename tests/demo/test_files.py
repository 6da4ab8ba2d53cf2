"""The demo files: ledger exports that read back exactly, and a month of statements."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date, datetime
from decimal import Decimal

import pytest
from lxml import etree
from openpyxl import load_workbook

from copilot.demo.company import DemoCompany, generate_company
from copilot.demo.files import CUSTOMER_COLUMNS, INVOICE_COLUMNS, DemoFiles, excel_amount, write_demo_files
from copilot.demo.statements import CAMT053_NAMESPACE
from ingest.ledger import read_customers, read_invoices
from ingest.records import BankPayment
from ingest.registry import detect_bank_reader


@pytest.fixture(scope="module")
def company() -> DemoCompany:
    return generate_company(as_of=date(2026, 11, 2))


@pytest.fixture(scope="module")
def files(company: DemoCompany, tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return write_demo_files(company, tmp_path_factory.mktemp("demo"))


def test_the_files_are_written(files: DemoFiles, company: DemoCompany) -> None:
    for path in (files.customers_csv, files.invoices_xlsx, files.invoices_csv, *files.statements):
        assert path.is_file() and path.stat().st_size > 0, path
    kinds = Counter(path.suffix for path in files.statements)
    assert kinds[".sta"] == 1 and kinds[".csv"] == 1 and kinds[".xml"] >= 6
    assert sum("reexport" in path.name for path in files.statements) == 1
    assert files.expected_payments == len(company.payments)
    assert files.duplicate_payments > 0


def test_customers_csv(files: DemoFiles, company: DemoCompany) -> None:
    with files.customers_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CUSTOMER_COLUMNS
    assert '"' + ";".join(next(c.ibans for c in company.customers if len(c.ibans) > 1)) + '"' in (
        files.customers_csv.read_text(encoding="utf-8")
    )
    for row, customer in zip(rows, company.customers, strict=True):
        assert row["customer_id"] == customer.customer_id and row["name"] == customer.name
        assert tuple(filter(None, row["ibans"].split(";"))) == customer.ibans
        assert Decimal(row["credit_limit"]) == customer.credit_limit
        assert row["parent_id"] == (customer.parent_id or "")
        assert row["discount_terms"] == (customer.discount_terms or "")


def test_invoices_xlsx_reads_back_exactly(files: DemoFiles, company: DemoCompany) -> None:
    workbook = load_workbook(files.invoices_xlsx, read_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    assert rows[0] == INVOICE_COLUMNS
    assert len(rows) == len(company.invoices) + 1
    for row, invoice in zip(rows[1:], company.invoices, strict=True):
        padded = (*row, *[None] * (len(INVOICE_COLUMNS) - len(row)))  # trailing blank cells are not stored
        number, customer_id, issue, due, currency, amount, open_amount, po_number = padded
        assert (number, customer_id, currency, po_number) == (
            invoice.invoice_number,
            invoice.customer_id,
            invoice.currency,
            invoice.po_number,
        )
        assert isinstance(issue, datetime) and issue.date() == invoice.issue_date
        assert isinstance(due, datetime) and due.date() == invoice.due_date
        assert isinstance(amount, float | int) and isinstance(open_amount, float | int)  # numeric cells
        assert Decimal(format(amount, ".15g")) == invoice.amount
        assert Decimal(repr(open_amount)) == invoice.open_amount


def test_excel_amounts_are_limited_to_fifteen_digits() -> None:
    assert excel_amount(Decimal("9999999999999.99")) == Decimal("9999999999999.99")
    with pytest.raises(ValueError, match="15"):
        excel_amount(Decimal("10000000000000.00"))


def test_invoices_csv(files: DemoFiles, company: DemoCompany) -> None:
    with files.invoices_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == INVOICE_COLUMNS
    for row, invoice in zip(rows, company.invoices, strict=True):
        assert row["invoice_number"] == invoice.invoice_number
        assert date.fromisoformat(row["due_date"]) == invoice.due_date
        assert Decimal(row["amount"]) == invoice.amount and row["amount"] == f"{invoice.amount:f}"


def test_ledger_readers_read_the_exports(files: DemoFiles, company: DemoCompany) -> None:
    customers = read_customers(files.customers_csv)
    assert not customers.errors
    drop = {"locator", "credit_currency"}
    assert [c.model_dump(exclude=drop) for c in customers.records] == [
        c.model_dump(exclude=drop) for c in company.customers
    ]
    for path in (files.invoices_xlsx, files.invoices_csv):
        invoices = read_invoices(path)
        assert not invoices.errors, path
        assert [i.model_dump(exclude={"locator"}) for i in invoices.records] == [
            i.model_dump(exclude={"locator"}) for i in company.invoices
        ]


def test_statements_split_the_month_and_chain_balances(files: DemoFiles, company: DemoCompany) -> None:
    daily = sorted(path for path in files.statements if path.suffix == ".xml" and "reexport" not in path.name)
    namespaces = {"c": CAMT053_NAMESPACE}
    closing = company.eur_opening_balance
    for path in daily:
        balances = [element.text for element in etree.parse(str(path)).iterfind(".//c:Bal/c:Amt", namespaces)]
        assert Decimal(balances[0] or "") == closing
        closing = Decimal(balances[1] or "")
        day = date.fromisoformat(re.sub(r"(\d{4})(\d{2})(\d{2})", r"\1-\2-\3", path.stem.split("_")[-1]))
        assert day < company.period.split
    mt940 = next(path for path in files.statements if path.suffix == ".sta").read_text(encoding="cp1252")
    assert f"EUR{closing:f}".replace(".", ",") in mt940.splitlines()[3]
    batch = [path for path in daily if b"<Btch>" in path.read_bytes()]
    assert len(batch) == 1


def _read_all(files: DemoFiles) -> list[BankPayment]:
    payments: list[BankPayment] = []
    for path in files.statements:
        payments.extend(detect_bank_reader(path).iter_payments(path))
    return payments


def test_statements_hold_every_payment_once_plus_the_reexport(files: DemoFiles, company: DemoCompany) -> None:
    payments = _read_all(files)
    assert len(payments) == files.expected_payments + files.duplicate_payments
    assert {payment.id for payment in payments} == {payment.id for payment in company.payments}
    written = {payment.id: payment for payment in company.payments}
    for payment in payments:
        expected = written[payment.id]
        assert (payment.amount, payment.currency, payment.booking_date) == (
            expected.amount,
            expected.currency,
            expected.booking_date,
        )
        assert payment.payer_name == expected.payer_name
