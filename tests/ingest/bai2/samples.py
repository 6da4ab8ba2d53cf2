"""The BAI2 sample files of this folder."""

from __future__ import annotations

from pathlib import Path

from ingest.bank.bai2 import Bai2Reader

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
# Not BAI2 at all (record code 00): moov-io's parse-error case.
NOT_BAI2 = CORPUS / "moov-bai2" / "errors" / "sample-parseError.bai2"
# Control totals that do not add up (negative cases upstream, or test data with made-up totals).
BAD_TOTALS = {
    CORPUS / "venturehacks-bai2" / "invalid_checksum_eod.bai2",
    CORPUS / "moov-bai2" / "sample4-continuations-newline-delimited.bai2",
    CORPUS / "moov-bai2" / "sample5-issue113.bai2",
}


def samples() -> list[Path]:
    """Every BAI2 input of ``corpus/`` and ``handmade/`` but the parse-error case, sorted."""
    return sorted(
        path
        for folder in ("corpus", "handmade")
        for path in (HERE / folder).rglob("*.bai2")
        if path != NOT_BAI2
    )


def reader_for(sample: Path) -> Bai2Reader:
    """The strict reader, or one that does not check totals for the files whose totals are wrong."""
    return Bai2Reader(verify_totals=sample not in BAD_TOTALS)


def sample_id(sample: Path) -> str:
    """A readable test id: the path below this folder."""
    return sample.relative_to(HERE).as_posix()
