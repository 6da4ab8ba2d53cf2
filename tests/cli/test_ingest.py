"""``arcopilot init / ingest / extract`` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from copilot.db.engine import make_engine, transaction
from copilot.db.migrate import head_revision
from copilot.db.models import Document, Payment, PaymentSighting
from tests.cli.conftest import Invoke, json_of, sample_payments, write_camt, write_csv, write_mt
from tools.money import format_amount


def payments_in(db_url: str) -> list[Payment]:
    with transaction(make_engine(db_url)) as session:
        return list(session.scalars(select(Payment).order_by(Payment.bank_id)))


def test_init_creates_and_is_idempotent(arcopilot: Invoke, db_url: str) -> None:
    first = arcopilot("init", "--json")
    assert first.exit_code == 0, first.output
    head = head_revision(make_engine(db_url))
    assert head is not None and head >= "0003"
    assert json_of(first)["revision"] == json_of(arcopilot("init", "--json"))["revision"] == head


def test_a_batch_with_bad_files_keeps_the_good_ones_and_quarantines_the_rest(
    arcopilot: Invoke, db_url: str, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox" / "october"
    inbox.mkdir(parents=True)
    write_camt(inbox / "day1.xml", sample_payments(4))
    (inbox / "nested").mkdir()
    write_mt(inbox / "nested" / "later.sta", sample_payments(3, 10), encoding="cp1252")
    truncated = (inbox / "day1.xml").read_bytes()[:1500]
    (inbox / "broken.xml").write_bytes(truncated)
    (inbox / "empty.csv").write_bytes(b"")
    (inbox / "junk.bin").write_bytes(os.urandom(4096))
    (inbox / "notes.txt").write_text("Bonjour, voici le relevé.\n", encoding="utf-8")

    result = arcopilot("ingest", str(tmp_path / "inbox"), "--json")
    assert result.exit_code == 1, result.output
    summary = json_of(result)
    assert (summary["files"], summary["ingested"], summary["quarantined"], summary["payments_new"]) == (
        6,
        2,
        4,
        7,
    )
    reasons = {Path(o["path"]).name: o["reason"] for o in summary["outcomes"] if o["reason"]}
    assert set(reasons) == {"broken.xml", "empty.csv", "junk.bin", "notes.txt"}
    assert all("\n" not in reason and reason.startswith(name) for name, reason in reasons.items())
    assert "XML syntax error" in reasons["broken.xml"]
    listed = json_of(arcopilot("documents", "--status", "quarantined", "--json"))["documents"]
    assert {d["name"]: d["reason"] for d in listed} == reasons
    quarantine = Path(os.environ["ARCOPILOT_DATA_DIR"]) / "quarantine"
    assert len(list(quarantine.glob("*.reason.txt"))) == 4
    assert payments_in(db_url)[0].payer_name == "Société Cliente 1 SAS"

    again = json_of(arcopilot("ingest", str(tmp_path / "inbox"), "--json"))
    assert (again["ingested"], again["duplicate_files"], again["payments_new"]) == (0, 2, 0)
    assert len(payments_in(db_url)) == 7


def test_the_same_transactions_in_three_formats_are_recorded_once(
    arcopilot: Invoke, db_url: str, tmp_path: Path
) -> None:
    payments = sample_payments(8)
    write_camt(tmp_path / "a_statement.xml", payments)
    write_mt(tmp_path / "b_statement.sta", payments[2:])
    csv_payments = [p.model_copy(update={"id": f"CSV-{n}"}) for n, p in enumerate(payments[5:])]
    write_csv(
        tmp_path / "c_export.csv", csv_payments, separator=";", decimal_comma=True, date_format="%d/%m/%Y"
    )
    summary = json_of(arcopilot("ingest", str(tmp_path), "--json"))
    assert (summary["payments_new"], summary["duplicates_skipped"]) == (8, 9)
    stored = payments_in(db_url)
    assert [p.amount for p in stored] == [p.amount for p in payments]
    with transaction(make_engine(db_url)) as session:
        rules = dict(
            session.execute(
                select(PaymentSighting.matched_by, func.count()).group_by(PaymentSighting.matched_by)
            ).all()
        )
    assert rules == {"first": 8, "bank_reference": 6, "fingerprint": 3}  # the CSV has other ids, no E2E


def test_retry_quarantined_reads_files_again(
    arcopilot: Invoke, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    statement = write_camt(tmp_path / "statement.xml", sample_payments(2))

    def unavailable(path: Path) -> None:
        raise ValueError("reader temporarily unavailable")

    monkeypatch.setattr("copilot.services.ingest.detect_reader", unavailable)
    assert arcopilot("ingest", str(statement)).exit_code == 1
    still = json_of(arcopilot("ingest", str(statement), "--json"))
    assert still["outcomes"][0]["status"] == "already_quarantined"
    monkeypatch.undo()
    os.environ["ARCOPILOT_DATA_DIR"] = str(Path.cwd() / "data")
    retried = json_of(arcopilot("ingest", "--retry-quarantined", "--json"))
    assert (retried["ingested"], retried["payments_new"]) == (1, 2)
    with transaction(make_engine(db_url)) as session:
        document = session.scalars(select(Document)).one()
        assert (document.status, document.attempts, document.error) == ("ingested", 2, None)
    assert not list((Path.cwd() / "data" / "quarantine").glob("*"))


def test_extract_prints_the_contract_and_stores_nothing(
    arcopilot: Invoke, db_url: str, tmp_path: Path
) -> None:
    statement = write_camt(tmp_path / "statement.xml", sample_payments(2))
    data = json_of(arcopilot("extract", str(statement), "--json"))
    assert data["document"]["format"] == "camt053" and len(data["document"]["sha256"]) == 64
    first = data["payments"][0]
    assert {
        k: first[k]
        for k in (
            "id",
            "booking_date",
            "amount",
            "currency",
            "payer_name",
            "payer_iban",
            "reference",
            "remittance_text",
        )
    } == {
        "id": "BR000001",
        "booking_date": "2026-10-02",
        "amount": "1037.45",
        "currency": "EUR",
        "payer_name": "Société Cliente 1 SAS",
        "payer_iban": "FR1420041010050500013M02606",
        "reference": "E2E1",
        "remittance_text": "Facture FA-2026-00001",
    }
    assert data["remittances"] == []
    unknown = tmp_path / "memo.txt"
    unknown.write_text("hello")
    failed = arcopilot("extract", str(unknown), "--json")
    assert failed.exit_code == 1 and "memo.txt: unknown format" in failed.stderr
    assert "Traceback" not in failed.output


def test_help_carries_an_example(arcopilot: Invoke) -> None:
    for command in (
        ["init"],
        ["ingest"],
        ["extract"],
        ["import", "customers"],
        ["import", "invoices"],
        ["demo"],
    ):
        result = arcopilot(*command, "--help")
        assert result.exit_code == 0 and "Example" in result.output, command


def test_a_csv_statement_with_malformed_rows_keeps_its_good_rows(
    arcopilot: Invoke, db_url: str, tmp_path: Path
) -> None:
    statement = tmp_path / "releve.csv"
    statement.write_text(
        "id;booking_date;value_date;amount;currency;payer_name;payer_iban;reference;remittance_text\n"
        "R1;03/10/2026;03/10/2026;1 234,56;EUR;Dupont SAS;;FA-1;Facture FA-1\n"
        "R2;31/02/2026;;10,00;EUR;Martin;;;\n"
        "R3;04/10/2026;;douze;EUR;Durand;;;\n"
        "R4;05/10/2026;;99,90;EUR;Petit;;FA-4;\n",
        encoding="cp1252",
    )
    result = arcopilot("ingest", str(statement), "--json")
    assert result.exit_code == 1
    outcome = json_of(result)["outcomes"][0]
    assert (outcome["status"], outcome["payments_new"]) == ("partial", 2)
    assert [row.split(":")[0] for row in outcome["rejected_rows"]] == [
        "releve.csv, row 3, column booking_date",
        "releve.csv, row 4, column amount",
    ]
    assert [format_amount(p.amount, p.currency) for p in payments_in(db_url)] == ["1234.56", "99.90"]
    again = json_of(arcopilot("ingest", "--retry-quarantined", "--json"))
    assert (again["partial"], again["payments_new"], again["duplicates_skipped"]) == (1, 0, 2)


def test_a_file_over_the_size_limit_is_quarantined_unread_and_retried_later(
    arcopilot: Invoke, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    statement = write_camt(tmp_path / "big.xml", sample_payments(3))
    monkeypatch.setenv("ARCOPILOT_MAX_FILE_MB", "0.001")
    result = arcopilot("ingest", str(statement), "--json")
    assert result.exit_code == 1
    assert "above the 0.001 MB limit" in json_of(result)["outcomes"][0]["reason"]
    monkeypatch.delenv("ARCOPILOT_MAX_FILE_MB")
    assert json_of(arcopilot("ingest", "--retry-quarantined", "--json"))["payments_new"] == 3


def test_payments_lists_what_was_recorded_with_its_sources(arcopilot: Invoke, tmp_path: Path) -> None:
    payments = sample_payments(3)
    write_camt(tmp_path / "a.xml", payments)
    write_mt(tmp_path / "b.sta", payments[1:])
    arcopilot("ingest", str(tmp_path))
    listed = json_of(arcopilot("payments", "--json"))["payments"]
    assert [p["id"] for p in listed] == ["BR000001", "BR000002", "BR000003"]
    assert [len(p["sources"]) for p in listed] == [1, 2, 2]
    assert listed[1]["sources"][1] == {
        "document": "b.sta",
        "locator": listed[1]["sources"][1]["locator"],
        "matched_by": "bank_reference",
    }
    assert listed[0]["amount"] == "1037.45" and listed[0]["account"] == "FR7630006000011234567890189"
    assert json_of(arcopilot("payments", "--status", "applied", "--json")) == {"payments": []}
    assert len(json_of(arcopilot("payments", "--limit", "2", "--json"))["payments"]) == 2


FINNISH = Path(__file__).parents[1] / "ingest" / "camt"


@pytest.mark.parametrize("order", [("053", "054"), ("054", "053")], ids="-then-".join)
def test_batch_totals_and_their_details_count_once_in_either_order(
    arcopilot: Invoke, order: tuple[str, str]
) -> None:
    """The FFFS samples: the camt.053 books three batches as totals, the camt.054 details them."""
    outcomes = [
        json_of(
            arcopilot(
                "ingest",
                str(FINNISH / f"camt{kind}" / "moov-iso20022" / f"FI_camt_{kind}_sample.xml"),
                "--json",
            )
        )["outcomes"][0]
        for kind in order
    ]
    second = outcomes[1]
    if order[0] == "053":
        assert (second["payments_new"], second["batch_totals_replaced"]) == (6, 3)
    else:
        assert (second["payments_new"], second["duplicates_skipped"]) == (3, 3)
    listed = json_of(arcopilot("payments", "--json"))["payments"]
    assert len(listed) == 9
    assert sum(Decimal(p["amount"]) for p in listed) == Decimal("23075.00")
    totals = {p["entry_reference"] for p in listed if p["entry_reference"]}
    assert totals == {"091029ACCTSTMTARCH04", "091029ACCTSTMTARCH05", "091029ACCTSTMTARCH21"}
    assert not {p["id"] for p in listed} & totals
