"""The matching benchmark's data: consistent files that the real CLI loads and matches."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from copilot.cli.main import app
from evals.bench_data import write_bench_files


def test_bench_files_load_and_match_through_the_cli(tmp_path: Path) -> None:
    mix = write_bench_files(tmp_path / "files", invoices=400, payments=300, seed=3)
    statement = list(csv.DictReader((tmp_path / "files" / "statement.csv").open(encoding="utf-8")))
    assert len(statement) == 300 == sum(count for kind, count in mix.items() if kind != "invoices_settled")
    prefix = ["--db", f"sqlite:///{tmp_path / 'bench.db'}", "--data-dir", str(tmp_path / "data")]
    runner = CliRunner()
    for args in (
        ["import", "customers", str(tmp_path / "files" / "customers.csv")],
        ["import", "invoices", str(tmp_path / "files" / "invoices.csv")],
        ["ingest", str(tmp_path / "files" / "statement.csv")],
    ):
        assert runner.invoke(app, [*prefix, *args]).exit_code == 0
    result = runner.invoke(app, [*prefix, "match", "--json"])
    assert result.exit_code == 0
    statuses = [entry["status"] for entry in json.loads(result.stdout)["payments"]]
    assert len(statuses) == 300
    unrelated = sum(count for kind, count in mix.items() if kind.startswith("unrelated"))
    assert statuses.count("unmatched") >= unrelated * 0.9
    assert statuses.count("auto_applied") >= 0.75 * (300 - unrelated)
