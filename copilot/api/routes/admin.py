"""Users and API tokens (admin only), and the audit log (who did what, when)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from copilot.access import Role
from copilot.api import schemas_collection as schemas
from copilot.api.deps import Admin, EngineDep, Reader
from copilot.api.routes.common import Limit, Offset, not_found
from copilot.db.engine import session_factory, transaction
from copilot.services.audit_views import AuditFilter, audit_entries
from copilot.services.users import UserError, add_user, issue_token, list_users, user_named, user_view

users = APIRouter(prefix="/users", tags=["users"])
audit = APIRouter(prefix="/audit", tags=["audit"])
Day = Annotated[date | None, Query(description="A day, YYYY-MM-DD (UTC), included.")]


@users.get("", summary="List users", response_model=schemas.UserList)
def get_users(engine: EngineDep, _: Admin) -> schemas.UserList:
    """Every user with their role and how they sign in."""
    with session_factory(engine)() as session:
        rows = [user_view(user) for user in list_users(session)]
    return schemas.UserList.model_validate({"users": rows})


@users.post("", summary="Add or update a user", response_model=schemas.User, status_code=201)
def post_user(body: schemas.NewUser, engine: EngineDep, identity: Admin) -> schemas.User:
    """Create a user, or change the role, Slack id, e-mail, language or password of one of that name."""
    with transaction(engine) as session:
        user = add_user(
            session,
            name=body.name,
            role=Role.parse(body.role),
            actor=identity.actor,
            slack_user_id=body.slack_user_id,
            email=body.email,
            language=body.language,
            password=body.password,
        )
        return schemas.User.model_validate(user_view(user))


@users.post(
    "/{name}/tokens", summary="Issue an API token", response_model=schemas.IssuedToken, status_code=201
)
def post_token(
    name: str, engine: EngineDep, identity: Admin, body: schemas.TokenRequest | None = None
) -> schemas.IssuedToken:
    """A new token for the user, shown once (only its hash is stored)."""
    label = (body or schemas.TokenRequest()).label
    with transaction(engine) as session:
        try:
            user = user_named(session, name)
        except UserError:
            not_found(f"user named {name!r}")
        token = issue_token(session, user, label=label, actor=identity.actor)
    return schemas.IssuedToken(name=name, label=label, token=token)


@audit.get("", summary="The audit log", response_model=schemas.AuditPage)
def get_audit(
    engine: EngineDep,
    _: Reader,
    action: Annotated[
        str | None, Query(max_length=64, description="An action, or a prefix ending in * (review.*).")
    ] = None,
    actor: Annotated[str | None, Query(max_length=128, description="user:marie, engine, …")] = None,
    entity_type: Annotated[str | None, Query(max_length=32, description="suggestion, user, file, …")] = None,
    entity_id: Annotated[str | None, Query(max_length=200)] = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> schemas.AuditPage:
    """Entries newest first, filtered by action, actor, entity and days; ``total`` counts them all."""
    where = AuditFilter(action, actor, entity_type, entity_id, since, until)
    with session_factory(engine)() as session:
        total, rows = audit_entries(session, where, limit=limit, offset=offset)
    return schemas.AuditPage.model_validate(
        {"total": total, "limit": limit, "offset": offset, "entries": rows}
    )
