"""Reminder drafts as cards: a collector edits, a reviewer approves and sends, once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from copilot.db.engine import session_factory, transaction
from copilot.db.models import AuditEntry
from copilot.dunning.drafting import create_draft
from copilot.settings import Settings
from copilot.slack import ids
from tests.cli.conftest import Invoke
from tests.cli.test_dunning_cli import CUSTOMERS, INVOICES
from tests.dunning.smtp_server import Mailbox
from tests.dunning.smtp_server import smtp_server as smtp_server
from tests.dunning.world import RATES_YAML
from tests.slack.conftest import AS_OF
from tests.slack.helpers import block_text, button_values, settle
from tests.slack.slack_mock import (
    BOT_TOKEN,
    SIGNING_SECRET,
    Call,
    SlackMock,
    click,
    command_body,
    payload_body,
    post_signed,
)

FORM = "application/x-www-form-urlencoded"
CARD_TS = "1700000000.000001"


@pytest.fixture
def settings(db_url: str, tmp_path: Path, slack_api: SlackMock, smtp_server: Mailbox) -> Settings:
    (tmp_path / "rates.yml").write_text(RATES_YAML, encoding="utf-8")
    return Settings(
        database_url=db_url,
        data_dir=tmp_path / "data",
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack_api.api_url,
        dunning_rates_file=tmp_path / "rates.yml",
        smtp_url=smtp_server.url,
        dunning_from_address="ar@martin.example",
    )


@pytest.fixture
def card(
    arcopilot: Invoke,
    tmp_path: Path,
    slack: TestClient,
    slack_api: SlackMock,
    settings: Settings,
    engine: Engine,
) -> Call:
    """The reminder drafted for Boulangerie Dupont, posted by ``/ar dunning``."""
    for name, text in (("customers.csv", CUSTOMERS), ("invoices.csv", INVOICES)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert arcopilot("import", name.removesuffix(".csv"), str(tmp_path / name)).exit_code == 0
    with transaction(engine) as session:
        create_draft(session, settings, "C1", as_of=AS_OF, actor="test")
    assert post_signed(slack, command_body("UCOLLECTOR", "dunning"), FORM).status_code == 200
    [posted] = slack_api.wait_for("chat.postMessage")
    [said] = slack_api.wait_for("chat.postEphemeral")
    assert said.data["text"].startswith("1 reminder drafts posted; ")
    return posted


def press(
    client: TestClient, user: str, action_id: str, blocks: list[dict[str, Any]], action_ts: str
) -> None:
    value = dict(button_values(blocks))[action_id]
    body = click(user, action_id, value, channel="CGENERAL", ts=CARD_TS, action_ts=action_ts)
    assert post_signed(client, body, FORM).status_code == 200


def actions(engine: Engine) -> list[tuple[str, str]]:
    with session_factory(engine)() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.actor)
            .where(AuditEntry.entity_type == "dunning_draft")
            .order_by(AuditEntry.id)
        )
        return [(action, actor) for action, actor in rows]


def test_edit_approve_and_send_once(
    card: Call, slack: TestClient, slack_api: SlackMock, engine: Engine, smtp_server: Mailbox
) -> None:
    assert "Reminder 1* to *Boulangerie Dupont SAS* (C1)" in block_text(card.data["blocks"])
    assert [action for action, _ in button_values(card.data["blocks"])] == [ids.APPROVE_DRAFT, ids.EDIT_DRAFT]
    press(slack, "UCOLLECTOR", ids.APPROVE_DRAFT, card.data["blocks"], "1.1")
    [refused] = slack_api.wait_for("chat.postEphemeral", 2)[1:]
    assert "You are a collector; this needs a reviewer" in refused.data["text"]

    press(slack, "UCOLLECTOR", ids.EDIT_DRAFT, card.data["blocks"], "1.2")
    [opened] = slack_api.wait_for("views.open")
    view = opened.data["view"]
    values = {
        ids.SUBJECT_BLOCK: {
            ids.SUBJECT_INPUT: {"type": "plain_text_input", "value": "Relance : merci de régler"}
        },
        ids.BODY_BLOCK: {
            ids.BODY_INPUT: {"type": "plain_text_input", "value": "Bonjour,\n\nMerci de régler FA-2026-0101."}
        },
    }
    submitted = payload_body(
        {
            "type": "view_submission",
            "team": {"id": "T1"},
            "user": {"id": "UCOLLECTOR"},
            "view": {**view, "id": "V2", "state": {"values": values}},
        }
    )
    assert post_signed(slack, submitted, FORM).status_code == 200
    [edited] = slack_api.wait_for("chat.update")
    assert "Relance : merci de régler" in block_text(
        edited.data["blocks"]
    ) and "Edited by <@UCOLLECTOR> (colin)" in block_text(edited.data["blocks"])

    press(slack, "UREVIEWER", ids.APPROVE_DRAFT, edited.data["blocks"], "1.3")
    approved = slack_api.wait_for("chat.update", 2)[1]
    assert "Approved by <@UREVIEWER> (rita)" in block_text(approved.data["blocks"])
    assert [action for action, _ in button_values(approved.data["blocks"])] == [ids.SEND_DRAFT]

    press(slack, "UREVIEWER", ids.SEND_DRAFT, approved.data["blocks"], "1.4")
    press(slack, "UREVIEWER", ids.SEND_DRAFT, approved.data["blocks"], "1.5")
    settle(slack)
    sent = slack_api.of("chat.update")[2]
    assert "Sent by <@UREVIEWER> (rita)" in block_text(sent.data["blocks"])
    assert button_values(sent.data["blocks"]) == [] and len(slack_api.of("chat.update")) == 3
    [message] = smtp_server.messages
    assert message["Subject"] == "Relance : merci de régler" and message["To"] == "compta@dupont.example"
    assert actions(engine) == [
        ("dunning_draft_created", "test"),
        ("dunning_draft_edited", "user:colin"),
        ("dunning_draft_approved", "user:rita"),
        ("dunning_draft_sent", "user:rita"),
    ]
