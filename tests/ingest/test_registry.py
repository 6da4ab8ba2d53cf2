"""Every sample is claimed by exactly one reader, the right one; other files by none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.registry import BANK_READERS, UnknownFormat, detect_bank_reader

HERE = Path(__file__).parent
EXPECTED_FORMAT = {"camt": None, "mt940": "mt940", "bai2": "bai2", "csv_statement": "csv"}


def samples() -> list[tuple[Path, str]]:
    """Inputs that have a golden file, with the format their folder stands for."""
    found = []
    for folder, fmt in EXPECTED_FORMAT.items():
        for golden in sorted((HERE / folder).rglob("*.expected.json")):
            source = golden.with_name(golden.name.removesuffix(".expected.json"))
            found.append((source, fmt or json.loads(golden.read_text(encoding="utf-8"))["format"]))
    return found


@pytest.mark.parametrize(("path", "fmt"), samples(), ids=lambda value: getattr(value, "name", value))
def test_each_sample_is_claimed_by_exactly_its_reader(path: Path, fmt: str) -> None:
    claims = [reader.format for reader in BANK_READERS if reader.identify(path)]
    assert claims == [fmt]
    assert detect_bank_reader(path).format == fmt


def test_the_sample_set_covers_every_reader() -> None:
    assert {fmt for _, fmt in samples()} == {reader.format for reader in BANK_READERS}


def test_a_ledger_export_given_as_a_statement_says_which_command_loads_it() -> None:
    with pytest.raises(
        UnknownFormat, match="looks like an export of invoices, load it with `arcopilot import invoices`"
    ):
        detect_bank_reader(HERE / "ledger" / "files" / "invoices.csv")


OTHER_FILES = [
    HERE / "csv_statement" / "not-statements" / "SammyMaystoneLinesTest.pdf",
    HERE / "csv_statement" / "not-statements" / "n26-fr.csv",
]


@pytest.mark.parametrize("path", OTHER_FILES, ids=lambda p: p.name)
def test_files_that_are_not_statements_are_refused_with_one_line(path: Path) -> None:
    with pytest.raises(UnknownFormat, match=rf"^{path.name}: unknown format") as caught:
        detect_bank_reader(path)
    assert "\n" not in str(caught.value)
