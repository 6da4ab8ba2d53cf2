"""Payments, allocations and deductions over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import problem
from tests.server_fixtures import People


def test_payments_and_their_allocations(client: TestClient, people: People, queued: int) -> None:
    viewer = people.headers("viewer")
    [payment] = client.get("/api/payments", headers=viewer).json()["payments"]
    assert payment | {"id": "P2", "amount": "900.00", "status": "queued"} == payment
    assert client.get("/api/payments?status=applied", headers=viewer).json() == {"payments": []}
    assert client.get("/api/payments/P2/allocations", headers=viewer).json()["allocations"] == []
    client.post(f"/api/suggestions/{queued}/approve", headers=people.headers("reviewer"))
    [applied] = client.get("/api/payments/P2/allocations", headers=viewer).json()["allocations"]
    assert applied | {"invoice_number": "FA-1", "amount": "900.00", "suggestion_id": queued} == applied
    client.post(f"/api/suggestions/{queued}/reopen", headers=people.headers("reviewer"))
    assert client.get("/api/allocations", headers=viewer).json()["total"] == 0
    undone = client.get("/api/allocations?include_reversed=true&customer_id=C0001", headers=viewer).json()
    assert undone["total"] == 1 and undone["allocations"][0]["reversed_by"] == "user:reviewer"
    problem(client.get("/api/payments/NOPE/allocations", headers=viewer), 404)
    problem(client.get("/api/payments?status=lost", headers=viewer), 422)
    problem(client.get("/api/allocations"), 401)


def test_deductions_filtered(client: TestClient, people: People, queued: int) -> None:
    client.post(
        f"/api/suggestions/{queued}/approve",
        json={"deduction_code": "pricing"},
        headers=people.headers("reviewer"),
    )
    viewer = people.headers("viewer")
    [kept] = client.get("/api/deductions?status=open&reason_code=pricing", headers=viewer).json()[
        "deductions"
    ]
    assert kept | {"amount": "80.00", "reason_code": "PRICING", "customer_id": "C0001"} == kept
    assert client.get("/api/deductions?reason_code=DAMAGE", headers=viewer).json()["total"] == 0
    problem(client.get("/api/deductions?offset=-1", headers=viewer), 422)
