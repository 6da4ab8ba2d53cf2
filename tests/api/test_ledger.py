"""Customers and invoices over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import problem
from tests.cli.conftest import Invoke
from tests.server_fixtures import People


def test_customers_with_their_open_amounts(client: TestClient, people: People, ledger: Invoke) -> None:
    viewer = people.headers("viewer")
    listed = client.get("/api/customers", headers=viewer).json()
    assert listed["total"] == 3 and [c["customer_id"] for c in listed["customers"]] == ["C1", "C2", "C3"]
    c2 = listed["customers"][1]
    assert c2["open_amounts"] == {"EUR": "1000.00", "USD": "5000.00"} and c2["open_invoices"] == 2
    assert c2["credit_limit"] == "50000.00"
    found = client.get("/api/customers?search=dupont&limit=1", headers=viewer).json()
    assert found["total"] == 2 and [c["customer_id"] for c in found["customers"]] == ["C1"]
    page_two = client.get("/api/customers?search=dupont&limit=1&offset=1", headers=viewer).json()
    assert [c["customer_id"] for c in page_two["customers"]] == ["C3"]


def test_one_customer_and_its_invoices(client: TestClient, people: People, ledger: Invoke) -> None:
    c1 = client.get("/api/customers/C1?as_of=2026-10-31", headers=people.headers("viewer")).json()
    assert c1["as_of"] == "2026-10-31" and c1["contact_name"] == "Jeanne Dupont"
    assert [(i["invoice_number"], i["open_amount"]) for i in c1["invoices"]] == [
        ("FA-1", "500.00"),
        ("FA-2", "2000.00"),
    ]
    assert c1["payments"] == [] and c1["promises"] == []
    problem(client.get("/api/customers/C9", headers=people.headers("viewer")), 404)
    problem(client.get("/api/customers/C1?as_of=31-10-2026", headers=people.headers("viewer")), 422)
    problem(client.get("/api/customers/C1"), 401)


def test_invoices_filtered(client: TestClient, people: People, ledger: Invoke) -> None:
    viewer = people.headers("viewer")
    overdue = client.get("/api/invoices?overdue_on=2026-10-31", headers=viewer).json()
    assert [i["invoice_number"] for i in overdue["invoices"]] == ["FA-5", "FA-1", "FA-2"]
    paid = client.get("/api/invoices?status=paid", headers=viewer).json()
    assert paid["total"] == 1 and paid["invoices"][0]["invoice_number"] == "FA-4"
    of_c2 = client.get("/api/invoices?customer_id=C2", headers=viewer).json()
    assert {i["invoice_number"] for i in of_c2["invoices"]} == {"FA-3", "FA-4", "US-1"}
    us1 = client.get("/api/invoices/US-1", headers=viewer).json()
    assert us1 | {"amount": "5000.00", "currency": "USD", "customer_name": "Acme Widgets Ltd"} == us1
    problem(client.get("/api/invoices/NOPE", headers=viewer), 404)
    problem(client.get("/api/invoices?status=lost", headers=viewer), 422)
    problem(client.get("/api/invoices?limit=0", headers=viewer), 422)
