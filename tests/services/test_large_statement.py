"""A 100 MB statement goes through the real ingest path, every payment exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from copilot.db.engine import transaction
from copilot.db.models import Payment
from copilot.services.ingest import ingest_paths
from copilot.settings import Settings
from evals.bench_ingest import synthetic_payments, write_statement

PAYMENTS = 100_000


@pytest.fixture(scope="module")
def large_statement(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "statement.xml"
    write_statement("camt053", path, PAYMENTS)
    return path


def test_a_100_mb_statement_is_ingested_whole(
    large_statement: Path, engine: Engine, settings: Settings
) -> None:
    assert large_statement.stat().st_size > 100_000_000
    summary = ingest_paths(engine, settings, [large_statement], actor="test")
    assert (summary.count("ingested"), summary.payments_new) == (1, PAYMENTS)
    with transaction(engine) as session:
        assert session.scalar(select(func.count(func.distinct(Payment.bank_id)))) == PAYMENTS
        total = session.scalar(select(func.sum(Payment.amount)))
    assert total == sum(payment.amount for payment in synthetic_payments(PAYMENTS))
    again = ingest_paths(engine, settings, [large_statement], actor="test")
    assert again.count("duplicate_file") == 1 and again.payments_new == 0
