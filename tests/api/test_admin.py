"""Users and tokens (admin only) and the audit log over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import problem
from tests.server_fixtures import People


def test_admin_adds_a_user_and_issues_a_token(client: TestClient, people: People) -> None:
    admin = people.headers("admin")
    added = client.post(
        "/api/users", json={"name": "marie", "role": "reviewer", "password": "long enough"}, headers=admin
    )
    assert added.status_code == 201 and added.json() == {
        "name": "marie",
        "role": "reviewer",
        "slack_user_id": None,
        "email": None,
        "language": None,
        "web_login": True,
    }
    names = [user["name"] for user in client.get("/api/users", headers=admin).json()["users"]]
    assert "marie" in names and "admin" in names
    issued = client.post("/api/users/marie/tokens", json={"label": "script"}, headers=admin)
    assert issued.status_code == 201 and issued.json()["token"].startswith("arc_")
    as_marie = {"Authorization": f"Bearer {issued.json()['token']}"}
    assert client.get("/api/suggestions", headers=as_marie).status_code == 200
    problem(client.get("/api/users", headers=as_marie), 403)
    problem(client.post("/api/users/nobody/tokens", headers=admin), 404)
    problem(client.post("/api/users", json={"name": "x", "role": "boss"}, headers=admin), 422)
    problem(client.get("/api/users", headers=people.headers("reviewer")), 403)
    taken = client.post(
        "/api/users", json={"name": "other", "role": "viewer", "slack_user_id": "U1"}, headers=admin
    )
    assert taken.status_code == 201
    clash = client.post(
        "/api/users", json={"name": "marie", "role": "viewer", "slack_user_id": "U1"}, headers=admin
    )
    assert "already belongs to user 'other'" in problem(clash, 409)["detail"]


def test_the_audit_log_filtered_and_paged(client: TestClient, people: People, queued: int) -> None:
    client.post(f"/api/suggestions/{queued}/approve", headers=people.headers("reviewer"))
    client.post(f"/api/suggestions/{queued}/reopen", headers=people.headers("reviewer2"))
    viewer = people.headers("viewer")
    review = client.get("/api/audit?action=review.*", headers=viewer).json()
    assert [(e["action"], e["actor"]) for e in review["entries"]] == [
        ("review.reopen", "user:reviewer2"),
        ("review.approve", "user:reviewer"),
    ]
    by_actor = client.get(
        f"/api/audit?actor=user:reviewer&entity_type=suggestion&entity_id={queued}", headers=viewer
    )
    assert [e["action"] for e in by_actor.json()["entries"]] == ["review.approve"]
    paged = client.get("/api/audit?limit=1&offset=1&action=review.*", headers=viewer).json()
    assert paged["total"] == 2 and [e["action"] for e in paged["entries"]] == ["review.approve"]
    assert client.get("/api/audit?until=2000-01-01", headers=viewer).json()["total"] == 0
    assert (
        client.get("/api/audit?since=2000-01-01&action=review.approve", headers=viewer).json()["total"] == 1
    )
    problem(client.get("/api/audit?since=yesterday", headers=viewer), 422)
    problem(client.get("/api/audit"), 401)
