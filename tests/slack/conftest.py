"""The Slack tests: the server with Slack configured against a local mock of Slack's Web API,
a fixed as-of date, and Slack users of each role."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from copilot.access import Role
from copilot.db.engine import transaction
from copilot.services.users import add_user
from copilot.settings import Settings
from tests.cli.conftest import arcopilot as arcopilot
from tests.slack.slack_mock import BOT_TOKEN, SIGNING_SECRET, SlackMock, serve

AS_OF = date(2026, 10, 31)
REVIEW_CHANNEL = "CREVIEW"
SLACK_USERS = {
    "UVIEWER": ("vera", Role.VIEWER),
    "UCOLLECTOR": ("colin", Role.COLLECTOR),
    "UREVIEWER": ("rita", Role.REVIEWER),
    "UREVIEWER2": ("rob", Role.REVIEWER),
}


@pytest.fixture
def slack_api() -> Iterator[SlackMock]:
    """Slack's Web API on a free local port, recording every call."""
    mock = SlackMock()
    server = serve(mock)
    yield mock
    server.shutdown()
    server.server_close()


@pytest.fixture
def settings(db_url: str, tmp_path: Path, slack_api: SlackMock) -> Settings:
    """The test settings with the Slack app configured against the mock."""
    return Settings(
        database_url=db_url,
        data_dir=tmp_path / "data",
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack_api.api_url,
        slack_review_channel=REVIEW_CHANNEL,
    )


@pytest.fixture
def slack_users(engine: Engine) -> dict[str, str]:
    """Users mapped to Slack ids (viewer, collector, two reviewers): Slack id → name."""
    with transaction(engine) as session:
        for slack_id, (name, role) in SLACK_USERS.items():
            add_user(session, name=name, role=role, actor="test", slack_user_id=slack_id)
    return {slack_id: name for slack_id, (name, _) in SLACK_USERS.items()}


@pytest.fixture
def slack(client: TestClient, slack_users: dict[str, str]) -> TestClient:
    """The server, answering as of 2026-10-31, with the Slack users in place."""
    client.app.state.slack.today = lambda: AS_OF  # type: ignore[attr-defined]
    return client
