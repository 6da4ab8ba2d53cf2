"""``arcopilot demo --serve``: the reviewer it creates and the URL it prints."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from copilot.access import Role
from copilot.db.engine import transaction
from copilot.services.users import authenticate
from copilot.settings import Settings
from copilot.web.demo_serving import DEMO_REVIEWER, demo_login


def test_the_demo_reviewer_is_created_once_with_a_password_that_logs_in(
    settings: Settings, engine: Engine
) -> None:
    first = demo_login(settings, as_of=date(2026, 10, 31), port=8123, actor="demo")
    assert first.url == "http://127.0.0.1:8123/review?as_of=2026-10-31"
    assert first.name == DEMO_REVIEWER and first.password
    with transaction(engine) as session:
        user = authenticate(session, DEMO_REVIEWER, first.password)
        assert user is not None and Role.parse(user.role) is Role.REVIEWER
    again = demo_login(settings, as_of=date(2026, 10, 31), port=8123, actor="demo")
    assert again.password is None
    with transaction(engine) as session:
        assert authenticate(session, DEMO_REVIEWER, first.password) is not None
