"""What every listener needs: the settings, the engine, today's date, and who a Slack user is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from copilot.access import Permission, Role, allows
from copilot.clock import local_today
from copilot.db.engine import session_factory
from copilot.services.users import Identity, identity_of, user_for_slack
from copilot.settings import Settings

CHANNEL = "slack"


@dataclass
class SlackContext:
    """The server's settings and engine as the Slack listeners see them."""

    settings: Settings
    engine: Engine
    today: Callable[[], date] = field(default=local_today)

    def identity(self, slack_user_id: str | None) -> Identity | None:
        """The active user mapped to ``slack_user_id`` (``arcopilot users add --slack-id``)."""
        if not slack_user_id:
            return None
        with session_factory(self.engine)() as session:
            user = user_for_slack(session, slack_user_id)
            return identity_of(user) if user is not None else None


def refusal(identity: Identity | None, slack_user_id: str, permission: Permission) -> str | None:
    """Why ``identity`` may not do what needs ``permission``; ``None`` when it may."""
    if identity is None:
        return (
            f"I don't know you yet: an admin can add you with "
            f"`arcopilot users add --slack-id {slack_user_id} --role viewer`."
        )
    if not allows(identity.role, permission):
        return f"You are a {identity.role.label}; this needs a {Role(permission).label} or above."
    return None


def thread_key(channel: str, thread_ts: str) -> str:
    """The conversation id of a Slack thread (thread timestamps are unique per channel only)."""
    return f"{channel}:{thread_ts}"
