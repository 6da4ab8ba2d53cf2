"""The server in tests: the FastAPI app on the test database, and users of every role.

``client`` is a Starlette ``TestClient`` on ``create_app``; ``people`` holds one user per
role with an API token each (``people.headers("reviewer")``), plus web passwords.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from copilot.access import Role
from copilot.db.engine import transaction
from copilot.server.app import create_app
from copilot.services.users import add_user, issue_token
from copilot.settings import Settings

PASSWORD = "correct horse battery"


@dataclass
class People:
    """One user per role (named after it), their API tokens and web password."""

    tokens: dict[str, str] = field(default_factory=dict)
    password: str = PASSWORD

    def headers(self, role: str) -> dict[str, str]:
        """``Authorization`` headers acting as the user of ``role``."""
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture
def people(engine: Engine) -> People:
    """``viewer``, ``collector``, ``reviewer``, ``reviewer2`` and ``admin``, each with a token."""
    found = People()
    with transaction(engine) as session:
        for name, role in [
            ("viewer", Role.VIEWER),
            ("collector", Role.COLLECTOR),
            ("reviewer", Role.REVIEWER),
            ("reviewer2", Role.REVIEWER),
            ("admin", Role.ADMIN),
        ]:
            user = add_user(session, name=name, role=role, actor="test", password=PASSWORD)
            found.tokens[name] = issue_token(session, user, label="tests", actor="test")
    return found


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """The whole server (API, web UI, Slack) on the test database."""
    with TestClient(create_app(settings, engine)) as test_client:
        yield test_client
