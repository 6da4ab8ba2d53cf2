"""Fixtures of the API tests: a queue with suggestions, problem assertions and the CLI fixture."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from sqlalchemy import Engine

from tests.cli.conftest import arcopilot as arcopilot
from tests.cli.small_ledger import ledger as ledger
from tests.services.cash_world import queued_suggestion


@pytest.fixture
def queued(engine: Engine) -> int:
    """A queued suggestion: 900.00 paid on C0001's 980.00 invoice FA-1, 80.00 to write off."""
    return queued_suggestion(engine)


def problem(response: httpx2.Response, status: int) -> dict[str, Any]:
    """The RFC 9457 body of ``response``, checked to be a problem of ``status``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body
