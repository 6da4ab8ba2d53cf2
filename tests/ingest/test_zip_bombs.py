"""A zip bomb named .xlsx is refused from its directory, before anything inflates it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from ingest.ledger import LedgerFileError
from ingest.ledger.invoices import read_invoices
from ingest.reader import ReaderError
from ingest.remittance import RemittanceSheetReader
from tests.cli.conftest import Invoke, sample_payments, write_csv


def write_bomb(path: Path, megabytes: int = 40) -> Path:
    """A workbook-looking zip whose sheet inflates ~1000 times (40 MB of zeros)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (megabytes * 1024 * 1024))
    return path


def test_the_ledger_reader_refuses_it_unread(tmp_path: Path) -> None:
    bomb = write_bomb(tmp_path / "invoices.xlsx")
    with pytest.raises(
        LedgerFileError, match=r"invoices\.xlsx: would expand to 40 MB from \d+ KB; refused unread"
    ):
        read_invoices(bomb)


def test_the_remittance_sheet_reader_refuses_it_unread(tmp_path: Path) -> None:
    bomb = write_bomb(tmp_path / "avis.xlsx")
    with pytest.raises(ReaderError, match="possible zip bomb"):
        list(RemittanceSheetReader().iter_remittances(bomb))


def test_ingest_quarantines_it_and_reads_the_rest_of_the_batch(arcopilot: Invoke, tmp_path: Path) -> None:
    write_bomb(tmp_path / "avis.xlsx")
    write_csv(tmp_path / "releve.csv", sample_payments(2))
    result = arcopilot("ingest", str(tmp_path / "avis.xlsx"), str(tmp_path / "releve.csv"), "--json")
    assert result.exit_code == 1
    outcomes = {Path(row["path"]).name: row for row in json.loads(result.stdout)["outcomes"]}
    assert outcomes["avis.xlsx"]["status"] == "quarantined"
    assert "possible zip bomb" in outcomes["avis.xlsx"]["reason"]
    assert outcomes["releve.csv"]["status"] == "ingested"
