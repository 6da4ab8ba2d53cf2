"""``/ar``: help and usage errors answered at once, the work posted when done."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from copilot.db.copilot_models import PaymentPromise
from copilot.db.engine import session_factory
from copilot.db.models import AuditEntry
from tests.cli.conftest import Invoke
from tests.cli.small_ledger import ledger as ledger
from tests.slack.helpers import block_text, settle
from tests.slack.slack_mock import SlackMock, command_body, post_signed

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def ar(ledger: Invoke, slack: TestClient) -> TestClient:
    return slack


def command(client: TestClient, user: str, text: str) -> dict[str, object]:
    response = post_signed(client, command_body(user, text), FORM)
    assert response.status_code == 200
    return response.json() if response.content else {}


def test_help_lists_every_subcommand(ar: TestClient, slack_api: SlackMock) -> None:
    for text in ("", "help"):
        reply = command(ar, "UVIEWER", text)
        listed = block_text(reply["blocks"])  # type: ignore[arg-type]
        for usage in ("/ar ask QUESTION", "/ar aging", "/ar customer NAME", "/ar review", "/ar dunning"):
            assert usage in listed
        assert "/ar promise CUSTOMER AMOUNT [CURRENCY] DATE" in listed
    settle(ar)
    assert slack_api.effects() == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("frobnicate", "unknown subcommand 'frobnicate'; /ar help lists them"),
        ("ask", "/ar ask needs a question"),
        ("customer", "/ar customer needs a customer id or name"),
        ("aging now", "/ar aging takes nothing after it, got 'now'"),
        ("promise Acme 1200", "usage: /ar promise CUSTOMER AMOUNT [CURRENCY] DATE"),
        ("promise Acme douze 2026-12-15", "'douze' is not an amount"),
        ("promise Acme -5 2026-12-15", "the promised amount must be positive, got -5"),
        ("promise Acme 1200 15/12/2026", "'15/12/2026' is not a date; write it like 2026-12-15"),
    ],
)
def test_usage_errors_say_what_is_wrong(
    ar: TestClient, slack_api: SlackMock, text: str, message: str
) -> None:
    assert message in str(command(ar, "UCOLLECTOR", text)["text"])
    settle(ar)
    assert slack_api.effects() == []


def test_roles_are_checked_before_any_work(ar: TestClient, slack_api: SlackMock) -> None:
    assert "--slack-id USTRANGER" in str(command(ar, "USTRANGER", "aging")["text"])
    assert "You are a viewer; this needs a collector" in str(
        command(ar, "UVIEWER", "promise Acme 10 2026-12-15")["text"]
    )
    settle(ar)
    assert slack_api.effects() == []


def test_ask_posts_the_question_and_answers_in_its_thread(ar: TestClient, slack_api: SlackMock) -> None:
    assert command(ar, "UVIEWER", "ask which clients are over 60 days?") == {}
    question, answer = slack_api.wait_for("chat.postMessage", 2)
    assert "<@UVIEWER> asked: which clients are over 60 days?" in block_text(question.data["blocks"])
    assert answer.data["thread_ts"] == "1700000000.000001"
    assert "€800.00" in block_text(answer.data["blocks"])


def test_aging_posts_the_table_and_a_chart(ar: TestClient, slack_api: SlackMock) -> None:
    command(ar, "UVIEWER", "aging")
    [posted] = slack_api.wait_for("chat.postMessage")
    text = block_text(posted.data["blocks"])
    assert "*Aged balance*: 3800.00 EUR" in text and "kpi aging as of 2026-10-31" in text
    [completed] = slack_api.wait_for("files.completeUploadExternal")
    assert completed.data["channel_id"] == "CGENERAL"
    assert slack_api.of("upload")[0].body.startswith(b"\x89PNG")


def test_customer_shows_open_items_or_says_who_is_meant(ar: TestClient, slack_api: SlackMock) -> None:
    command(ar, "UVIEWER", "customer Acme Widgets")
    [posted] = slack_api.wait_for("chat.postMessage")
    text = block_text(posted.data["blocks"])
    assert "Open items of Acme Widgets" in text and "FA-3" in text and "FA-4" not in text
    command(ar, "UVIEWER", "customer Dupont")
    [refused] = slack_api.wait_for("chat.postEphemeral")
    assert "Dupont" in refused.data["text"] and refused.data["user"] == "UVIEWER"


def test_promise_is_recorded_and_audited(ar: TestClient, slack_api: SlackMock, engine: Engine) -> None:
    command(ar, "UCOLLECTOR", "promise Acme Widgets 1200.50 eur 2026-12-15")
    [posted] = slack_api.wait_for("chat.postMessage")
    assert "Acme Widgets Ltd will pay 1200.50 EUR by 2026-12-15" in block_text(posted.data["blocks"])
    with session_factory(engine)() as session:
        [promise] = session.scalars(select(PaymentPromise))
        audit = session.scalars(select(AuditEntry.actor).where(AuditEntry.action == "promise_added")).one()
    assert (promise.amount, promise.made_on.isoformat(), promise.created_by) == (
        Decimal("1200.50"),
        "2026-10-31",
        "user:colin",
    )
    assert audit == "user:colin"
    command(ar, "UCOLLECTOR", "promise Acme Widgets 10 2026-12-01")
    [refused] = slack_api.wait_for("chat.postEphemeral")
    assert refused.data["text"] == (
        "Promise not recorded: Acme Widgets Ltd owes in EUR and USD: say which currency is promised"
    )


def test_review_with_an_empty_queue_says_so(ar: TestClient, slack_api: SlackMock) -> None:
    command(ar, "UVIEWER", "review")
    [said] = slack_api.wait_for("chat.postEphemeral")
    assert said.data["text"] == "Nothing new waits for review."
