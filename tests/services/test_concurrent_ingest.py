"""Two processes (here threads with their own connections) ingesting at the same moment."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, func, select

from copilot.db.engine import transaction
from copilot.db.models import Document, Payment
from copilot.services.ingest import FileOutcome, ingest_file
from copilot.settings import Settings
from tests.cli.conftest import sample_payments, write_camt, write_csv


def test_simultaneous_ingests_record_each_payment_once(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    payments = sample_payments(40)
    camt = write_camt(tmp_path / "day.xml", payments)
    csv = write_csv(
        tmp_path / "day.csv", [p.model_copy(update={"id": f"C{n}"}) for n, p in enumerate(payments)]
    )
    files = [camt, camt, csv, csv, camt]
    outcomes: list[FileOutcome] = []
    barrier = threading.Barrier(len(files))

    def run(path: Path) -> None:
        barrier.wait()
        outcomes.append(ingest_file(engine, settings, path, actor="test", source="test"))

    threads = [threading.Thread(target=run, args=(path,)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o.status for o in outcomes) == ["duplicate_file"] * 3 + ["ingested"] * 2
    assert sum(o.payments_new for o in outcomes) == 40
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 40
        assert session.scalar(select(func.count()).select_from(Document)) == 2
