"""The review queue over HTTP: list, show, approve (four eyes), reject, reopen, and races."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from threading import Barrier

import httpx2
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from copilot.db.engine import session_factory
from copilot.db.models import Allocation, AuditEntry
from copilot.settings import Settings
from tests.api.conftest import problem
from tests.server_fixtures import People
from tests.services.cash_world import open_amount


def test_the_queue_and_one_suggestion(client: TestClient, people: People, queued: int) -> None:
    listed = client.get("/api/suggestions", headers=people.headers("viewer"))
    assert listed.status_code == 200
    [row] = listed.json()["suggestions"]
    assert row["suggestion_id"] == queued and row["amount"] == "900.00" and row["customer_id"] == "C0001"
    assert row["lines"][0]["invoice_number"] == "FA-1" and row["lines"][0]["deduction_amount"] == "80.00"
    shown = client.get(f"/api/suggestions/{queued}", headers=people.headers("viewer")).json()
    assert shown["explanation"] and shown["payment_id"] == "P2" and shown["alternatives"] == []
    assert client.get("/api/suggestions?status=approved", headers=people.headers("viewer")).json() == {
        "suggestions": []
    }


def test_roles_missing_and_invalid(client: TestClient, people: People, queued: int) -> None:
    assert problem(client.get("/api/suggestions"), 401)["detail"] == "log in or send an API token"
    bad_token = client.get("/api/suggestions", headers={"Authorization": "Bearer arc_nope"})
    assert problem(bad_token, 401)["detail"] == "invalid or revoked API token"
    for role in ("viewer", "collector"):
        refused = client.post(f"/api/suggestions/{queued}/approve", headers=people.headers(role))
        assert "needs reviewer" in problem(refused, 403)["detail"]
    assert (
        problem(client.get("/api/suggestions/999999", headers=people.headers("viewer")), 404)["detail"]
        == "no suggestion 999999"
    )
    missing = client.post("/api/suggestions/999999/reject", headers=people.headers("reviewer"))
    problem(missing, 404)
    invalid = client.get("/api/suggestions?status=bogus", headers=people.headers("viewer"))
    body = problem(invalid, 422)
    assert body["errors"][0]["loc"] == ["query", "status"] and body["detail"].startswith("query.status")
    negative = client.post(
        f"/api/suggestions/{queued}/approve",
        json={"edits": [{"invoice_number": "FA-1", "amount": "-5"}]},
        headers=people.headers("reviewer"),
    )
    assert problem(negative, 422)["errors"][0]["loc"][:3] == ["body", "edits", "0"]


def test_approve_reopen_reject(client: TestClient, people: People, engine: Engine, queued: int) -> None:
    reviewer = people.headers("reviewer")
    approved = client.post(f"/api/suggestions/{queued}/approve", headers=reviewer)
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "approved" and body["second_approval_id"] is None
    assert body["suggestion"]["status"] == "approved" and body["suggestion"]["decided_by"] == "user:reviewer"
    assert open_amount(engine, "FA-1") == Decimal("0.00")
    again = client.post(f"/api/suggestions/{queued}/approve", headers=people.headers("reviewer2"))
    assert "nothing to approve" in problem(again, 409)["detail"]
    reopened = client.post(f"/api/suggestions/{queued}/reopen", headers=reviewer)
    assert reopened.json()["status"] == "pending" and open_amount(engine, "FA-1") == Decimal("980.00")
    rejected = client.post(f"/api/suggestions/{queued}/reject", json={"reason": "wrong"}, headers=reviewer)
    assert rejected.json()["status"] == "rejected"
    with session_factory(engine)() as session:
        reason = session.scalar(select(AuditEntry.details).where(AuditEntry.action == "review.reject"))
    assert reason is not None and reason["reason"] == "wrong"


def test_edit_with_a_deduction_code(client: TestClient, people: People, engine: Engine, queued: int) -> None:
    edited = client.post(
        f"/api/suggestions/{queued}/approve",
        json={
            "edits": [
                {
                    "invoice_number": "FA-1",
                    "amount": "900.00",
                    "deduction_amount": "80.00",
                    "deduction_code": "damage",
                }
            ]
        },
        headers=people.headers("reviewer"),
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["suggestion"]["lines"][0]["deduction_code"] == "DAMAGE"
    deductions = client.get("/api/deductions", headers=people.headers("viewer")).json()
    assert [(d["invoice_number"], d["amount"], d["reason_code"]) for d in deductions["deductions"]] == [
        ("FA-1", "80.00", "DAMAGE")
    ]
    too_much = client.post(f"/api/suggestions/{queued}/reopen", headers=people.headers("reviewer")).json()
    assert too_much["status"] == "pending"
    over = client.post(
        f"/api/suggestions/{queued}/approve",
        json={"edits": [{"invoice_number": "FA-1", "amount": "990.00"}]},
        headers=people.headers("reviewer"),
    )
    assert "exceed" in problem(over, 409)["detail"] or "more than its open amount" in over.json()["detail"]


def test_four_eyes_over_http(
    client: TestClient, people: People, engine: Engine, settings: Settings, queued: int
) -> None:
    client.app.state.settings = settings.model_copy(update={"second_approval_above": Decimal("50")})  # type: ignore[attr-defined]
    proposed = client.post(f"/api/suggestions/{queued}/approve", headers=people.headers("reviewer")).json()
    assert proposed["status"] == "awaiting_second" and "a second reviewer must confirm" in proposed["message"]
    second = proposed["second_approval_id"]
    [waiting] = client.get("/api/second-approvals", headers=people.headers("viewer")).json()[
        "second_approvals"
    ]
    assert waiting == waiting | {
        "id": second,
        "suggestion_id": queued,
        "amount": "80.00",
        "proposed_by": "user:reviewer",
    }
    own = client.post(f"/api/second-approvals/{second}/confirm", headers=people.headers("reviewer"))
    assert "other than reviewer" in problem(own, 403)["detail"]
    problem(client.post("/api/second-approvals/424242/confirm", headers=people.headers("reviewer2")), 404)
    problem(client.post(f"/api/second-approvals/{second}/confirm", headers=people.headers("collector")), 403)
    confirmed = client.post(f"/api/second-approvals/{second}/confirm", headers=people.headers("reviewer2"))
    assert confirmed.json()["status"] == "approved" and open_amount(engine, "FA-1") == Decimal("0.00")
    late = client.post(f"/api/second-approvals/{second}/reject", headers=people.headers("admin"))
    assert "already confirmed by user:reviewer2" in problem(late, 409)["detail"]


def test_two_reviewers_approve_at_once(
    client: TestClient, people: People, engine: Engine, queued: int
) -> None:
    start = Barrier(2)

    def approve(role: str) -> httpx2.Response:
        start.wait()
        return client.post(f"/api/suggestions/{queued}/approve", headers=people.headers(role))

    with ThreadPoolExecutor(2) as pool:
        responses = list(pool.map(approve, ["reviewer", "reviewer2"]))
    assert sorted(response.status_code for response in responses) == [200, 409], [r.text for r in responses]
    loser = next(response for response in responses if response.status_code == 409)
    assert "is approved; nothing to approve" in problem(loser, 409)["detail"]
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Allocation)) == 1
        approvals = session.scalar(select(func.count()).where(AuditEntry.action == "review.approve"))
    assert approvals == 1 and open_amount(engine, "FA-1") == Decimal("0.00")
