"""``match``, ``review`` and ``kpi`` through the real command line, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke, json_of

CUSTOMERS = """customer_id,name,email,language,country,segment,credit_limit,payment_terms_days,\
contact_name,ibans
C1,Boulangerie Dupont SAS,compta@dupont.example,fr,FR,sme,20000,30,Jeanne Dupont,FR7630004000031234567890143
C2,Acme Widgets Ltd,ap@acme.example,en,GB,sme,50000,30,John Smith,
"""
INVOICES = """invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,po_number
FA-2026-00123,C1,2026-09-01,2026-10-01,EUR,1200.00,1200.00,
FA-2026-00124,C1,2026-09-10,2026-10-10,EUR,350.50,350.50,
INV-10023,C2,2026-09-15,2026-10-15,EUR,980.00,980.00,
"""
STATEMENT = """id,booking_date,value_date,amount,currency,payer_name,payer_iban,reference,remittance_text
T1,2026-10-20,2026-10-20,1550.50,EUR,BOULANGERIE DUPONT,FR7630004000031234567890143,,\
FACT FA-2026-00123 ET 00124
T2,2026-10-21,2026-10-21,950.00,EUR,ACME WIDGETS LIMITED,,,INV 10023 damaged goods
T3,2026-10-22,2026-10-22,77.00,EUR,BANQUE POPULAIRE,,,INTERETS CREDITEURS T3
"""


@pytest.fixture
def loaded(arcopilot: Invoke, tmp_path: Path) -> Invoke:
    for name, text in (
        ("customers.csv", CUSTOMERS),
        ("invoices.csv", INVOICES),
        ("statement.csv", STATEMENT),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert arcopilot("import", "customers", str(tmp_path / "customers.csv")).exit_code == 0
    assert arcopilot("import", "invoices", str(tmp_path / "invoices.csv")).exit_code == 0
    assert arcopilot("ingest", str(tmp_path / "statement.csv")).exit_code == 0
    return arcopilot


def test_match_json_is_the_design_contract(loaded: Invoke) -> None:
    payments = {entry["payment_id"]: entry for entry in json_of(loaded("match", "--json"))["payments"]}
    assert set(payments) == {"T1", "T2", "T3"}
    for entry in payments.values():
        assert {
            "payment_id",
            "status",
            "confidence",
            "customer_id",
            "allocations",
            "unapplied_amount",
            "explanation",
        } <= set(entry)
        assert 0 <= entry["confidence"] <= 1 and entry["explanation"]
    multi = payments["T1"]
    assert multi["customer_id"] == "C1" and multi["unapplied_amount"] == "0.00"
    assert [(a["invoice_number"], a["amount"]) for a in multi["allocations"]] == [
        ("FA-2026-00123", "1200.00"),
        ("FA-2026-00124", "350.50"),
    ]
    (short,) = payments["T2"]["allocations"]
    assert (short["amount"], short["deduction_amount"], short["deduction_code"]) == (
        "950.00",
        "30.00",
        "DAMAGE",
    )
    assert payments["T3"]["status"] == "unmatched" and payments["T3"]["allocations"] == []
    assert payments["T3"]["unapplied_amount"] == "77.00"
    again = json_of(loaded("match", "--json"))["payments"]
    assert [entry["payment_id"] for entry in again] == ["T3"]


@pytest.fixture
def nothing_measured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty confidence table: every suggestion waits for a person."""
    table = tmp_path / "calibration.json"
    table.write_text('{"patterns": {}}', encoding="utf-8")
    monkeypatch.setenv("ARCOPILOT_CALIBRATION_FILE", str(table))


def test_the_packaged_calibration_applies_the_sure_and_queues_the_deduction(loaded: Invoke) -> None:
    statuses = {e["payment_id"]: e["status"] for e in json_of(loaded("match", "--json"))["payments"]}
    assert statuses == {"T1": "auto_applied", "T2": "auto_applied", "T3": "unmatched"}
    automation = json_of(loaded("kpi", "automation", "--as-of", "2026-10-31", "--json"))
    assert automation["rows"][0] == {
        "level": "payment",
        "automatic": 2,
        "by_a_person": 0,
        "applied": 2,
        "rate": 1.0,
    }
    assert automation["rows"][1]["automatic"] == 3


@pytest.mark.usefixtures("nothing_measured")
def test_review_approve_edit_reopen_and_the_kpis(loaded: Invoke) -> None:
    loaded("match", "--json")
    queue = json_of(loaded("review", "list", "--json"))["suggestions"]
    by_payment = {row["payment_id"]: row for row in queue}
    assert set(by_payment) == {"T1", "T2"}
    shown = json_of(loaded("review", "show", str(by_payment["T2"]["suggestion_id"]), "--json"))
    assert any("→ DAMAGE" in sentence for sentence in shown["explanation"]), shown["explanation"]

    bad = loaded("review", "approve", str(by_payment["T2"]["suggestion_id"]), "--edit", "INV-10023:950")
    assert bad.exit_code == 2 and "INVOICE=AMOUNT" in bad.output
    over = loaded("review", "approve", str(by_payment["T2"]["suggestion_id"]), "--edit", "INV-10023=990.00")
    assert over.exit_code == 1 and "more than its open amount" in over.output

    edited = loaded(
        "review",
        "approve",
        str(by_payment["T2"]["suggestion_id"]),
        "--edit",
        "INV-10023=950.00,deduction=30.00,code=shortage",
        "--user",
        "marie",
        "--json",
    )
    assert edited.exit_code == 0, edited.output
    view = json_of(edited)
    assert view["status"] == "approved" and view["decided_by"] == "user:marie"
    assert (
        view["lines"][0]["deduction_code"] == "SHORTAGE" and view["lines"][0]["invoice_open_amount"] == "0.00"
    )

    approved = json_of(loaded("review", "approve", str(by_payment["T1"]["suggestion_id"]), "--json"))
    assert approved["status"] == "approved"
    unapplied = json_of(loaded("kpi", "unapplied", "--as-of", "2026-10-31", "--json"))
    assert unapplied["value"] == "77.00" and [row["payment_id"] for row in unapplied["rows"]] == ["T3"]
    automation = json_of(loaded("kpi", "automation", "--as-of", "2026-10-31", "--json"))
    assert automation["rows"][0] == {
        "level": "payment",
        "automatic": 0,
        "by_a_person": 2,
        "applied": 2,
        "rate": 0.0,
    }

    reopened = json_of(loaded("review", "reopen", str(by_payment["T1"]["suggestion_id"]), "--json"))
    assert reopened["status"] == "pending"
    assert [line["invoice_open_amount"] for line in reopened["lines"]] == ["1200.00", "350.50"]
    assert Decimal(
        json_of(loaded("kpi", "unapplied", "--as-of", "2026-10-31", "--json"))["value"]
    ) == Decimal("1627.50")


@pytest.mark.usefixtures("nothing_measured")
def test_a_lower_threshold_lets_sure_matches_apply_themselves(
    loaded: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCOPILOT_AUTO_APPLY_THRESHOLD", "0.5")
    statuses = {e["payment_id"]: e["status"] for e in json_of(loaded("match", "--json"))["payments"]}
    assert statuses["T1"] == "auto_applied"
    automation = json_of(loaded("kpi", "automation", "--as-of", "2026-10-31", "--json"))
    assert automation["rows"][0]["automatic"] >= 1


def test_kpi_and_review_usage_errors(loaded: Invoke) -> None:
    assert loaded("kpi", "dso-of-the-moon").exit_code == 2
    assert loaded("kpi", "unapplied", "--as-of", "31/10/2026").exit_code == 2
    missing = loaded("review", "show", "999")
    assert missing.exit_code == 2 and "no suggestion 999" in missing.output


@pytest.mark.usefixtures("nothing_measured")
def test_bulk_approval_applies_each_and_reports_what_it_could_not(loaded: Invoke) -> None:
    loaded("match", "--json")
    ids = [str(row["suggestion_id"]) for row in json_of(loaded("review", "list", "--json"))["suggestions"]]
    assert len(ids) == 2
    result = loaded("review", "approve", *ids, "999", "--json")
    assert result.exit_code == 1
    outcome = json_of(result)
    assert sorted(view["status"] for view in outcome["decided"]) == ["approved", "approved"]
    assert outcome["errors"] == ["no suggestion 999"]
    assert json_of(loaded("review", "list", "--json"))["suggestions"] == []
    assert loaded("review", "approve", *ids, "--code", "DAMAGE").exit_code == 2


def test_match_without_json_prints_a_table_and_the_counts(loaded: Invoke) -> None:
    result = loaded("match")
    assert result.exit_code == 0
    assert "T1" in result.stdout and "2 applied automatically, 0 queued for review, 1 unmatched" in " ".join(
        result.stdout.split()
    )
