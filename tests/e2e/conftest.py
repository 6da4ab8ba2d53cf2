"""Running the CLI in-process on the test database, and comparing its JSON with the truth."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from copilot.cli.main import app
from tests.e2e.truth import Expected, amount_text

Run = Callable[..., Any]


@pytest.fixture
def cli(db_url: str) -> Run:
    """``arcopilot --db <test database> ARGS --json``: the parsed JSON (exit code checked)."""
    runner = CliRunner()

    def run(*args: str, exit_code: int = 0) -> Any:
        result = runner.invoke(app, ["--db", db_url, *args, "--json"], catch_exceptions=False)
        assert result.exit_code == exit_code, result.output
        return json.loads(result.stdout)

    return run


def _key(item: Expected) -> str:
    return f"{item.id} {amount_text(item.amount, item.currency)}"


def differences(where: str, expected: Sequence[Expected], got: Sequence[dict[str, Any]]) -> list[str]:
    """One line per payment missing, extra, doubled or with a field unlike the truth."""
    problems: list[str] = []
    by_id: dict[str, list[dict[str, Any]]] = {}
    for payment in got:  # keyed by id and amount: two accounts may number their references alike
        by_id.setdefault(f"{payment['id']} {payment['amount']}", []).append(payment)
    wanted = {_key(item): item for item in expected}
    for payment_id, found in by_id.items():
        if payment_id not in wanted:
            problems.append(
                f"{where}: unexpected payment {payment_id} {found[0]['amount']} {found[0]['payer_name']}"
            )
        elif len(found) > 1:
            problems.append(f"{where}: payment {payment_id} recorded {len(found)} times")
    for payment_id, item in wanted.items():
        if payment_id not in by_id:
            problems.append(f"{where}: missing payment {payment_id} ({item.amount} {item.currency})")
            continue
        actual = by_id[payment_id][0]
        for name, value in item.contract().items():
            seen = actual.get(name)
            if name == "remittance_text" and seen is not None:
                seen = " ".join(seen.split())
            if seen != value:
                problems.append(f"{where}: {payment_id}.{name}: expected {value!r}, got {seen!r}")
    return problems


def first_seen(*files: Sequence[Expected]) -> list[Expected]:
    """The stored truth when files are ingested in this order: each payment as first reported."""
    seen: dict[str, Expected] = {}
    for expected in files:
        for item in expected:
            seen.setdefault(_key(item), item)
    return list(seen.values())


def ingest_and_compare(
    cli: Run, files: Sequence[tuple[Path, Sequence[Expected]]], stored_truth: Sequence[Expected] | None = None
) -> dict[str, Any]:
    """Ingest ``files`` in order; check each file's extraction and the stored payments.

    The stored payments are each as the first file reporting them had it, unless
    ``stored_truth`` says otherwise (files whose ids differ for one transaction).
    """
    problems: list[str] = []
    for path, expected in files:
        extracted = cli("extract", str(path))
        problems += differences(f"extract {path.name}", expected, extracted["payments"])
    summary = cli("ingest", *(str(path) for path, _ in files))
    assert summary["quarantined"] == 0, summary
    stored = cli("payments")["payments"]
    truth = stored_truth if stored_truth is not None else first_seen(*(expected for _, expected in files))
    problems += differences("payments", truth, stored)
    assert not problems, "\n".join(problems)
    replaced = sum(outcome.get("batch_totals_replaced", 0) for outcome in summary["outcomes"])
    assert len(stored) == len(truth) == summary["payments_new"] - replaced
    return summary
