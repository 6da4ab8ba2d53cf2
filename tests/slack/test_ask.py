"""Mentions and direct messages go to the agent; the Slack thread is the conversation."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from copilot.db.engine import session_factory
from copilot.db.models import AuditEntry
from tests.cli.conftest import Invoke
from tests.cli.small_ledger import ledger as ledger
from tests.slack.helpers import block_text, settle
from tests.slack.slack_mock import SlackMock, event_body, post_signed

JSON = "application/json"


def mention(
    user: str, text: str, ts: str, *, thread_ts: str | None = None, channel: str = "CGENERAL"
) -> dict[str, object]:
    event: dict[str, object] = {
        "type": "app_mention",
        "user": user,
        "text": f"<@UBOT> {text}",
        "channel": channel,
        "ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


@pytest.fixture
def asked(ledger: Invoke, slack: TestClient) -> TestClient:
    """The server over the small ledger."""
    return slack


def test_english_mention_is_answered_in_its_thread_with_a_table_and_the_tools(
    asked: TestClient, slack_api: SlackMock, engine: Engine
) -> None:
    started = time.monotonic()
    response = post_signed(
        asked, event_body(mention("UVIEWER", "which clients are over 60 days?", "100.1"), "Ev1"), JSON
    )
    assert (
        response.status_code == 200 and time.monotonic() - started < 3
    )  # acknowledged before the agent runs
    [posted] = slack_api.wait_for("chat.postMessage")
    assert posted.data["channel"] == "CGENERAL" and posted.data["thread_ts"] == "100.1"
    sentence, numbers, tools = posted.data["blocks"]
    assert "€800.00" in block_text([sentence]) and "Boulangerie Dupont SAS" in block_text([sentence])
    assert numbers["type"] == "section" and "Dupont Frères SARL" in block_text([numbers])
    assert tools["type"] == "context" and "overdue_customers(min_days_late=61)" in block_text([tools])
    assert posted.headers["Authorization"] == "Bearer xoxb-test-bot-token"
    with session_factory(engine)() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "slack.ask"))
    assert entry.actor == "user:vera" and entry.entity_id == "CGENERAL:100.1"


def test_french_follow_up_in_the_thread_keeps_the_question(asked: TestClient, slack_api: SlackMock) -> None:
    post_signed(
        asked,
        event_body(mention("UVIEWER", "quelles sont les factures ouvertes d'Acme Widgets ?", "200.1"), "Ev2"),
        JSON,
    )
    [first] = slack_api.wait_for("chat.postMessage")
    assert "1 000,00 €" in block_text(first.data["blocks"])
    post_signed(
        asked,
        event_body(mention("UVIEWER", "et pour Dupont Frères ?", "200.2", thread_ts="200.1"), "Ev3"),
        JSON,
    )
    follow_up = slack_api.wait_for("chat.postMessage", 2)[1]
    assert follow_up.data["thread_ts"] == "200.1"
    text = block_text(follow_up.data["blocks"])
    assert "300,00 €" in text and "customer_open_items" in text


def test_english_follow_up_and_a_chart_uploaded_in_the_thread(
    asked: TestClient, slack_api: SlackMock
) -> None:
    post_signed(asked, event_body(mention("UCOLLECTOR", "Show me the aging report", "300.1"), "Ev4"), JSON)
    [answer] = slack_api.wait_for("chat.postMessage")
    assert "aging_report" in block_text(answer.data["blocks"])
    [upload_url] = slack_api.wait_for("files.getUploadURLExternal")
    assert upload_url.data["filename"] == "aging.png"
    [upload] = slack_api.wait_for("upload")
    assert upload.body.startswith(b"\x89PNG")
    [completed] = slack_api.wait_for("files.completeUploadExternal")
    assert completed.data["channel_id"] == "CGENERAL" and completed.data["thread_ts"] == "300.1"
    post_signed(
        asked,
        event_body(mention("UCOLLECTOR", "and for Acme Widgets?", "300.2", thread_ts="300.1"), "Ev5"),
        JSON,
    )
    follow_up = slack_api.wait_for("chat.postMessage", 2)[1]
    assert "Acme Widgets" in block_text(follow_up.data["blocks"])


def test_a_direct_message_is_answered(asked: TestClient, slack_api: SlackMock) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "UVIEWER",
        "text": "which clients are over 60 days?",
        "channel": "D1",
        "ts": "400.1",
    }
    post_signed(asked, event_body(event, "Ev6"), JSON)
    [posted] = slack_api.wait_for("chat.postMessage")
    assert posted.data["channel"] == "D1" and "€800.00" in block_text(posted.data["blocks"])


def test_an_unknown_slack_user_is_told_how_to_get_access(asked: TestClient, slack_api: SlackMock) -> None:
    post_signed(
        asked, event_body(mention("USTRANGER", "which clients are over 60 days?", "500.1"), "Ev7"), JSON
    )
    [refused] = slack_api.wait_for("chat.postEphemeral")
    assert refused.data["user"] == "USTRANGER" and "--slack-id USTRANGER" in refused.data["text"]
    settle(asked)
    assert slack_api.of("chat.postMessage") == []


def test_a_retried_event_is_answered_once(asked: TestClient, slack_api: SlackMock) -> None:
    body = event_body(mention("UVIEWER", "which clients are over 60 days?", "600.1"), "EvRetry")
    assert post_signed(asked, body, JSON).status_code == 200
    retry = post_signed(
        asked, body, JSON, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    assert retry.status_code == 200
    settle(asked)
    assert len(slack_api.of("chat.postMessage")) == 1
