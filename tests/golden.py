"""Golden-file comparison: input beside ``<input>.expected.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ingest.reader import BankStatementReader
from ingest.records import payment_contract


def reader_output(reader: BankStatementReader, path: Path) -> dict[str, Any]:
    """What a golden file holds for a bank statement: its format and payments."""
    return {
        "format": reader.format,
        "payments": [payment_contract(p) for p in reader.iter_payments(path)],
    }


def check_golden(actual: dict[str, Any], source: Path, update: bool) -> None:
    """Compare ``actual`` with ``source``'s golden file, or rewrite it when ``update``."""
    expected_path = source.with_name(source.name + ".expected.json")
    rendered = json.dumps(actual, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if update or not expected_path.exists():
        if not update:
            raise AssertionError(f"no golden file {expected_path}; run pytest --update-golden")
        expected_path.write_text(rendered, encoding="utf-8")
        return
    assert json.loads(rendered) == json.loads(expected_path.read_text(encoding="utf-8")), (
        f"{source.name} differs from {expected_path.name}; run pytest --update-golden and review"
    )
