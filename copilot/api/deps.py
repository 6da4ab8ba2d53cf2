"""What every route depends on: the settings, the engine, and who is calling with which role.

A caller is known by an API token (``Authorization: Bearer arc_…``) or by the web session
cookie set at log-in. ``Allowed(Permission.APPROVE)`` and friends are the role checks.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from copilot.access import Permission, Role, allows
from copilot.db.access_models import User
from copilot.db.engine import session_factory, transaction
from copilot.services.users import Identity, identity_of, user_for_token
from copilot.settings import Settings

SESSION_USER = "user_pk"
_bearer = HTTPBearer(auto_error=False, description="An API token from `arcopilot users token NAME`.")


def request_settings(request: Request) -> Settings:
    """The server's settings."""
    settings: Settings = request.app.state.settings
    return settings


def request_engine(request: Request) -> Engine:
    """The server's database engine."""
    engine: Engine = request.app.state.engine
    return engine


SettingsDep = Annotated[Settings, Depends(request_settings)]
EngineDep = Annotated[Engine, Depends(request_engine)]


def optional_identity(
    request: Request,
    engine: EngineDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Identity | None:
    """The caller from a bearer token, else from the session cookie; ``None`` if neither."""
    if credentials is not None:
        with transaction(engine) as session:
            user = user_for_token(session, credentials.credentials)
            if user is None:
                raise HTTPException(
                    status.HTTP_401_UNAUTHORIZED,
                    "invalid or revoked API token",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return identity_of(user)
    user_pk = request.session.get(SESSION_USER) if "session" in request.scope else None
    if not isinstance(user_pk, int):
        return None
    with session_factory(engine)() as session:
        user = session.get(User, user_pk)
        if user is None or not user.active:
            request.session.clear()
            return None
        return identity_of(user)


def current_identity(identity: Annotated[Identity | None, Depends(optional_identity)]) -> Identity:
    """The caller, or 401 when no valid token or session came with the request."""
    if identity is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "log in or send an API token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return identity


CurrentIdentity = Annotated[Identity, Depends(current_identity)]


class Allowed:
    """A dependency admitting callers whose role allows ``permission``; 403 for the others."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    def __call__(self, identity: CurrentIdentity) -> Identity:
        if not allows(identity.role, self.permission):
            message = f"the {identity.role.label} role cannot do this; it needs {Role(self.permission).label}"
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"{message} or above")
        return identity


Reader = Annotated[Identity, Depends(Allowed(Permission.READ))]
Collector = Annotated[Identity, Depends(Allowed(Permission.COLLECT))]
Reviewer = Annotated[Identity, Depends(Allowed(Permission.APPROVE))]
Admin = Annotated[Identity, Depends(Allowed(Permission.ADMINISTER))]
