"""The camt sample files of this folder and the reader each one belongs to."""

from __future__ import annotations

from pathlib import Path

from ingest.bank.camt import Camt052Reader, Camt053Reader, Camt054Reader
from ingest.reader import BankStatementReader

HERE = Path(__file__).parent
READERS: dict[str, BankStatementReader] = {
    "camt052": Camt052Reader(),
    "camt053": Camt053Reader(),
    "camt054": Camt054Reader(),
}


def reader_for(sample: Path) -> BankStatementReader:
    """The reader a sample belongs to: its top folder (camt05x/...) or, in handmade/, its name prefix."""
    key = sample.relative_to(HERE).parts[0]
    if key == "handmade":
        key = sample.name.split(".")[0]
    return READERS[key]


def samples() -> list[Path]:
    """Every camt XML sample (``camt05x/<source>/`` and ``handmade/``), sorted."""
    return sorted([*HERE.glob("camt05*/*/*.xml"), *HERE.glob("handmade/*.xml")])


def readable_samples() -> list[Path]:
    """The samples that read without error (all but genkgo's ``camt053.v2.wrong.xml``)."""
    return [sample for sample in samples() if sample != WRONG]


WRONG = HERE / "camt053" / "genkgo-camt" / "camt053.v2.wrong.xml"
NOT_CAMT = HERE / "not-camt"


def sample_id(sample: Path) -> str:
    """A readable test id: the path below this folder."""
    return sample.relative_to(HERE).as_posix()
