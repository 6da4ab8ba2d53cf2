"""Golden files: every camt sample beside ``<sample>.expected.json`` (``pytest --update-golden``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import check_golden, reader_output
from tests.ingest.camt.corpus import readable_samples, reader_for, sample_id


@pytest.mark.parametrize("sample", readable_samples(), ids=sample_id)
def test_golden(sample: Path, update_golden: bool) -> None:
    check_golden(reader_output(reader_for(sample), sample), sample, update_golden)
