"""``arcopilot demo --serve``: a reviewer to log in with, then the server on the demo data."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from copilot.access import Role
from copilot.db.access_models import User
from copilot.db.engine import make_engine, transaction
from copilot.services.users import add_user
from copilot.settings import Settings

DEMO_REVIEWER = "demo-reviewer"


@dataclass(frozen=True)
class DemoLogin:
    """Who to log in as; ``password`` is ``None`` when the user already existed (kept unchanged)."""

    name: str
    password: str | None
    url: str


def demo_login(settings: Settings, *, as_of: date, port: int, actor: str) -> DemoLogin:
    """Create the demo reviewer with a fresh random password unless it exists; the review
    queue's URL opens on the demo's date."""
    engine = make_engine(settings.resolved_database_url())
    try:
        with transaction(engine) as session:
            exists = session.scalar(select(User.id).where(User.name == DEMO_REVIEWER)) is not None
            password = None if exists else secrets.token_urlsafe(12)
            if password is not None:
                add_user(session, name=DEMO_REVIEWER, role=Role.REVIEWER, actor=actor, password=password)
    finally:
        engine.dispose()
    return DemoLogin(DEMO_REVIEWER, password, f"http://127.0.0.1:{port}/review?as_of={as_of.isoformat()}")
