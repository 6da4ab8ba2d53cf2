"""Roles and what each may do; every channel (API, web, Slack) asks here.

Roles are ordered: a collector can do what a viewer does, a reviewer what a collector does,
an admin everything.
"""

from __future__ import annotations

from enum import IntEnum


class Role(IntEnum):
    """A user's role; a higher role includes every lower one."""

    VIEWER = 1
    COLLECTOR = 2
    REVIEWER = 3
    ADMIN = 4

    @property
    def label(self) -> str:
        """The role's name as stored and typed (``reviewer``)."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Role:
        """``reviewer`` → :attr:`REVIEWER`; a clear error naming the roles otherwise."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown role {text!r}: choose one of {', '.join(ROLE_NAMES)}") from None


ROLE_NAMES = tuple(role.label for role in Role)


class Permission(IntEnum):
    """What an action needs, as the least role allowed to do it."""

    READ = Role.VIEWER  # ledger, KPIs, the queue, asking the copilot
    COLLECT = Role.COLLECTOR  # notes, promises, dunning drafts, uploads
    APPROVE = Role.REVIEWER  # approving money: matches, write-offs, reminders to send
    ADMINISTER = Role.ADMIN  # users and tokens


def allows(role: Role, permission: Permission) -> bool:
    """Whether ``role`` may do what ``permission`` guards."""
    return int(role) >= int(permission)
