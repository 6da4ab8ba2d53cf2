"""Golden files: every MT940 sample beside ``<sample>.expected.json`` (``pytest --update-golden``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.bank.mt940 import Mt940Reader
from tests.golden import check_golden, reader_output
from tests.ingest.mt940.samples import sample_id, samples


@pytest.mark.parametrize("sample", samples(), ids=sample_id)
def test_golden(sample: Path, update_golden: bool) -> None:
    check_golden(reader_output(Mt940Reader(), sample), sample, update_golden)
