"""Events: mentions and direct messages go to the agent; shared files are read and matched."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from copilot.access import Permission
from copilot.slack.answers import answer_in_thread
from copilot.slack.context import SlackContext, refusal, thread_key
from copilot.slack.files import ingest_shared_file
from copilot.slack.posting import refuse

ANSWERED_SUBTYPES = (None, "file_share")


def acknowledge(ack: Ack) -> None:
    """Tell Slack at once that the event arrived; the work runs afterwards."""
    ack()


def register(app: App, context: SlackContext) -> None:
    """Listen to ``app_mention``, ``message`` (direct messages and shared files) and ``file_shared``."""

    def ask_from(client: WebClient, event: dict[str, Any], thread_ts: str | None, conversation: str) -> None:
        user, channel = str(event.get("user") or ""), str(event["channel"])
        identity = context.identity(user)
        refused = refusal(identity, user, Permission.READ)
        if refused is not None or identity is None:
            refuse(client, channel, user, refused or "", thread_ts=thread_ts)
            return
        answer_in_thread(
            client, context, identity, str(event.get("text") or ""), channel, thread_ts, conversation
        )

    def on_mention(event: dict[str, Any], client: WebClient) -> None:
        channel, thread_ts = str(event["channel"]), str(event.get("thread_ts") or event["ts"])
        ask_from(client, event, thread_ts, thread_key(channel, thread_ts))

    def on_message(event: dict[str, Any], client: WebClient) -> None:
        if event.get("bot_id") or event.get("subtype") not in ANSWERED_SUBTYPES:
            return
        channel, thread_ts = str(event["channel"]), event.get("thread_ts")
        files = event.get("files") or []
        for file in files:
            ingest_shared_file(
                client,
                context,
                file_id=str(file["id"]),
                user_id=str(event.get("user") or ""),
                channel=channel,
                thread_ts=str(thread_ts or event["ts"]),
            )
        if not files and event.get("channel_type") == "im":
            ask_from(client, event, thread_ts, thread_key(channel, str(thread_ts or "direct")))

    def on_file_shared(event: dict[str, Any], client: WebClient) -> None:
        ingest_shared_file(
            client,
            context,
            file_id=str(event["file_id"]),
            user_id=str(event.get("user_id") or ""),
            channel=str(event["channel_id"]),
            thread_ts=None,
        )

    app.event("app_mention")(ack=acknowledge, lazy=[on_mention])
    app.event("message")(ack=acknowledge, lazy=[on_message])
    app.event("file_shared")(ack=acknowledge, lazy=[on_file_shared])
