"""Only requests signed with the app's secret, within five minutes, reach the listeners."""

from __future__ import annotations

import json
import time

from fastapi.testclient import TestClient

from tests.slack.slack_mock import SlackMock, command_body, post_signed, signature

FORM = "application/x-www-form-urlencoded"


def test_url_verification_answers_the_challenge(slack: TestClient) -> None:
    body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aB", "type": "url_verification"})
    response = post_signed(slack, body, "application/json")
    assert response.status_code == 200 and response.json() == {"challenge": "3eZbrw1aB"}


def test_forged_expired_and_unsigned_requests_are_refused(slack: TestClient, slack_api: SlackMock) -> None:
    body = command_body("UREVIEWER", "help")
    forged = post_signed(slack, body, FORM, secret="not-the-secret")
    expired = post_signed(slack, body, FORM, timestamp=int(time.time()) - 6 * 60)
    unsigned = slack.post("/slack/events", content=body.encode(), headers={"Content-Type": FORM})
    stamp = str(int(time.time()))
    tampered = slack.post(
        "/slack/events",
        content=command_body("UREVIEWER", "review").encode(),
        headers={
            "Content-Type": FORM,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature(body, stamp),
        },
    )
    assert [r.status_code for r in (forged, expired, unsigned, tampered)] == [401, 401, 401, 401]
    assert post_signed(slack, body, FORM).status_code == 200
    assert slack_api.of("chat.postMessage") == []
