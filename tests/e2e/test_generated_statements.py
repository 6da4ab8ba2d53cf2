"""Statements written by an independent generator, ingested through the CLI, checked field by field.

Every scenario writes its files to ``tmp_path`` (``tests/e2e/bank_files.py`` for camt,
``flat_files.py`` for MT940, BAI2 and CSV, from the seeded truth of ``truth.py``), checks
``extract --json`` of each file, ingests them all into a fresh database (SQLite and
PostgreSQL) and checks ``payments --json``: each incoming credit exactly once, every contract
field as the truth says, nothing else (no debit, no reversal).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tests.e2e.bank_files import CamtFile, Entry, entries_for, write_camt
from tests.e2e.conftest import Run, ingest_and_compare
from tests.e2e.flat_files import CSV_COLUMNS, shuffled, write_bai2, write_csv, write_mt940
from tests.e2e.truth import Tx, TxFactory

DAY = TxFactory(0).day


def _layouts(txs: list[Tx], seed: int, version: str) -> list[Entry]:
    """One entry per transaction, each laid out its own way, and a batch of three credits."""
    rng = random.Random(seed)
    credits = [tx for tx in txs if tx.is_payment]
    batch = credits[-3:]
    entries = []
    for tx in txs:
        if tx in batch:
            continue
        entries.append(
            Entry(
                [tx],
                details=rng.random() > 0.15,
                ref_level=rng.choice(("entry", "tx", "both")),
                date_time=version == "08" and rng.random() < 0.5,
                split_ustrd=rng.random() < 0.4,
                ustrd_with_rf=rng.random() < 0.6,
                ultimate_debtor=rng.choice((None, None, "Groupe Holding Ültimo")),
            )
        )
    entries.insert(len(entries) // 2, Entry(batch, batch_ref=f"BATCH-{seed}", split_ustrd=True))
    return entries


@pytest.mark.parametrize(("version", "encoding"), [("02", "ISO-8859-1"), ("04", "UTF-8"), ("08", "UTF-8")])
def test_camt053_each_version(cli: Run, tmp_path: Path, version: str, encoding: str) -> None:
    seed = int(version)
    txs = TxFactory(seed).day_of(9)
    spec = CamtFile("053", version, _layouts(txs, seed, version), DAY, encoding=encoding)
    path = tmp_path / f"statement-{version}.xml"
    ingest_and_compare(cli, [(path, write_camt(path, spec))])


def test_camt054_notifications_then_the_statement_are_one_payment_each(cli: Run, tmp_path: Path) -> None:
    txs = TxFactory(54).day_of(8)
    notified = [tx for index, tx in enumerate(txs) if index % 2 == 0]
    notification = tmp_path / "a-notification.xml"
    statement = tmp_path / "b-statement.xml"
    first = write_camt(notification, CamtFile("054", "08", entries_for(notified, ref_level="tx"), DAY))
    second = write_camt(statement, CamtFile("053", "04", entries_for(txs, ref_level="both"), DAY))
    summary = ingest_and_compare(cli, [(notification, first), (statement, second)])
    assert summary["duplicates_skipped"] == len(first)
    again = cli("ingest", str(notification), str(statement))
    assert (again["duplicate_files"], again["payments_new"]) == (2, 0)


def test_camt052_intraday_report_booked_and_pending_then_the_statement(cli: Run, tmp_path: Path) -> None:
    txs = TxFactory(52).day_of(6)
    entries = entries_for(txs, ref_level="entry")
    for entry in entries[::3]:
        entry.status, entry.with_booking_date = "PDNG", False
        entry.txs = [replace(tx, value_date=tx.booking_date) for tx in entry.txs]
    report = tmp_path / "a-report.xml"
    statement = tmp_path / "b-statement.xml"
    first = write_camt(report, CamtFile("052", "02", entries, DAY))
    booked = [tx for entry in entries for tx in entry.txs]
    second = write_camt(statement, CamtFile("053", "08", entries_for(booked, batch_every=2), DAY))
    ingest_and_compare(cli, [(report, first), (statement, second)])


@pytest.mark.parametrize(("currency", "version"), [("JPY", "04"), ("KWD", "08")])
def test_camt053_currencies_with_zero_and_three_decimals(
    cli: Run, tmp_path: Path, currency: str, version: str
) -> None:
    txs = TxFactory(7, currency=currency).day_of(6)
    path = tmp_path / f"{currency}.xml"
    spec = CamtFile("053", version, _layouts(txs, 7, version), DAY, currency=currency)
    ingest_and_compare(cli, [(path, write_camt(path, spec))])


@pytest.mark.parametrize(
    ("dialect", "encoding", "envelope", "account"),
    [
        ("swift", "utf-8", False, "NL91RABO0417164300"),
        ("abn", "utf-8", True, "NL91ABNA0417164300"),
        ("german", "cp1252", False, "37040044/0532013000"),
        ("free", "cp1252", False, "FR7630004000031234567890143EUR"),
    ],
)
def test_mt940_dialects(
    cli: Run, tmp_path: Path, dialect: str, encoding: str, envelope: bool, account: str
) -> None:
    txs = TxFactory(940 + len(dialect)).day_of(8)
    path = tmp_path / f"{dialect}.sta"
    expected = write_mt940(path, txs, dialect, day=DAY, account=account, encoding=encoding, envelope=envelope)
    ingest_and_compare(cli, [(path, expected)])


@pytest.mark.parametrize("same_ids", [True, False], ids=["same-ids", "export-ids"])
def test_mt940_and_csv_of_the_same_day_are_one_payment_each(cli: Run, tmp_path: Path, same_ids: bool) -> None:
    txs = TxFactory(9401).day_of(7)
    mt940 = tmp_path / "a.sta"
    export = tmp_path / "b.csv"
    first = write_mt940(mt940, txs, "swift", day=DAY, account="NL91RABO0417164300")
    # The export has no reversals (a CSV cannot mark one: it would be a positive line, a payment).
    csv_txs = [tx for tx in txs if not tx.reversal]
    if not same_ids:  # the export's own ids: the MT940 sighting (first) is what is stored
        csv_txs = [replace(tx, bank_ref=f"EXP-{n}") for n, tx in enumerate(csv_txs)]
    second = write_csv(export, csv_txs, separator=";", decimal=",", date_format="%d/%m/%Y")
    summary = ingest_and_compare(cli, [(mt940, first), (export, second)], stored_truth=first)
    assert summary["duplicates_skipped"] == len(first)


def test_bai2(cli: Run, tmp_path: Path) -> None:
    txs = TxFactory(2, currency="USD").day_of(9)
    path = tmp_path / "bai2.txt"
    ingest_and_compare(cli, [(path, write_bai2(path, [("1234567890", "USD", txs)], day=DAY, seed=2))])


CSV_VARIANTS = {
    "comma-point-iso-utf8": {"separator": ",", "decimal": ".", "encoding": "utf-8"},
    "semicolon-comma-dmy-bom": {
        "separator": ";",
        "decimal": ",",
        "group": " ",
        "date_format": "%d/%m/%Y",
        "encoding": "utf-8-sig",
    },
    "semicolon-comma-cp1252-reordered": {
        "separator": ";",
        "decimal": ",",
        "encoding": "cp1252",
        "columns": shuffled(CSV_COLUMNS, 3),
        "spaced_iban": True,
    },
    "comma-quoted-decimal-comma-newlines": {
        "separator": ",",
        "decimal": ",",
        "group": ".",
        "date_format": "%d/%m/%Y",
        "newline_in_text": True,
        "columns": shuffled(CSV_COLUMNS, 8),
    },
    "tab-utf16-quoted-blanks-extra-column": {
        "separator": "\t",
        "encoding": "utf-16",
        "quote_all": True,
        "blanks": True,
        "columns": (*CSV_COLUMNS[:4], "balance", *CSV_COLUMNS[4:]),
    },
}


@pytest.mark.parametrize("variant", CSV_VARIANTS)
def test_csv_variants(cli: Run, tmp_path: Path, variant: str) -> None:
    factory = TxFactory(len(variant))
    txs = [*factory.day_of(6), factory.tx(currency="JPY"), factory.tx(currency="KWD")]
    txs += [factory.tx(booking_date=DAY + timedelta(days=8), value_date=DAY + timedelta(days=7))]
    options = dict(CSV_VARIANTS[variant])
    encoding = str(options.pop("encoding", "utf-8"))
    path = tmp_path / f"{variant}.csv"
    ingest_and_compare(cli, [(path, write_csv(path, txs, encoding=encoding, **options))])
