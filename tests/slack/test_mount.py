"""Slack is mounted only when configured: HTTP with a signing secret, Socket Mode with an app token."""

from __future__ import annotations

from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine

from copilot.server.app import create_app
from copilot.settings import Settings
from tests.slack.slack_mock import SlackMock, event_body, post_signed

MENTION = {"type": "app_mention", "user": "U1", "text": "hi", "channel": "C1", "ts": "1.1"}


def test_without_slack_settings_there_is_no_slack(settings: Settings, engine: Engine) -> None:
    bare = settings.model_copy(update={"slack_signing_secret": None, "slack_bot_token": None})
    with TestClient(create_app(bare, engine)) as client:
        assert post_signed(client, event_body(MENTION, "Ev0"), "application/json").status_code == 404
        assert not hasattr(client.app.state, "slack")  # type: ignore[attr-defined]


def test_an_app_token_opens_socket_mode_for_the_servers_lifetime(
    settings: Settings, engine: Engine, slack_api: SlackMock
) -> None:
    socket_mode = settings.model_copy(
        update={"slack_signing_secret": None, "slack_app_token": SecretStr("xapp-1-test")}
    )
    with TestClient(create_app(socket_mode, engine)) as client:
        [opened, *_] = slack_api.wait_for("apps.connections.open")
        assert opened.headers["Authorization"] == "Bearer xapp-1-test"
        assert client.get("/healthz").status_code == 200
        assert post_signed(client, event_body(MENTION, "Ev1"), "application/json").status_code == 404
