"""Each bank-text reader claims its own samples and nobody else's; junk is claimed by none."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ingest.bank.bai2 import Bai2Reader
from ingest.bank.csv_statement import CsvStatementReader
from ingest.bank.mt940 import Mt940Reader
from ingest.reader import BankStatementReader
from ingest.registry import detect_bank_reader
from tests.ingest.bai2.samples import NOT_BAI2
from tests.ingest.bai2.samples import samples as bai2_samples
from tests.ingest.csv_statement.samples import NOT_STATEMENTS
from tests.ingest.csv_statement.samples import samples as csv_samples
from tests.ingest.mt940.samples import FRAGMENT, errors
from tests.ingest.mt940.samples import samples as mt940_samples

READERS: dict[str, BankStatementReader] = {
    "mt940": Mt940Reader(),
    "bai2": Bai2Reader(),
    "csv": CsvStatementReader(),
}
ROOT = Path(__file__).parents[1]
OWN = [
    *[(path, "mt940") for path in [*mt940_samples(), *errors()]],
    *[(path, "bai2") for path in bai2_samples()],
    *[(path, "csv") for path in csv_samples()],
]
JUNK = [*sorted(NOT_STATEMENTS.iterdir()), NOT_BAI2, FRAGMENT]


def _id(value: object) -> str:
    return value.relative_to(ROOT).as_posix() if isinstance(value, Path) else str(value)


@pytest.mark.parametrize(("sample", "owner"), OWN, ids=_id)
def test_each_sample_is_claimed_by_its_reader_only(sample: Path, owner: str) -> None:
    claimed = [name for name, reader in READERS.items() if reader.identify(sample)]
    assert claimed == [owner]


@pytest.mark.parametrize(("sample", "owner"), OWN, ids=_id)
def test_the_registry_picks_the_same_reader_among_all_bank_readers(sample: Path, owner: str) -> None:
    assert detect_bank_reader(sample).format == owner


@pytest.mark.parametrize("junk", JUNK, ids=_id)
def test_junk_is_claimed_by_none(junk: Path) -> None:
    assert [name for name, reader in READERS.items() if reader.identify(junk)] == []


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_and_missing_files_are_claimed_by_none(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "random.bin"
    path.write_bytes(random.Random(seed).randbytes(4096))
    assert not any(reader.identify(path) for reader in READERS.values())
    assert not any(reader.identify(tmp_path / "missing.csv") for reader in READERS.values())
    assert not any(reader.identify(tmp_path) for reader in READERS.values())  # a directory
