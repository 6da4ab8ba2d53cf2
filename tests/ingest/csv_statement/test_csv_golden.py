"""Golden files: every CSV statement beside ``<sample>.expected.json`` (``pytest --update-golden``).

The malformed file's golden file holds its payments and its row errors (``iter_rows``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.bank.csv_statement import CsvStatementReader
from ingest.records import RowError, payment_contract
from tests.golden import check_golden, reader_output
from tests.ingest.csv_statement.samples import MALFORMED, sample_id, samples

READER = CsvStatementReader()


@pytest.mark.parametrize("sample", [s for s in samples() if s != MALFORMED], ids=sample_id)
def test_golden(sample: Path, update_golden: bool) -> None:
    check_golden(reader_output(READER, sample), sample, update_golden)


def test_golden_of_the_malformed_file(update_golden: bool) -> None:
    items = list(READER.iter_rows(MALFORMED))
    actual = {
        "format": READER.format,
        "payments": [payment_contract(item) for item in items if not isinstance(item, RowError)],
        "row_errors": [str(item) for item in items if isinstance(item, RowError)],
    }
    check_golden(actual, MALFORMED, update_golden)
