"""Users, their roles, passwords (web log-in) and API tokens (scripts).

Passwords are stored as scrypt hashes with a random salt; API tokens are random and only
their SHA-256 is kept, so the database never holds a usable secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.access import Role
from copilot.db.access_models import ApiToken, User
from copilot.db.types import utc_now
from copilot.services.audit import record_action

TOKEN_PREFIX = "arc_"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class UserError(ValueError):
    """A user cannot be added, found or authenticated; the message says why."""


@dataclass(frozen=True)
class Identity:
    """Who is acting, as every channel passes it to the services."""

    user_pk: int
    name: str
    role: Role

    @property
    def actor(self) -> str:
        """The name written in the audit log."""
        return f"user:{self.name}"


def identity_of(user: User) -> Identity:
    """The :class:`Identity` of a stored user."""
    return Identity(user.id, user.name, Role.parse(user.role))


def user_view(user: User) -> dict[str, object]:
    """A user as ``users list --json`` and the API show it (never a password or token)."""
    return {
        "name": user.name,
        "role": user.role,
        "slack_user_id": user.slack_user_id,
        "email": user.email,
        "language": user.language,
        "web_login": user.password_hash is not None,
    }


def hash_password(password: str) -> str:
    """``scrypt$<salt hex>$<hash hex>`` for ``password``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(stored: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (constant-time compare)."""
    if not stored or stored.count("$") != 2:
        return False
    scheme, salt, expected = stored.split("$")
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), expected)


def add_user(
    session: Session,
    *,
    name: str,
    role: Role,
    actor: str,
    slack_user_id: str | None = None,
    email: str | None = None,
    language: str | None = None,
    password: str | None = None,
) -> User:
    """Create a user, or update the role, Slack id, e-mail, language or password of an existing
    one of that name (re-running the same command is harmless)."""
    name = name.strip()
    if not name:
        raise UserError("a user needs a name (or a --slack-id to name it after)")
    if slack_user_id:
        holder = session.scalar(select(User).where(User.slack_user_id == slack_user_id))
        if holder is not None and holder.name != name:
            raise UserError(f"Slack id {slack_user_id} already belongs to user {holder.name!r}")
    user = session.scalar(select(User).where(User.name == name))
    created = user is None
    if user is None:
        user = User(name=name, role=role.label)
        session.add(user)
    user.role = role.label
    user.slack_user_id = slack_user_id or user.slack_user_id
    user.email = email or user.email
    user.language = language or user.language
    if password is not None:
        user.password_hash = hash_password(password)
    session.flush()
    record_action(
        session,
        actor=actor,
        action="user.added" if created else "user.updated",
        entity_type="user",
        entity_id=user.id,
        details={"name": user.name, "role": user.role, "slack_user_id": user.slack_user_id},
    )
    return user


def user_named(session: Session, name: str) -> User:
    """The active user called ``name``."""
    user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
    if user is None:
        raise UserError(f"no user named {name!r}")
    return user


def user_for_slack(session: Session, slack_user_id: str) -> User | None:
    """The active user mapped to a Slack id, if any."""
    return session.scalar(select(User).where(User.slack_user_id == slack_user_id, User.active.is_(True)))


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The user if ``password`` is theirs, else ``None`` (same answer for unknown names)."""
    user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
    if user is None or not password_matches(user.password_hash, password):
        return None
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, *, label: str, actor: str) -> str:
    """A new API token for ``user``; the plain text is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_pk=user.id, label=label, token_hash=_token_hash(token))
    session.add(row)
    session.flush()
    record_action(
        session,
        actor=actor,
        action="token.issued",
        entity_type="user",
        entity_id=user.id,
        details={"token_id": row.id, "label": label},
    )
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user holding an unrevoked ``token``; its last use is recorded."""
    row = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at.is_(None))
    )
    if row is None:
        return None
    user = session.get(User, row.user_pk)
    if user is None or not user.active:
        return None
    row.last_used_at = utc_now()
    return user


def list_users(session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.name)))
