"""Streaming writers of bank statement files: camt.053.001.08, SWIFT MT940 and CSV.

Each writer takes an iterable of :class:`~ingest.records.BankPayment` specs (incoming credits)
and writes them one at a time, so a statement of 100,000 payments never sits in memory.
Amounts are written exactly from ``Decimal`` with :func:`tools.money.format_amount`. The
camt.053 and MT940 writers live in their own modules and are re-exported here; the CSV
statement (DESIGN.md columns) is written here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from copilot.demo.camt053_writer import CAMT053_NAMESPACE, split_unstructured, write_camt053
from copilot.demo.mt940_writer import wrap_mt940_field, write_mt940
from copilot.demo.statement_specs import PaymentBatch, StatementTotals
from ingest.records import BankPayment
from tools.money import format_amount

__all__ = [
    "CAMT053_NAMESPACE",
    "STATEMENT_CSV_COLUMNS",
    "PaymentBatch",
    "StatementTotals",
    "split_unstructured",
    "wrap_mt940_field",
    "write_camt053",
    "write_mt940",
    "write_statement_csv",
]

STATEMENT_CSV_COLUMNS = (
    "id",
    "booking_date",
    "value_date",
    "amount",
    "currency",
    "payer_name",
    "payer_iban",
    "reference",
    "remittance_text",
)


def write_statement_csv(
    path: Path,
    payments: Iterable[BankPayment],
    *,
    separator: str = ",",
    decimal_comma: bool = False,
    encoding: str = "utf-8",
    date_format: str = "%Y-%m-%d",
) -> int:
    """Write a CSV statement with the DESIGN.md columns to ``path``; return the row count.

    ``decimal_comma`` writes ``1234,56`` (quoted when the separator is a comma too);
    ``date_format`` is a ``strftime`` pattern (``%d/%m/%Y`` for a UK bank export).
    """
    rows = 0
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=separator)
        writer.writerow(STATEMENT_CSV_COLUMNS)
        for payment in payments:
            amount = format_amount(payment.amount, payment.currency)
            writer.writerow(
                [
                    payment.id,
                    payment.booking_date.strftime(date_format),
                    payment.value_date.strftime(date_format) if payment.value_date else "",
                    amount.replace(".", ",") if decimal_comma else amount,
                    payment.currency,
                    payment.payer_name or "",
                    payment.payer_iban or "",
                    payment.reference or "",
                    payment.remittance_text or "",
                ]
            )
            rows += 1
    return rows
