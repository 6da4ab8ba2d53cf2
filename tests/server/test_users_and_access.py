"""Users, roles, passwords and API tokens, from the command line and through the server."""

from __future__ import annotations

import json

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from copilot.access import Permission, Role, allows
from copilot.api.deps import Reviewer
from copilot.db.access_models import ApiToken, User
from copilot.db.engine import session_factory, transaction
from copilot.db.models import AuditEntry
from copilot.services.once import claim_once
from copilot.services.users import authenticate, hash_password, password_matches
from tests.cli.conftest import Invoke
from tests.server_fixtures import People


def test_roles_are_ordered() -> None:
    assert allows(Role.ADMIN, Permission.APPROVE)
    assert allows(Role.REVIEWER, Permission.APPROVE)
    assert not allows(Role.COLLECTOR, Permission.APPROVE)
    assert allows(Role.COLLECTOR, Permission.COLLECT)
    assert not allows(Role.VIEWER, Permission.COLLECT)
    assert Role.parse(" Reviewer ") is Role.REVIEWER
    with pytest.raises(ValueError, match="choose one of viewer, collector, reviewer, admin"):
        Role.parse("boss")


def test_passwords_are_salted_scrypt() -> None:
    first, second = hash_password("s3cret-pass"), hash_password("s3cret-pass")
    assert first != second and first.startswith("scrypt$")
    assert password_matches(first, "s3cret-pass")
    assert not password_matches(first, "s3cret-pasS")
    assert not password_matches(None, "s3cret-pass")


def test_users_add_with_slack_id_and_role(arcopilot: Invoke, engine: Engine) -> None:
    added = arcopilot("users", "add", "--slack-id", "U024BE7LH", "--role", "reviewer", "--json")
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout) == {
        "name": "U024BE7LH",
        "role": "reviewer",
        "slack_user_id": "U024BE7LH",
        "email": None,
        "language": None,
        "web_login": False,
    }
    promoted = arcopilot("users", "add", "U024BE7LH", "--role", "admin", "--json")
    assert json.loads(promoted.stdout)["role"] == "admin"
    listed = json.loads(arcopilot("users", "list", "--json").stdout)
    assert [(row["name"], row["role"]) for row in listed] == [("U024BE7LH", "admin")]


def test_users_add_refuses_bad_input(arcopilot: Invoke) -> None:
    bad_role = arcopilot("users", "add", "paul", "--role", "boss")
    assert bad_role.exit_code == 2 and "unknown role 'boss'" in bad_role.stderr
    nameless = arcopilot("users", "add", "--role", "viewer")
    assert nameless.exit_code == 2 and "a user needs a name" in nameless.stderr
    arcopilot("users", "add", "anne", "--slack-id", "U1", "--role", "viewer")
    taken = arcopilot("users", "add", "bob", "--slack-id", "U1", "--role", "viewer")
    assert taken.exit_code == 2 and "already belongs to user 'anne'" in taken.stderr


def test_password_from_stdin_and_login_check(db_url: str, engine: Engine) -> None:
    from typer.testing import CliRunner

    from copilot.cli.main import app

    result = CliRunner().invoke(
        app,
        ["--db", db_url, "users", "add", "marie", "--role", "admin", "--password-stdin"],
        input="long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    with session_factory(engine)() as session:
        assert authenticate(session, "marie", "long passphrase") is not None
        assert authenticate(session, "marie", "wrong passphrase") is None
        assert authenticate(session, "nobody", "long passphrase") is None
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions == ["user.added"]


def test_token_is_shown_once_and_stored_hashed(arcopilot: Invoke, engine: Engine) -> None:
    arcopilot("users", "add", "erp", "--role", "viewer")
    token = json.loads(arcopilot("users", "token", "erp", "--label", "nightly", "--json").stdout)["token"]
    assert token.startswith("arc_") and len(token) > 40
    with session_factory(engine)() as session:
        stored = session.scalars(select(ApiToken.token_hash)).one()
    assert token not in stored and len(stored) == 64
    unknown = arcopilot("users", "token", "ghost")
    assert unknown.exit_code == 2 and "no user named 'ghost'" in unknown.stderr


def test_roles_are_checked_on_routes(client: TestClient, people: People) -> None:
    router = APIRouter()

    @router.post("/api/_probe")
    def probe(identity: Reviewer) -> dict[str, str]:
        return {"actor": identity.actor}

    client.app.include_router(router)  # type: ignore[attr-defined]
    assert client.post("/api/_probe").status_code == 401
    assert client.post("/api/_probe", headers={"Authorization": "Bearer arc_forged"}).status_code == 401
    refused = client.post("/api/_probe", headers=people.headers("collector"))
    assert refused.status_code == 403 and "needs reviewer" in refused.text
    allowed = client.post("/api/_probe", headers=people.headers("reviewer"))
    assert allowed.json() == {"actor": "user:reviewer"}


def test_healthz_reports_the_schema(client: TestClient) -> None:
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json()["status"] == "ok"
    assert answer.json()["revision"] == "0006"


def test_a_key_is_claimed_once(engine: Engine) -> None:
    assert claim_once(engine, "slack-event", "Ev123")
    assert not claim_once(engine, "slack-event", "Ev123")
    assert claim_once(engine, "slack-action", "Ev123")


def test_inactive_user_token_is_refused(client: TestClient, people: People, engine: Engine) -> None:
    router = APIRouter()

    @router.get("/api/_who")
    def who(identity: Reviewer) -> dict[str, str]:
        return {"actor": identity.actor}

    client.app.include_router(router)  # type: ignore[attr-defined]
    with transaction(engine) as session:
        session.scalars(select(User).where(User.name == "admin")).one().active = False
    assert client.get("/api/_who", headers=people.headers("admin")).status_code == 401
