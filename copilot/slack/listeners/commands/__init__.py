"""``/ar``: help, usage errors and refusals are the immediate answer; the work runs lazily."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from copilot.slack import ids
from copilot.slack.blocks import help_blocks, notice_blocks
from copilot.slack.commands import immediate_reply, parse_command, run_command
from copilot.slack.context import SlackContext


def register(app: App, context: SlackContext) -> None:
    """Listen to the ``/ar`` slash command."""

    def acknowledge(ack: Ack, command: dict[str, Any]) -> None:
        reply = immediate_reply(context, command)
        if reply is not None:
            ack(text=reply, blocks=notice_blocks(reply), response_type="ephemeral")
        elif parse_command(str(command.get("text") or "")).name == "help":
            ack(blocks=help_blocks(), text="AR Copilot: /ar help")
        else:
            ack()

    def work(command: dict[str, Any], client: WebClient) -> None:
        if immediate_reply(context, command) is not None:
            return
        identity = context.identity(str(command["user_id"]))
        if identity is not None:
            run_command(client, context, identity, command)

    app.command(ids.COMMAND)(ack=acknowledge, lazy=[work])
