"""``identify`` both ways: each camt sample by its own reader only; other files by none."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.ingest.camt.corpus import NOT_CAMT, READERS, reader_for, sample_id, samples

PAIN_001 = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">
  <CstmrCdtTrfInitn>
    <GrpHdr><MsgId>PAIN-1</MsgId><CreDtTm>2026-10-03T10:00:00</CreDtTm><NbOfTxs>1</NbOfTxs></GrpHdr>
  </CstmrCdtTrfInitn>
</Document>
"""


@pytest.mark.parametrize("sample", samples(), ids=sample_id)
def test_sample_identified_by_its_own_reader_only(sample: Path) -> None:
    own = reader_for(sample)
    assert [reader.format for reader in READERS.values() if reader.identify(sample)] == [own.format]


def _not_camt_files(tmp_path: Path) -> list[Path]:
    generated = {
        "empty.xml": b"",
        "random.bin": random.Random(20261003).randbytes(4096),
        "pain001.xml": PAIN_001,
        # camt text in a comment or a child does not make a camt document: the root decides
        "camt-in-comment.xml": b"<!-- urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 --><Document/>",
        "camt-child.xml": b'<Root><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/></Root>',
        "camt-prefix.xml": b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02x"/>',
    }
    for name, content in generated.items():
        (tmp_path / name).write_bytes(content)
    return [*sorted(NOT_CAMT.iterdir()), *(tmp_path / name for name in generated), tmp_path / "missing.xml"]


def test_other_files_identified_by_none(tmp_path: Path) -> None:
    files = _not_camt_files(tmp_path)
    assert {path.name for path in files} >= {"abn_sample.sta", "eod.bai2", "factur-x-minimum.xml"}
    for path in files:
        assert [reader.format for reader in READERS.values() if reader.identify(path)] == [], path.name


def test_identify_reads_content_not_extension(tmp_path: Path) -> None:
    renamed = tmp_path / "statement.txt"
    renamed.write_bytes((samples()[0]).read_bytes())
    assert reader_for(samples()[0]).identify(renamed)
    disguised = tmp_path / "statement.camt053.xml"
    disguised.write_bytes((NOT_CAMT / "eod.bai2").read_bytes())
    assert not READERS["camt053"].identify(disguised)


def test_identify_finds_the_root_after_long_comments(tmp_path: Path) -> None:
    path = tmp_path / "commented.xml"
    comment = b"<!-- " + b"x" * 20_000 + b" -->\n"
    path.write_bytes(
        b'<?xml version="1.0"?>\n'
        + comment
        + b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"/>'
    )
    assert READERS["camt054"].identify(path)
