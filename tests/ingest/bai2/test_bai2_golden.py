"""Golden files: every BAI2 sample beside ``<sample>.expected.json`` (``pytest --update-golden``).

The three samples whose control totals are wrong are read with ``verify_totals=False``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import check_golden, reader_output
from tests.ingest.bai2.samples import reader_for, sample_id, samples


@pytest.mark.parametrize("sample", samples(), ids=sample_id)
def test_golden(sample: Path, update_golden: bool) -> None:
    check_golden(reader_output(reader_for(sample), sample), sample, update_golden)
