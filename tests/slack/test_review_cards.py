"""Review cards: posted once, approved by a reviewer (once, however often clicked), refused to
anyone else, rejected, or edited in a modal and approved as edited through four eyes."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from copilot.db.access_models import SlackCard
from copilot.db.engine import session_factory
from copilot.db.models import AuditEntry, Suggestion
from copilot.services.matching import run_matching
from copilot.settings import Settings
from copilot.slack import ids
from tests.services.cash_world import open_amount, seed_customers, seed_invoice, seed_payment
from tests.services.test_matching import POLICY
from tests.slack.conftest import REVIEW_CHANNEL
from tests.slack.helpers import block_text, button_values, settle
from tests.slack.slack_mock import Call, SlackMock, click, command_body, payload_body, post_signed

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def card(slack: TestClient, slack_api: SlackMock, engine: Engine) -> Call:
    """A queued suggestion (900.00 paid on a 980.00 invoice, 80.00 to write off) posted as a card."""
    seed_customers(engine, 1)
    seed_invoice(engine, "FA-1", "C0001", "980.00")
    seed_payment(engine, "P2", "900.00", "FA-1", payer="CLIENT 0001")
    assert run_matching(engine, POLICY).results[0].suggestion_pk is not None
    assert post_signed(slack, command_body("UVIEWER", "review"), FORM).status_code == 200
    [posted] = slack_api.wait_for("chat.postMessage")
    [said] = slack_api.wait_for("chat.postEphemeral")
    assert said.data["text"] == f"1 suggestions posted for review in <#{REVIEW_CHANNEL}>."
    return posted


def press(client: TestClient, user: str, action_id: str, card: Call, action_ts: str) -> None:
    value = dict(button_values(card.data["blocks"]))[action_id]
    body = click(
        user, action_id, value, channel=card.data["channel"], ts="1700000000.000001", action_ts=action_ts
    )
    assert post_signed(client, body, FORM).status_code == 200


def statuses(engine: Engine) -> list[str]:
    with session_factory(engine)() as session:
        return list(session.scalars(select(Suggestion.status)))


def audit(engine: Engine, action: str) -> list[str]:
    with session_factory(engine)() as session:
        return list(session.scalars(select(AuditEntry.actor).where(AuditEntry.action == action)))


def test_the_card_shows_the_payment_invoices_and_buttons(card: Call, engine: Engine) -> None:
    assert card.data["channel"] == REVIEW_CHANNEL
    text = block_text(card.data["blocks"])
    assert "Payment P2" in text and "900.00 EUR from CLIENT 0001" in text and "Client 0001 SAS" in text
    assert "FA-1" in text and "80.00" in text
    assert [action for action, _ in button_values(card.data["blocks"])] == list(ids.SUGGESTION_ACTIONS)
    with session_factory(engine)() as session:
        [remembered] = session.scalars(select(SlackCard))
    assert (remembered.entity_type, remembered.channel, remembered.ts) == (
        "suggestion",
        REVIEW_CHANNEL,
        "1700000000.000001",
    )


def test_posting_again_posts_nothing_new(card: Call, slack: TestClient, slack_api: SlackMock) -> None:
    post_signed(slack, command_body("UVIEWER", "review"), FORM)
    said = slack_api.wait_for("chat.postEphemeral", 2)[1]
    assert said.data["text"] == "Nothing new waits for review."
    assert len(slack_api.of("chat.postMessage")) == 1


def test_a_reviewer_approves_and_the_card_says_who(
    card: Call, slack: TestClient, slack_api: SlackMock, engine: Engine
) -> None:
    press(slack, "UREVIEWER", ids.APPROVE_SUGGESTION, card, "1.1")
    [updated] = slack_api.wait_for("chat.update")
    assert updated.data["channel"] == REVIEW_CHANNEL and updated.data["ts"] == "1700000000.000001"
    text = block_text(updated.data["blocks"])
    assert "✅ Approved by <@UREVIEWER> (rita) on " in text
    assert button_values(updated.data["blocks"]) == []
    assert statuses(engine) == ["approved"] and open_amount(engine, "FA-1") == Decimal("0.00")
    assert audit(engine, "review.approve") == ["user:rita"]


def test_a_collector_is_refused_and_nothing_changes(
    card: Call, slack: TestClient, slack_api: SlackMock, engine: Engine
) -> None:
    press(slack, "UCOLLECTOR", ids.APPROVE_SUGGESTION, card, "2.1")
    press(slack, "USTRANGER", ids.REJECT_SUGGESTION, card, "2.2")
    refusals = slack_api.wait_for("chat.postEphemeral", 3)[1:]
    assert {call.data["user"] for call in refusals} == {"UCOLLECTOR", "USTRANGER"}
    assert any("You are a collector; this needs a reviewer" in call.data["text"] for call in refusals)
    settle(slack)
    assert slack_api.of("chat.update") == [] and statuses(engine) == ["pending"]
    assert open_amount(engine, "FA-1") == Decimal("980.00") and audit(engine, "review.approve") == []


def test_a_double_click_approves_once(
    card: Call, slack: TestClient, slack_api: SlackMock, engine: Engine
) -> None:
    press(slack, "UREVIEWER", ids.APPROVE_SUGGESTION, card, "3.1")
    press(slack, "UREVIEWER", ids.APPROVE_SUGGESTION, card, "3.2")
    press(slack, "UREVIEWER2", ids.REJECT_SUGGESTION, card, "3.3")
    settle(slack)
    decisions = audit(engine, "review.approve") + audit(engine, "review.reject")
    assert len(decisions) == 1 and len(slack_api.of("chat.update")) == 1
    late = [call.data["text"] for call in slack_api.of("chat.postEphemeral")[1:]]
    assert late == ["This card was already decided; nothing more was done."] * 2


def test_a_reviewer_rejects(card: Call, slack: TestClient, slack_api: SlackMock, engine: Engine) -> None:
    press(slack, "UREVIEWER", ids.REJECT_SUGGESTION, card, "4.1")
    [updated] = slack_api.wait_for("chat.update")
    assert "❌ Rejected by <@UREVIEWER> (rita)" in block_text(updated.data["blocks"])
    assert statuses(engine) == ["rejected"] and audit(engine, "review.reject") == ["user:rita"]


def submission(user: str, view: dict[str, Any], allocations: str, code: str = "") -> str:
    values = {
        ids.ALLOCATIONS_BLOCK: {ids.ALLOCATIONS_INPUT: {"type": "plain_text_input", "value": allocations}},
        ids.DEDUCTION_CODE_BLOCK: {
            ids.DEDUCTION_CODE_INPUT: {"type": "plain_text_input", "value": code or None}
        },
    }
    return payload_body(
        {
            "type": "view_submission",
            "team": {"id": "T1"},
            "user": {"id": user},
            "api_app_id": "A1",
            "view": {**view, "id": "V1", "state": {"values": values}},
        }
    )


def test_edit_opens_a_modal_and_the_edit_is_approved(
    card: Call, slack: TestClient, slack_api: SlackMock, engine: Engine
) -> None:
    press(slack, "UREVIEWER", ids.EDIT_SUGGESTION, card, "5.1")
    [opened] = slack_api.wait_for("views.open")
    assert opened.data["trigger_id"] == "trigger-5.1"
    view = opened.data["view"]
    assert view["callback_id"] == ids.EDIT_SUGGESTION_VIEW
    assert view["blocks"][1]["element"]["initial_value"] == "FA-1 900.00 80.00 OTHER"
    refused = post_signed(slack, submission("UREVIEWER", view, "FA-1 nine hundred"), FORM)
    assert refused.json() == {
        "response_action": "errors",
        "errors": {ids.ALLOCATIONS_BLOCK: "line 1: 'hundred' is not an amount"},
    }
    collector = post_signed(slack, submission("UCOLLECTOR", view, "FA-1 900.00 80.00"), FORM)
    assert "this needs a reviewer" in json.dumps(collector.json())
    accepted = post_signed(slack, submission("UREVIEWER", view, "FA-1 900.00 80.00", "pricing"), FORM)
    assert accepted.status_code == 200 and not accepted.content
    [updated] = slack_api.wait_for("chat.update")
    assert "✅ Approved with edits by <@UREVIEWER> (rita)" in block_text(updated.data["blocks"])
    assert statuses(engine) == ["approved"] and open_amount(engine, "FA-1") == Decimal("0.00")
    with session_factory(engine)() as session:
        [line] = session.scalars(select(Suggestion)).one().lines
    assert (line.amount, line.deduction_amount, line.deduction_code) == (
        Decimal("900.00"),
        Decimal("80.00"),
        "PRICING",
    )


def test_a_large_write_off_waits_for_a_second_reviewer_on_the_card(
    card: Call, slack: TestClient, slack_api: SlackMock, engine: Engine, settings: Settings
) -> None:
    slack.app.state.slack.settings = settings.model_copy(update={"second_approval_above": Decimal("50")})  # type: ignore[attr-defined]
    press(slack, "UREVIEWER", ids.APPROVE_SUGGESTION, card, "6.1")
    [waiting] = slack_api.wait_for("chat.update")
    text = block_text(waiting.data["blocks"])
    assert "⏳ Proposed by <@UREVIEWER> (rita)" in text and "80.00 EUR is above 50" in text
    assert [action for action, _ in button_values(waiting.data["blocks"])] == list(ids.SECOND_ACTIONS)
    assert statuses(engine) == ["pending"] and open_amount(engine, "FA-1") == Decimal("980.00")
    press(slack, "UREVIEWER", ids.CONFIRM_SECOND, waiting, "6.2")
    [refused] = slack_api.wait_for("chat.postEphemeral", 2)[1:]
    assert refused.data["text"] == "You proposed this approval: another reviewer must confirm it."
    press(slack, "UREVIEWER2", ids.CONFIRM_SECOND, waiting, "6.3")
    confirmed = slack_api.wait_for("chat.update", 2)[1]
    assert "✅ Confirmed by <@UREVIEWER2> (rob)" in block_text(confirmed.data["blocks"])
    assert button_values(confirmed.data["blocks"]) == []
    assert statuses(engine) == ["approved"] and open_amount(engine, "FA-1") == Decimal("0.00")
    assert audit(engine, "review.second_approval_confirmed") == ["user:rob"]
