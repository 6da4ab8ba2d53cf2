"""The slack-bolt app: built from the settings, with every listener registered.

Slack retries an event it did not hear acknowledged (``X-Slack-Retry-Num``) with the same
``event_id``: the first delivery claims it and every retry is answered 200 without work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from copilot.services.once import claim_once
from copilot.slack.context import SlackContext
from copilot.slack.listeners import actions, commands, events, views

log = logging.getLogger("copilot.slack")


class SlackSetupError(ValueError):
    """The settings do not describe a Slack app that can run."""


def web_client(context: SlackContext) -> WebClient:
    """The Web API client with the bot token, at ``ARCOPILOT_SLACK_API_URL`` when set."""
    token = context.settings.slack_bot_token
    if token is None:
        raise SlackSetupError("Slack needs the bot token: set SLACK_BOT_TOKEN (xoxb-…)")
    url = context.settings.slack_api_url
    if url:
        return WebClient(token=token.get_secret_value(), base_url=url.rstrip("/") + "/")
    return WebClient(token=token.get_secret_value())


def register_listeners(app: App, context: SlackContext) -> None:
    """Events, the ``/ar`` command, card buttons and modal submissions, behind the retry guard."""

    def once_per_event(body: dict[str, Any], next_: Callable[[], None]) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not claim_once(context.engine, "slack_event", str(event_id)):
            log.info("slack event %s already handled; retry acknowledged", event_id)
            return BoltResponse(status=200, body="")
        next_()
        return None

    app.use(once_per_event)
    events.register(app, context)
    commands.register(app, context)
    actions.register(app, context)
    views.register(app, context)


def build_app(context: SlackContext) -> App:
    """The bolt app of ``context.settings``; the bot token is checked on the first request."""
    secret = context.settings.slack_signing_secret
    app = App(
        token=None,
        client=web_client(context),
        signing_secret=secret.get_secret_value() if secret else "",
        token_verification_enabled=False,
        logger=log,
    )
    register_listeners(app, context)
    return app
