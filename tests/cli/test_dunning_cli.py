"""``arcopilot dunning …`` and ``arcopilot plan …`` through the real command line, on SQLite and
PostgreSQL: plan, draft, approve, list, show, send (to a local SMTP server), payment plans, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Invoke, json_of
from tests.dunning.conftest import plain
from tests.dunning.smtp_server import Mailbox
from tests.dunning.smtp_server import smtp_server as smtp_server
from tests.dunning.world import RATES_YAML

CUSTOMERS = """customer_id,name,email,language,country,segment,credit_limit,payment_terms_days,contact_name
C1,Boulangerie Dupont SAS,compta@dupont.example,fr,FR,sme,20000,30,Jeanne Dupont
C2,Acme Widgets Ltd,ap@acme.example,en,GB,sme,50000,30,John Smith
"""
# On 2026-10-31: FA-2026-0101 78 days late, FA-2026-0102 42 days late (450.50 of 800.00 open);
# INV-10023 122 days late. See tests/dunning/world.py for the arithmetic.
INVOICES = """invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,po_number
FA-2026-0101,C1,2026-07-15,2026-08-14,EUR,1200.00,1200.00,
FA-2026-0102,C1,2026-08-20,2026-09-19,EUR,800.00,450.50,
INV-10023,C2,2026-06-01,2026-07-01,GBP,950.00,950.00,
"""
ON = ("--as-of", "2026-10-31")


@pytest.fixture
def dunning(
    arcopilot: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp_server: Mailbox
) -> Invoke:
    for name, text in (("customers.csv", CUSTOMERS), ("invoices.csv", INVOICES), ("rates.yml", RATES_YAML)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("ARCOPILOT_DUNNING_RATES_FILE", str(tmp_path / "rates.yml"))
    monkeypatch.setenv("ARCOPILOT_SMTP_URL", smtp_server.url)
    monkeypatch.setenv("ARCOPILOT_DUNNING_FROM_ADDRESS", "ar@martin.example")
    assert arcopilot("import", "customers", str(tmp_path / "customers.csv")).exit_code == 0
    assert arcopilot("import", "invoices", str(tmp_path / "invoices.csv")).exit_code == 0
    return arcopilot


def test_the_plan_json_contract(dunning: Invoke) -> None:
    result = dunning("dunning", "plan", *ON, "--json")
    assert result.exit_code == 0, result.output
    plan = json_of(result)
    assert plan["as_of"] == "2026-10-31"
    by_customer = {action["customer_id"]: action for action in plan["actions"]}
    c1 = by_customer["C1"]
    assert {
        "customer_id",
        "stage",
        "channel",
        "language",
        "hold",
        "total_overdue",
        "currency",
        "invoices",
    } <= set(c1)
    assert (c1["stage"], c1["channel"], c1["language"], c1["hold"]) == ("reminder_1", "email", "fr", None)
    assert (c1["total_overdue"], c1["currency"]) == ("1650.50", "EUR")
    assert [(i["invoice_number"], i["open_amount"], i["days_overdue"]) for i in c1["invoices"]] == [
        ("FA-2026-0101", "1200.00", 78),
        ("FA-2026-0102", "450.50", 42),
    ]
    assert (c1["late_penalties"], c1["recovery_indemnity"]) == ("37.46", "80.00")
    # INV-10023: 950.00 × (3.75 + 8) % × 122 / 365 = 37.31; fixed sum £40 under £1,000.
    assert (by_customer["C2"]["late_penalties"], by_customer["C2"]["recovery_indemnity"]) == (
        "37.31",
        "40.00",
    )
    table = dunning("dunning", "plan", *ON)
    assert table.exit_code == 0 and "reminder_1" in table.stdout and "Dunning plan" in table.stdout


def test_draft_approve_send_once(dunning: Invoke, smtp_server: Mailbox) -> None:
    result = dunning("dunning", "draft", "Boulangerie Dupont", *ON, "--json")
    assert result.exit_code == 0, result.output
    draft = json_of(result)
    assert {
        "draft_id",
        "customer_id",
        "stage",
        "language",
        "channel",
        "to",
        "subject",
        "body",
        "attachments",
    } <= set(draft)
    assert (draft["customer_id"], draft["stage"], draft["to"], draft["status"]) == (
        "C1",
        "reminder_1",
        "compta@dupont.example",
        "draft",
    )
    assert "| FA-2026-0101 | 15/07/2026 | 14/08/2026 | 1 200,00 € | 1 200,00 € | 78 |" in plain(draft["body"])
    draft_id = str(draft["draft_id"])
    assert (
        json_of(dunning("dunning", "list", "--status", "draft", "--json"))["drafts"][0]["draft_id"]
        == draft["draft_id"]
    )
    approved = dunning("dunning", "approve", draft_id, "--user", "marie", "--json")
    assert approved.exit_code == 0 and json_of(approved)["approved_by"] == "marie"
    sent = dunning("dunning", "send", "--as-of", "2026-11-02", "--json")
    assert sent.exit_code == 0, sent.output
    [outcome] = json_of(sent)["sent"]
    assert (outcome["draft_id"], outcome["status"], outcome["to"]) == (
        draft["draft_id"],
        "sent",
        "compta@dupont.example",
    )
    [message] = smtp_server.messages
    assert message["Subject"] == draft["subject"] and message["Message-ID"] == outcome["message_id"]
    assert json_of(dunning("dunning", "send", "--json"))["sent"] == []
    assert len(smtp_server.messages) == 1
    shown = json_of(dunning("dunning", "show", draft_id, "--json"))
    assert (shown["status"], shown["sent_on"], shown["facts"]["total_open"]) == (
        "sent",
        "2026-11-02",
        "1650.50",
    )
    assert "Relance : 2 factures échues" in dunning("dunning", "show", draft_id).stdout


def test_a_forced_formal_notice_in_english_with_its_letter(dunning: Invoke) -> None:
    result = dunning("dunning", "draft", "C1", "--stage", "formal_notice", "--lang", "en", *ON, "--json")
    assert result.exit_code == 0, result.output
    draft = json_of(result)
    assert (draft["stage"], draft["channel"], draft["language"]) == ("formal_notice", "letter", "en")
    assert "Total claimed (principal, penalties and indemnities): €1,767.96" in draft["body"]
    [pdf] = draft["attachments"]
    assert Path(pdf).read_bytes().startswith(b"%PDF")
    text = dunning("dunning", "draft", "C2", "--stage", "call", *ON)
    assert text.exit_code == 0 and "Talking points:" in text.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("dunning", "draft", "Zebra Trading", *ON), 2, "error: unknown customer 'Zebra Trading'"),
        (("dunning", "draft", "C1", "--stage", "final_warning", *ON), 2, "final_warning"),
        (("dunning", "draft", "C1", "--as-of", "31/10/2026"), 2, "--as-of must be a date like 2026-10-31"),
        (
            ("dunning", "draft", "C2", "--as-of", "2026-06-10"),
            1,
            "error: nothing to chase for Acme Widgets Ltd",
        ),
        (("dunning", "approve", "99", "--user", "marie"), 1, "error: no dunning draft 99"),
        (("dunning", "approve", "1"), 2, "--user"),
        (("dunning", "list", "--status", "lost"), 2, "lost"),
        (("plan", "add", "C1", "--instalment", "2026-11-30:500"), 2, "--instalment takes DATE=AMOUNT"),
        (("plan", "add", "C1", "--instalment", "2026-11-30=abc"), 2, "AMOUNT must be a number"),
    ],
)
def test_errors_are_one_line(dunning: Invoke, args: tuple[str, ...], code: int, message: str) -> None:
    result = dunning(*args)
    assert result.exit_code == code
    assert message in result.stderr
    if code == 1 or message.startswith("error:"):
        assert len(result.stderr.strip().splitlines()) == 1


def test_approving_twice_is_refused(dunning: Invoke) -> None:
    draft_id = str(json_of(dunning("dunning", "draft", "C1", *ON, "--json"))["draft_id"])
    assert dunning("dunning", "approve", draft_id, "--user", "marie").exit_code == 0
    again = dunning("dunning", "approve", draft_id, "--user", "paul")
    assert again.exit_code == 1
    assert again.stderr.strip() == f"error: draft {draft_id} is approved; only a draft can be approved"


def test_payment_plans_hold_the_customer(dunning: Invoke) -> None:
    added = dunning(
        "plan",
        "add",
        "C1",
        "--instalment",
        "2026-11-30=825.25",
        "--instalment",
        "2026-12-31=825,25",
        "--made-on",
        "2026-10-25",
        "--note",
        "agreed by phone",
        "--json",
    )
    assert added.exit_code == 0, added.output
    plan = json_of(added)
    assert (plan["currency"], plan["total"], plan["paid"], plan["status"]) == (
        "EUR",
        "1650.50",
        "0.00",
        "active",
    )
    listed = json_of(dunning("plan", "list", "C1", *ON, "--json"))
    assert [p["plan_id"] for p in listed["plans"]] == [plan["plan_id"]]
    assert [i["due_date"] for i in listed["plans"][0]["instalments"]] == ["2026-11-30", "2026-12-31"]
    actions = {a["customer_id"]: a for a in json_of(dunning("dunning", "plan", *ON, "--json"))["actions"]}
    assert actions["C1"]["hold"] == "payment_plan"  # nothing due under the plan yet
    held = dunning("dunning", "draft", "C1", *ON)
    assert held.exit_code == 1 and "is on hold" in held.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("dunning", "plan"),
        ("dunning", "draft"),
        ("dunning", "approve"),
        ("dunning", "send"),
        ("dunning", "list"),
        ("dunning", "show"),
        ("plan", "add"),
        ("plan", "list"),
    ],
)
def test_every_command_has_examples(dunning: Invoke, command: tuple[str, ...]) -> None:
    result = dunning(*command, "--help")
    assert (
        result.exit_code == 0
        and "Example" in result.stdout
        and "arcopilot " + " ".join(command) in result.stdout
    )
