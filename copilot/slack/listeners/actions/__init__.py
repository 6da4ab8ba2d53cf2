"""Buttons on review and reminder cards."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from copilot.slack import ids
from copilot.slack.context import SlackContext
from copilot.slack.decisions import on_draft_click, on_suggestion_click
from copilot.slack.second_approvals import on_second_click


def acknowledge(ack: Ack) -> None:
    """Slack hears at once that the click arrived; the decision runs afterwards."""
    ack()


def register(app: App, context: SlackContext) -> None:
    """Listen to Approve / Reject / Edit on suggestions, Confirm / Decline on waiting approvals and
    Approve / Edit / Send on reminders."""

    def suggestion_clicked(body: dict[str, Any], client: WebClient) -> None:
        on_suggestion_click(client, context, body)

    def draft_clicked(body: dict[str, Any], client: WebClient) -> None:
        on_draft_click(client, context, body)

    def second_clicked(body: dict[str, Any], client: WebClient) -> None:
        on_second_click(client, context, body)

    for action_id in ids.SUGGESTION_ACTIONS:
        app.action(action_id)(ack=acknowledge, lazy=[suggestion_clicked])
    for action_id in ids.DRAFT_ACTIONS:
        app.action(action_id)(ack=acknowledge, lazy=[draft_clicked])
    for action_id in ids.SECOND_ACTIONS:
        app.action(action_id)(ack=acknowledge, lazy=[second_clicked])
