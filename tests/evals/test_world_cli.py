"""A generated world's files load cleanly through the command line (the outside check's path)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from copilot.cli.main import app
from evals.world import World, write_world
from tools.money import format_amount


def _arcopilot(tmp_path: Path, *args: str) -> Any:
    prefix = ["--db", f"sqlite:///{tmp_path / 'world.db'}", "--data-dir", str(tmp_path / "data")]
    result = CliRunner().invoke(app, [*prefix, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else None


def test_world_files_import_and_ingest_cleanly(small_world: World, tmp_path: Path) -> None:
    files = write_world(small_world, tmp_path / "world")
    _arcopilot(tmp_path, "init")
    customers = _arcopilot(tmp_path, "import", "customers", str(files.customers), "--json")
    assert customers["created"] == len(small_world.customers)
    assert customers["errors"] == [] and customers["warnings"] == []
    invoices = _arcopilot(tmp_path, "import", "invoices", str(files.invoices), "--json")
    assert invoices["created"] == len(small_world.invoices) and invoices["errors"] == []
    ingested = _arcopilot(tmp_path, "ingest", str(files.statement), "--json")
    assert ingested["payments_new"] == len(small_world.payments)
    assert ingested["quarantined"] == 0 and ingested["partial"] == 0


def test_the_statement_reads_back_as_written(small_world: World, tmp_path: Path) -> None:
    files = write_world(small_world, tmp_path)
    extracted = _arcopilot(tmp_path, "extract", str(files.statement), "--json")
    assert extracted["document"]["format"] == "csv"
    read = {payment["id"]: payment for payment in extracted["payments"]}
    assert set(read) == {payment.id for payment in small_world.payments}
    for payment in small_world.payments:
        got = read[payment.id]
        assert got["amount"] == format_amount(payment.amount, payment.currency)
        assert got["currency"] == payment.currency
        assert got["booking_date"] == payment.booking_date.isoformat()
        assert got["payer_iban"] == payment.payer_iban
        assert (got["remittance_text"] or None) == payment.remittance_text
