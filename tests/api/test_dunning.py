"""Dunning over HTTP: plan, draft (collector), approve and send (reviewer)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from copilot.settings import Settings
from tests.api.conftest import problem
from tests.cli.conftest import Invoke
from tests.dunning.smtp_server import Mailbox
from tests.dunning.smtp_server import smtp_server as smtp_server
from tests.server_fixtures import People


def test_plan_draft_approve_send(
    client: TestClient, people: People, ledger: Invoke, settings: Settings, smtp_server: Mailbox
) -> None:
    client.app.state.settings = settings.model_copy(  # type: ignore[attr-defined]
        update={"smtp_url": smtp_server.url, "dunning_from_address": "ar@martin.example"}
    )
    plan = client.get("/api/dunning/plan?as_of=2026-10-31", headers=people.headers("viewer")).json()
    assert plan["as_of"] == "2026-10-31"
    first = next(action for action in plan["actions"] if action["customer_id"] == "C1")
    assert first["stage"] == "reminder_1" and first["currency"] == "EUR"
    created = client.post(
        "/api/dunning/drafts",
        json={"customer": "Boulangerie Dupont", "as_of": "2026-10-31"},
        headers=people.headers("collector"),
    )
    assert created.status_code == 201, created.text
    draft = created.json()
    assert (draft["customer_id"], draft["stage"], draft["to"], draft["status"]) == (
        "C1",
        "reminder_1",
        "compta@dupont.example",
        "draft",
    )
    assert draft["created_by"] == "user:collector" and "FA-1" in draft["body"]
    listed = client.get("/api/dunning/drafts?status=draft", headers=people.headers("viewer")).json()
    assert [d["draft_id"] for d in listed["drafts"]] == [draft["draft_id"]]
    problem(
        client.post(f"/api/dunning/drafts/{draft['draft_id']}/approve", headers=people.headers("collector")),
        403,
    )
    approved = client.post(
        f"/api/dunning/drafts/{draft['draft_id']}/approve", headers=people.headers("reviewer")
    )
    assert approved.json()["approved_by"] == "user:reviewer"
    twice = client.post(
        f"/api/dunning/drafts/{draft['draft_id']}/approve", headers=people.headers("reviewer")
    )
    assert "only a draft can be approved" in problem(twice, 409)["detail"]
    problem(client.post("/api/dunning/send?as_of=2026-11-02", headers=people.headers("collector")), 403)
    sent = client.post("/api/dunning/send?as_of=2026-11-02", headers=people.headers("reviewer")).json()
    assert [(o["draft_id"], o["status"], o["to"]) for o in sent["sent"]] == [
        (draft["draft_id"], "sent", "compta@dupont.example")
    ]
    assert len(smtp_server.messages) == 1
    shown = client.get(f"/api/dunning/drafts/{draft['draft_id']}", headers=people.headers("viewer")).json()
    assert (shown["status"], shown["sent_on"]) == ("sent", "2026-11-02") and shown["body_html"]


def test_dunning_errors(client: TestClient, people: People, ledger: Invoke) -> None:
    collector = people.headers("collector")
    unknown = client.post("/api/dunning/drafts", json={"customer": "Zorglub"}, headers=collector)
    assert problem(unknown, 404)["type"] == "urn:arcopilot:problem:unknown-customer"
    problem(
        client.post("/api/dunning/drafts", json={"customer": "C1", "stage": "nagging"}, headers=collector),
        422,
    )
    problem(
        client.post("/api/dunning/drafts", json={"customer": "C1"}, headers=people.headers("viewer")), 403
    )
    problem(client.get("/api/dunning/drafts/999", headers=people.headers("viewer")), 404)
    problem(client.post("/api/dunning/drafts/999/approve", headers=people.headers("reviewer")), 404)
    problem(client.get("/api/dunning/drafts?status=lost", headers=people.headers("viewer")), 422)
    problem(client.get("/api/dunning/plan"), 401)
