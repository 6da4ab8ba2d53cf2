"""Running the real command line in-process, and sample statements written by the demo writers."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from copilot.cli.main import app
from copilot.demo.statements import write_camt053, write_mt940, write_statement_csv
from ingest.records import BankPayment

ACCOUNT = "FR7630006000011234567890189"
Invoke = Callable[..., Result]


@pytest.fixture
def arcopilot(db_url: str) -> Invoke:
    """``arcopilot --db <test database> ARGS``; returns the click result."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, ["--db", db_url, *args], catch_exceptions=False)

    return invoke


def json_of(result: Result) -> Any:
    return json.loads(result.stdout)


def sample_payments(count: int = 6, start: int = 1) -> list[BankPayment]:
    return [
        BankPayment(
            id=f"BR{number:06d}",
            bank_reference=f"BR{number:06d}",
            account=ACCOUNT,
            booking_date=date(2026, 10, 1 + number % 20),
            value_date=date(2026, 10, 1 + number % 20),
            amount=Decimal(1000 + number * 37) + Decimal("0.45"),
            currency="EUR",
            payer_name=f"Société Cliente {number} SAS",
            payer_iban="FR1420041010050500013M02606",
            end_to_end_id=f"E2E{number}",
            reference=f"E2E{number}",
            remittance_text=f"Facture FA-2026-{number:05d}",
            locator=f"spec {number}",
        )
        for number in range(start, start + count)
    ]


def write_camt(path: Path, payments: list[BankPayment]) -> Path:
    write_camt053(
        path,
        payments,
        account_iban=ACCOUNT,
        currency="EUR",
        statement_id=path.stem,
        created=datetime(2026, 10, 31, 18, tzinfo=UTC),
        opening_balance=Decimal("1000.00"),
    )
    return path


def write_mt(path: Path, payments: list[BankPayment], encoding: str = "utf-8") -> Path:
    write_mt940(
        path,
        payments,
        account=ACCOUNT,
        currency="EUR",
        statement_number=42,
        opening_balance=Decimal("1000.00"),
        encoding=encoding,
    )
    return path


def write_csv(path: Path, payments: list[BankPayment], **options: Any) -> Path:
    write_statement_csv(path, payments, **options)
    return path
