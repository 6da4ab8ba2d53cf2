"""Layouts other banks and test authors use, and the same transactions reported twice.

The companion of ``test_generated_statements.py`` (same generator, same checks): XML with a
namespace prefix, indentation, BOM, character references or UTF-16; several statements and
accounts in one file; MT940 with LF line ends, no entry date, a year roll-over and German
sub-fields on lines of their own; BAI2 with two accounts, text only in ``88`` records and
value-dated funds; and notifications, intraday reports and statements of the same day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.e2e.bank_files import CamtFile, Entry, entries_for, write_camt
from tests.e2e.conftest import Run, ingest_and_compare
from tests.e2e.flat_files import write_bai2, write_mt940
from tests.e2e.truth import OWN_IBAN, Tx, TxFactory

DAY = TxFactory(0).day
OTHER_IBAN = "FR7610107001011234567890129"

CAMT_LAYOUTS = {
    "prefixed-pretty": {"prefix": "ns2", "pretty": True},
    "bom": {"bom": True, "version": "04"},
    "ascii-char-refs": {"encoding": "US-ASCII", "version": "02"},
    "utf-16": {"encoding": "UTF-16", "pretty": True},
}


@pytest.mark.parametrize("layout", CAMT_LAYOUTS)
def test_camt_xml_layouts(cli: Run, tmp_path: Path, layout: str) -> None:
    options = dict(CAMT_LAYOUTS[layout])
    version = str(options.pop("version", "08"))
    txs = TxFactory(len(layout)).day_of(5)
    spec = CamtFile("053", version, entries_for(txs, batch_every=3), DAY, **options)  # type: ignore[arg-type]
    path = tmp_path / f"{layout}.xml"
    ingest_and_compare(cli, [(path, write_camt(path, spec))])


def _numbered(txs: list[Tx], prefix: str = "") -> list[Tx]:
    """References as some banks number them: per account and statement, from 1."""
    return [replace(tx, bank_ref=f"{prefix}{number:08d}") for number, tx in enumerate(txs, start=1)]


def test_camt053_two_accounts_in_one_file_numbering_references_alike(cli: Run, tmp_path: Path) -> None:
    first = _numbered(TxFactory(31).day_of(4))
    # (amounts kept apart from the first account's, so that id and amount tell payments apart here)
    second = _numbered([replace(tx, amount=tx.amount + 1000) for tx in TxFactory(32).day_of(4)])
    spec = CamtFile("053", "08", entries_for(first), DAY, more=[(OTHER_IBAN, entries_for(second))])
    path = tmp_path / "two-accounts.xml"
    ingest_and_compare(cli, [(path, write_camt(path, spec))])


def test_mt940_several_statements_lf_no_entry_date(cli: Run, tmp_path: Path) -> None:
    txs = TxFactory(41).day_of(4)
    later = TxFactory(42, day=DAY + timedelta(days=1)).day_of(4)
    other = TxFactory(43).day_of(3)
    path = tmp_path / "three.sta"
    expected = write_mt940(
        path,
        txs,
        "abn",
        day=DAY,
        account="NL91ABNA0417164300",
        more=[(DAY + timedelta(days=1), "NL91ABNA0417164300", later), (DAY, "NL02ABNA0123456789", other)],
        entry_date=False,
        newline="\n",
    )
    ingest_and_compare(cli, [(path, expected)])


def test_mt940_german_subfields_on_their_own_lines_across_new_year(cli: Run, tmp_path: Path) -> None:
    factory = TxFactory(44, day=date(2027, 1, 4))
    txs = factory.day_of(5)
    txs[0] = replace(txs[0], value_date=date(2026, 12, 31))
    txs[-2] = replace(txs[-2], value_date=date(2026, 12, 30))
    path = tmp_path / "neujahr.sta"
    expected = write_mt940(
        path,
        txs,
        "german",
        day=factory.day,
        account="37040044/0532013000",
        encoding="cp1252",
        subfield_lines=True,
    )
    ingest_and_compare(cli, [(path, expected)])


def test_bai2_two_accounts_text_in_continuations(cli: Run, tmp_path: Path) -> None:
    usd = TxFactory(21, currency="USD").day_of(5)
    cad = TxFactory(22, currency="CAD").day_of(4)
    path = tmp_path / "two-accounts.bai"
    expected = write_bai2(
        path,
        [("1234567890", "USD", usd), ("CA-987654", "CAD", cad)],
        day=DAY,
        seed=9,
        text_in_88=True,
        padded=True,
    )
    ingest_and_compare(cli, [(path, expected)])


def test_the_same_statement_exported_twice_is_recorded_once(cli: Run, tmp_path: Path) -> None:
    txs = [replace(tx, value_date=tx.booking_date) for tx in TxFactory(61).day_of(6)]
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    expected = write_camt(first, CamtFile("053", "04", entries_for(txs), DAY))
    write_camt(
        second, CamtFile("053", "04", entries_for(txs, batch_every=2), DAY, message_id="MSG-2", pretty=True)
    )
    summary = ingest_and_compare(cli, [(first, expected), (second, expected)])
    assert summary["duplicates_skipped"] == len(expected)


def test_notifications_with_their_own_references_then_the_statement(cli: Run, tmp_path: Path) -> None:
    """The camt.054 numbers its notifications itself; the statement's AcctSvcrRef differ.

    Still one payment per transaction (end-to-end id, else fingerprint); it keeps the id of
    the notification that reported it first.
    """
    txs = TxFactory(62).day_of(6)
    notified = [replace(tx, bank_ref="N" + tx.bank_ref) for tx in txs]
    notification, statement = tmp_path / "a.xml", tmp_path / "b.xml"
    first = write_camt(notification, CamtFile("054", "04", entries_for(notified), DAY))
    second = write_camt(statement, CamtFile("053", "02", entries_for(txs), DAY))
    summary = ingest_and_compare(cli, [(notification, first), (statement, second)], stored_truth=first)
    assert summary["duplicates_skipped"] == len(second)


def test_a_twin_payment_notified_once_is_still_two_payments(cli: Run, tmp_path: Path) -> None:
    """Same payer, amount, day and text twice; the camt.054 announced only the first one."""
    factory = TxFactory(63)
    txs = factory.day_of(5)
    first_one = txs[0]
    twin = next(
        tx
        for tx in txs[1:]
        if tx.is_payment and (tx.amount, tx.payer_name) == (first_one.amount, first_one.payer_name)
    )
    notification, statement = tmp_path / "a.xml", tmp_path / "b.xml"
    first = write_camt(notification, CamtFile("054", "08", entries_for([first_one]), DAY))
    second = write_camt(statement, CamtFile("053", "08", entries_for(txs), DAY))
    assert twin.bank_ref in {item.id for item in second}
    ingest_and_compare(cli, [(notification, first), (statement, second)])


def test_a_pending_notification_then_the_booking_the_next_day(cli: Run, tmp_path: Path) -> None:
    """A camt.052 reports a credit pending (no booking date yet); the camt.053 books it a day later."""
    txs = [tx for tx in TxFactory(64).day_of(4) if tx.is_payment]
    pending = entries_for(txs)
    for entry in pending:
        entry.status, entry.with_booking_date = "PDNG", False
    report, statement = tmp_path / "a.xml", tmp_path / "b.xml"
    first = write_camt(report, CamtFile("052", "08", pending, DAY))
    booked = [replace(tx, booking_date=tx.booking_date + timedelta(days=1)) for tx in txs]
    second = write_camt(statement, CamtFile("053", "08", entries_for(booked), DAY + timedelta(days=1)))
    ingest_and_compare(cli, [(report, first), (statement, second)], stored_truth=second)


def test_own_account_is_the_statement_account(cli: Run, tmp_path: Path) -> None:
    txs = TxFactory(65).day_of(3)
    path = tmp_path / "own.xml"
    ingest_and_compare(cli, [(path, write_camt(path, CamtFile("053", "04", entries_for(txs), DAY)))])
    stored = cli("payments")["payments"]
    assert {payment["account"] for payment in stored} == {OWN_IBAN}


# --- One bank reference for several transactions; batch totals ------------------------------


def test_a_batch_entry_with_only_the_entry_reference(cli: Run, tmp_path: Path) -> None:
    txs = [tx for tx in TxFactory(66).day_of(5) if tx.is_payment]
    entry = entries_for(txs[:3], batch_every=3)[0]
    entry.tx_refs = False
    path = tmp_path / "batch.xml"
    ingest_and_compare(
        cli, [(path, write_camt(path, CamtFile("053", "04", [entry, *entries_for(txs[3:])], DAY)))]
    )


def test_references_numbered_from_one_each_day(cli: Run, tmp_path: Path) -> None:
    monday = _numbered(TxFactory(67).day_of(3))
    # (Tuesday's amounts differ from Monday's: same account, reference and amount within three
    # days is one transaction by rule 1)
    tuesday = _numbered(
        [replace(tx, amount=tx.amount + 1000) for tx in TxFactory(68, day=DAY + timedelta(days=1)).day_of(3)]
    )
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    expected = write_camt(first, CamtFile("053", "08", entries_for(monday), DAY))
    later = write_camt(second, CamtFile("053", "08", entries_for(tuesday), DAY + timedelta(days=1)))
    ingest_and_compare(cli, [(first, expected), (second, later)])


@pytest.mark.parametrize("order", ["details-first", "total-first"])
def test_a_batch_detailed_by_notifications_and_booked_as_one_total(
    cli: Run, tmp_path: Path, order: str
) -> None:
    """camt.054 lists the transactions of a batch; the camt.053 shows only its total.

    The transactions say who paid what: they are the payments, whichever file comes first.
    """
    factory = TxFactory(69)
    credits = [factory.tx() for _ in range(6)]  # no twin here: see the twin test above
    batch = Entry(credits[:3], batch_ref="SAMMLER-0815")
    notification, statement = tmp_path / "notification.xml", tmp_path / "statement.xml"
    detailed = write_camt(notification, CamtFile("054", "08", [batch, *entries_for(credits[3:5])], DAY))
    total_only = Entry(batch.txs, batch_ref="SAMMLER-0815", details=False)
    totals = write_camt(statement, CamtFile("053", "04", [total_only, *entries_for(credits[3:])], DAY))
    files = [(notification, detailed), (statement, totals)]
    notified = {item.id for item in detailed}
    truth = [*detailed, *(item for item in totals[1:] if item.id not in notified)]
    ingest_and_compare(cli, files if order == "details-first" else files[::-1], stored_truth=truth)


@pytest.mark.parametrize(
    ("iban", "mt940_account", "dialect"),
    [
        ("NL91ABNA0417164300", "NL91ABNA0417164300EUR", "abn"),  # IBAN and currency
        ("NL91ABNA0417164300", "NL91ABNA0417164300", "swift"),
        ("DE89370400440532013000", "37040044/0532013000", "german"),  # bank code / account number
    ],
)
def test_the_same_day_as_camt053_and_mt940_is_one_payment_each(
    cli: Run, tmp_path: Path, iban: str, mt940_account: str, dialect: str
) -> None:
    txs = TxFactory(70 + len(dialect)).day_of(5)
    statement, mt940 = tmp_path / "a.xml", tmp_path / "b.sta"
    first = write_camt(statement, CamtFile("053", "04", entries_for(txs), DAY, account=iban))
    second = write_mt940(mt940, txs, dialect, day=DAY, account=mt940_account)
    summary = ingest_and_compare(cli, [(statement, first), (mt940, second)], stored_truth=first)
    assert summary["duplicates_skipped"] == len(second)
