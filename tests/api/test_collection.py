"""Promises to pay and notes over HTTP (collectors write, viewers read)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import problem
from tests.cli.conftest import Invoke
from tests.notes.conftest import no_network as no_network
from tests.server_fixtures import People


def test_promises_added_and_listed(client: TestClient, people: People, ledger: Invoke) -> None:
    added = client.post(
        "/api/promises",
        json={
            "customer": "Boulangerie Dupont",
            "amount": "1200.5",
            "promised_date": "2026-11-15",
            "made_on": "2026-11-01",
            "invoice_numbers": ["FA-2"],
            "note": "cheque next week",
        },
        headers=people.headers("collector"),
    )
    assert added.status_code == 201, added.text
    promise = added.json()
    assert (
        promise
        | {"customer_id": "C1", "amount": "1200.50", "currency": "EUR", "created_by": "user:collector"}
        == promise
    )
    before = client.get("/api/promises?customer=C1&as_of=2026-11-10", headers=people.headers("viewer")).json()
    assert [(p["promise_id"], p["due"]) for p in before["promises"]] == [(promise["promise_id"], False)]
    after = client.get("/api/promises?as_of=2026-11-20", headers=people.headers("viewer")).json()
    assert after["promises"][0]["due"] is True
    page = client.get("/api/customers/C1?as_of=2026-11-20", headers=people.headers("viewer")).json()
    assert [(p["promise_id"], p["amount"]) for p in page["promises"]] == [(promise["promise_id"], "1200.50")]
    late = {"customer": "C1", "amount": "10", "promised_date": "2026-10-01", "made_on": "2026-11-01"}
    assert (
        "before the day it was made"
        in problem(client.post("/api/promises", json=late, headers=people.headers("collector")), 422)[
            "detail"
        ]
    )
    problem(
        client.post("/api/promises", json=late | {"amount": "-1"}, headers=people.headers("collector")), 422
    )
    problem(client.post("/api/promises", json=late, headers=people.headers("viewer")), 403)
    problem(client.get("/api/promises"), 401)


def test_notes_added_and_searched(client: TestClient, people: People, ledger: Invoke) -> None:
    noted = client.post(
        "/api/notes",
        json={
            "customer": "C2",
            "text": "Called John: disputes the price of FA-3",
            "kind": "call",
            "day": "2026-11-12",
        },
        headers=people.headers("collector"),
    )
    assert noted.status_code == 201, noted.text
    assert (
        noted.json() | {"customer_id": "C2", "kind": "call", "date": "2026-11-12", "author": "user:collector"}
        == noted.json()
    )
    found = client.get("/api/notes?q=price dispute&customer=Acme", headers=people.headers("viewer")).json()
    assert [hit["note_id"] for hit in found["notes"]] == [noted.json()["note_id"]]
    problem(
        client.post(
            "/api/notes", json={"customer": "C2", "text": "   "}, headers=people.headers("collector")
        ),
        422,
    )
    problem(
        client.post(
            "/api/notes", json={"customer": "Zorglub", "text": "hi"}, headers=people.headers("collector")
        ),
        422,
    )
    problem(client.get("/api/notes?q=x&kind=letter", headers=people.headers("viewer")), 422)
    problem(
        client.post("/api/notes", json={"customer": "C2", "text": "hi"}, headers=people.headers("viewer")),
        403,
    )
