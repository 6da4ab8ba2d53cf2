"""Writing a world as the files the CLI reads (DESIGN.md columns) plus ``truth.json``."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from copilot.demo.files import CUSTOMER_COLUMNS, INVOICE_COLUMNS
from copilot.demo.statements import STATEMENT_CSV_COLUMNS
from evals.world.model import Truth, World
from tools.money import format_amount


@dataclass(frozen=True, slots=True)
class WorldFiles:
    """Where a world was written."""

    directory: Path
    customers: Path
    invoices: Path
    statement: Path
    truth: Path


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(tuple("" if cell is None else cell for cell in row) for row in rows)


def write_world(world: World, directory: Path) -> WorldFiles:
    """Write ``customers.csv``, ``invoices.csv``, ``statement.csv`` and ``truth.json``."""
    directory.mkdir(parents=True, exist_ok=True)
    files = WorldFiles(
        directory=directory,
        customers=directory / "customers.csv",
        invoices=directory / "invoices.csv",
        statement=directory / "statement.csv",
        truth=directory / "truth.json",
    )
    _write_csv(
        files.customers,
        CUSTOMER_COLUMNS,
        [
            (
                c.customer_id,
                c.name,
                c.email,
                c.language,
                c.country,
                c.segment,
                format_amount(c.credit_limit, c.currency),
                c.payment_terms_days,
                c.contact_name,
                c.parent_id,
                ";".join(c.ibans),
                c.discount_terms,
            )
            for c in world.customers
        ],
    )
    _write_csv(
        files.invoices,
        INVOICE_COLUMNS,
        [
            (
                i.invoice_number,
                i.customer_id,
                i.issue_date.isoformat(),
                i.due_date.isoformat(),
                i.currency,
                format_amount(i.amount, i.currency),
                format_amount(i.open_amount, i.currency),
                i.po_number,
            )
            for i in world.invoices
        ],
    )
    _write_csv(
        files.statement,
        STATEMENT_CSV_COLUMNS,
        [
            (
                p.id,
                p.booking_date.isoformat(),
                p.value_date.isoformat(),
                format_amount(p.amount, p.currency),
                p.currency,
                p.payer_name,
                p.payer_iban,
                p.reference,
                p.remittance_text,
            )
            for p in world.payments
        ],
    )
    files.truth.write_text(
        json.dumps(world.truth.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return files


def load_truth(path: Path) -> Truth:
    """The truth written by :func:`write_world`."""
    return Truth.from_json(json.loads(path.read_text(encoding="utf-8")))
