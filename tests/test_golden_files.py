"""Golden files fail both ways: each input's test fails without its golden file (see
``tests/golden.py``), and here every golden file must still have its input."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).parent
BUILT_PAYLOADS = TESTS / "slack" / "golden"  # built in code, not read from a file: see test_blocks_golden


def test_every_golden_file_has_its_input() -> None:
    orphans = [
        str(golden.relative_to(TESTS))
        for golden in TESTS.rglob("*.expected.json")
        if golden.parent != BUILT_PAYLOADS
        and not golden.with_name(golden.name.removesuffix(".expected.json")).exists()
    ]
    assert orphans == []
    assert len(list(TESTS.rglob("*.expected.json"))) >= 90  # the readers are covered
