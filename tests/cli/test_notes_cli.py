"""``note`` and ``promise`` through the real command line, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot.cli.main import app
from tests.cli.conftest import Invoke, json_of
from tests.notes.conftest import no_network as no_network

CUSTOMERS = """customer_id,name,email,language,country,segment,credit_limit,payment_terms_days,contact_name
C1,Boulangerie Dupont SAS,compta@dupont.example,fr,FR,sme,20000,30,Jeanne Dupont
C2,Acme Widgets Ltd,ap@acme.example,en,GB,sme,50000,30,John Smith
"""
INVOICES = """invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,po_number
FA-2026-00123,C1,2026-09-01,2026-10-01,EUR,1200.00,1200.00,
INV-10023,C2,2026-09-15,2026-10-15,EUR,980.00,980.00,
"""


@pytest.fixture
def loaded(arcopilot: Invoke, tmp_path: Path) -> Invoke:
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (tmp_path / "invoices.csv").write_text(INVOICES, encoding="utf-8")
    assert arcopilot("import", "customers", str(tmp_path / "customers.csv")).exit_code == 0
    assert arcopilot("import", "invoices", str(tmp_path / "invoices.csv")).exit_code == 0
    return arcopilot


def test_notes_and_promises_round_trip(loaded: Invoke) -> None:
    call = loaded(
        "note", "add", "Boulangerie Dupont", "Appel : conteste la facture FA-2026-00123",
        "--kind", "call", "--date", "2026-11-12", "--user", "marie", "--json",
    )  # fmt: skip
    assert call.exit_code == 0, call.output
    assert json_of(call) == {
        "note_id": "note-1",
        "customer_id": "C1",
        "customer_name": "Boulangerie Dupont SAS",
        "kind": "call",
        "date": "2026-11-12",
        "text": "Appel : conteste la facture FA-2026-00123",
        "author": "user:marie",
    }
    assert loaded("note", "add", "C2", "Cheque is in the post", "--date", "2026-11-10").exit_code == 0
    promised = loaded(
        "promise", "add", "C1", "1200,5", "2026-12-15", "--made-on", "2026-11-24",
        "--invoice", "FA-2026-00123", "--note", "après le paiement de leur client", "--json",
    )  # fmt: skip
    assert promised.exit_code == 0, promised.output
    promise = json_of(promised)
    assert (promise["promise_id"], promise["amount"], promise["currency"]) == (1, "1200.50", "EUR")
    assert promise["text"] == (
        "Promesse de paiement de 1\u202f200,50\u00a0€ pour le 15/12/2026 (faite le 24/11/2026), "
        "facture FA-2026-00123: après le paiement de leur client"
    )
    assert loaded("promise", "add", "Acme", "980", "2026-11-30", "--made-on", "2026-11-20").exit_code == 0

    listed = json_of(loaded("promise", "list", "--as-of", "2026-12-01", "--json"))
    assert listed["as_of"] == "2026-12-01"
    assert [(p["customer_id"], p["amount"], p["promised_date"], p["due"]) for p in listed["promises"]] == [
        ("C1", "1200.50", "2026-12-15", False),
        ("C2", "980.00", "2026-11-30", True),
    ]
    only_acme = json_of(loaded("promise", "list", "C2", "--as-of", "2026-11-01", "--json"))["promises"]
    assert [(p["promise_id"], p["due"]) for p in only_acme] == [(2, False)]

    for question in ("what did Dupont promise?", "qu'a promis Dupont ?"):
        found = json_of(loaded("note", "search", question, "--json"))
        first = found["notes"][0]
        assert (first["note_id"], first["customer_id"], first["date"]) == ("promise-1", "C1", "2026-11-24")
    acme = json_of(loaded("note", "search", "promise", "--customer", "C2", "--json"))["notes"]
    assert [note["note_id"] for note in acme] == ["promise-2"]
    table = loaded("note", "search", "cheque")
    assert table.exit_code == 0 and "2026-11-10" in table.stdout and "Acme Widgets Ltd" in table.stdout
    assert json_of(loaded("note", "reindex", "--json")) == {"changed": 0}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("note", "add", "Zebra", "hello"), "unknown customer 'Zebra'"),
        (("note", "add", "C1", "hello", "--date", "24/11/2026"), "--date must be a date like 2026-11-24"),
        (("note", "search", "x", "--customer", "Zebra"), "unknown customer 'Zebra'"),
        (("promise", "add", "C1", "12O0", "2026-12-15"), "AMOUNT must be a number like 1200.50"),
        (("promise", "add", "C1", "1,200.00", "2026-12-15"), "AMOUNT takes one decimal separator"),
        (("promise", "add", "C1", "0", "2026-12-15"), "a promised amount must be positive"),
        (("promise", "add", "C1", "10", "next week"), "DATE must be a date like 2026-11-24"),
        (
            ("promise", "add", "C1", "10", "2026-12-15", "--invoice", "INV-10023"),
            "has no invoice 'INV-10023'",
        ),
        (("promise", "list", "Zebra"), "unknown customer 'Zebra'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(loaded: Invoke, args: tuple[str, ...], message: str) -> None:
    result = loaded(*args)
    assert result.exit_code == 2, result.output
    said = " ".join(result.stderr.split())  # one message (rich wraps it at the terminal's width)
    assert said.startswith("error: ") and message in said and said.count("error:") == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "command", [("note", "add"), ("note", "search"), ("promise", "add"), ("promise", "list")]
)
def test_every_help_has_an_example(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert (
        result.exit_code == 0
        and "Example" in result.stdout
        and f"arcopilot {' '.join(command)}" in result.stdout
    )
