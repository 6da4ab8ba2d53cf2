"""Golden files: every ledger fixture beside its ``.expected.json`` (``pytest --update-golden``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.ledger import identify_ledger, read_customers, read_invoices
from tests.golden import check_golden

FILES = Path(__file__).parent / "files"
INPUTS = sorted(p for p in FILES.iterdir() if not p.name.endswith(".expected.json"))


def ledger_output(path: Path) -> dict[str, Any]:
    """What a ledger golden file holds: format, records, error lines, warnings, rows read."""
    kind = identify_ledger(path)
    assert kind is not None, f"{path.name} is not identified as a ledger"
    result = read_customers(path) if kind == "customers" else read_invoices(path)
    return {
        "format": result.format,
        "records": [record.model_dump(mode="json") for record in result.records],
        "errors": [str(error) for error in result.errors],
        "warnings": list(result.warnings),
        "rows_read": result.rows_read,
    }


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_golden(path: Path, update_golden: bool) -> None:
    check_golden(ledger_output(path), path, update_golden)
