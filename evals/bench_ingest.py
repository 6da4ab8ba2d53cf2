"""Ingest benchmark: throughput and peak memory for a generated 100,000-payment statement.

Each measurement runs in a fresh child process, so its peak resident memory (``VmHWM``) is
the memory of that ingest alone, interpreter and libraries included.

    python -m evals.bench_ingest [--payments 100000] [--db sqlite] [--db postgresql]

Results go to ``evals/results/ingest.json`` and a table on the terminal; the run fails if a
peak exceeds the 500 MB budget.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import make_url, text

from copilot.db.engine import make_engine
from copilot.db.migrate import upgrade_to_head
from copilot.demo.statements import write_camt053, write_statement_csv
from copilot.services.ingest import ingest_paths
from copilot.settings import Settings
from ingest.records import BankPayment
from ingest.registry import detect_bank_reader

ACCOUNT = "FR7630006000011234567890189"
MEMORY_BUDGET_MB = 500
RESULTS = Path(__file__).parent / "results" / "ingest.json"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def synthetic_payments(count: int) -> Iterator[BankPayment]:
    """Deterministic, varied incoming credits over two months."""
    start = date(2026, 9, 1)
    for number in range(count):
        day = start + timedelta(days=number % 60)
        yield BankPayment(
            id=f"B{number:012d}",
            bank_reference=f"B{number:012d}",
            account=ACCOUNT,
            booking_date=day,
            value_date=day,
            amount=Decimal(10 + (number * 7919) % 250_000) + Decimal(number % 100) / 100,
            currency="EUR",
            payer_name=f"Client numéro {number % 5000} SAS",
            payer_iban=f"FR76300060000{number % 5000:011d}89",
            end_to_end_id=f"E2E-{number}",
            reference=f"FA-2026-{number:07d}",
            remittance_text=f"Règlement facture FA-2026-{number:07d} merci",
            locator=f"synthetic {number}",
        )


def write_statement(kind: str, path: Path, count: int) -> None:
    """Write the benchmark statement in ``kind`` format."""
    if kind == "camt053":
        write_camt053(
            path,
            synthetic_payments(count),
            account_iban=ACCOUNT,
            currency="EUR",
            statement_id="BENCH",
            created=datetime(2026, 11, 1, tzinfo=UTC),
            opening_balance=Decimal("0.00"),
        )
    else:
        write_statement_csv(path, synthetic_payments(count), separator=";", decimal_comma=True)


def child(mode: str, path: Path, url: str, data_dir: Path) -> dict[str, Any]:
    """One measurement in this (fresh) process."""
    started = time.perf_counter()
    if mode == "read":
        payments = sum(1 for _ in detect_bank_reader(path).iter_payments(path))
    else:
        engine = make_engine(url)
        upgrade_to_head(engine)
        started = time.perf_counter()
        settings = Settings(database_url=url, data_dir=data_dir)
        summary = ingest_paths(engine, settings, [path], actor="bench")
        payments = summary.payments_new
        if summary.count("ingested") != 1:
            raise SystemExit(f"ingest failed: {summary.outcomes[0].reason}")
    seconds = time.perf_counter() - started
    peak_mb = peak_resident_kb() / 1024
    return {
        "payments": payments,
        "seconds": round(seconds, 2),
        "payments_per_second": round(payments / seconds),
        "peak_rss_mb": round(peak_mb, 1),
    }


def peak_resident_kb() -> int:
    """This process's peak resident memory (``VmHWM``; unlike ``ru_maxrss`` it does not
    inherit the parent's peak across ``exec``)."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def fresh_database(engine_name: str, workdir: Path) -> tuple[str, str | None]:
    """A URL to an empty database, and the PostgreSQL schema to drop afterwards."""
    if engine_name == "sqlite":
        return f"sqlite:///{workdir / f'bench-{uuid.uuid4().hex[:8]}.db'}", None
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with make_engine(PG_URL).begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def measure(mode: str, path: Path, url: str, data_dir: Path) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-m", "evals.bench_ingest", "--child", mode, str(path), url, str(data_dir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--child", nargs=4, metavar=("MODE", "FILE", "URL", "DATA_DIR"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        mode, path, url, data_dir = args.child
        print(json.dumps(child(mode, Path(path), url, Path(data_dir))))
        return
    console = Console()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for kind in ("camt053", "csv"):
            path = workdir / f"bench.{'xml' if kind == 'camt053' else 'csv'}"
            with console.status(f"writing a {args.payments:,}-payment {kind} statement"):
                write_statement(kind, path, args.payments)
            size_mb = round(path.stat().st_size / 1e6, 1)
            with console.status(f"reading {kind}"):
                rows.append(
                    {"format": kind, "size_mb": size_mb, "step": "read", **measure("read", path, "", workdir)}
                )
            for engine_name in args.db or ["sqlite", "postgresql"]:
                url, schema = fresh_database(engine_name, workdir)
                with console.status(f"ingesting {kind} into {engine_name}"):
                    result = measure("ingest", path, url, workdir / f"data-{engine_name}-{kind}")
                rows.append({"format": kind, "size_mb": size_mb, "step": f"ingest → {engine_name}", **result})
                if schema:
                    with make_engine(PG_URL).begin() as connection:
                        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            path.unlink()
    columns = ("format", "size_mb", "step", "payments", "seconds", "payments_per_second", "peak_rss_mb")
    table = Table(title=f"Ingest benchmark ({args.payments:,} payments)")
    for column in columns:
        table.add_column(column, justify="left" if column in {"format", "step"} else "right")
    for row in rows:
        table.add_row(*(f"{row[c]:,}" if isinstance(row[c], int) else str(row[c]) for c in columns))
    console.print(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {"payments": args.payments, "python": sys.version.split()[0], "rows": rows},
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    over = [row for row in rows if row["peak_rss_mb"] > MEMORY_BUDGET_MB]
    if over:
        raise SystemExit(f"peak memory over {MEMORY_BUDGET_MB} MB: {over}")


if __name__ == "__main__":
    main()
