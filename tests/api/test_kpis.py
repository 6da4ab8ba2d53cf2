"""Every KPI of the registry over HTTP, with the CLI's options and figures."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from copilot.services.kpi_data import KPIS
from tests.api.conftest import problem
from tests.cli.conftest import Invoke
from tests.server_fixtures import People


def test_the_list_names_every_kpi(client: TestClient, people: People) -> None:
    listed = client.get("/api/kpis", headers=people.headers("viewer")).json()["kpis"]
    assert [kpi["name"] for kpi in listed] == list(KPIS)
    aging = next(kpi for kpi in listed if kpi["name"] == "aging")
    assert aging["options"] == ["buckets", "currency"] and aging["chart"] == "aging"


def test_each_kpi_answers_like_the_cli(client: TestClient, people: People, ledger: Invoke) -> None:
    for name in [name for name in KPIS if not KPIS[name].required]:
        served = client.get(f"/api/kpis/{name}?as_of=2026-10-31", headers=people.headers("viewer"))
        assert served.status_code == 200, served.text
        printed = json.loads(ledger("kpi", name, "--as-of", "2026-10-31", "--json").stdout)
        assert served.json() == printed, name


def test_options_as_in_the_cli(client: TestClient, people: People, ledger: Invoke) -> None:
    viewer = people.headers("viewer")
    aging = client.get("/api/kpis/aging?as_of=2026-10-31&buckets=30,60,90,120", headers=viewer).json()
    assert aging["value"] == "3800.00" and "91-120" in aging["rows"][0]
    dso = client.get("/api/kpis/dso?as_of=2026-10-31&method=countback", headers=viewer).json()
    assert (dso["value"], dso["method"]) == ("69.3", "countback")
    over_60 = client.get("/api/kpis/overdue?as_of=2026-10-31&min_days=60", headers=viewer).json()
    assert [row["customer_id"] for row in over_60["rows"]] == ["C3", "C1"] or over_60["value"] == "800.00"
    items = client.get("/api/kpis/open-items?as_of=2026-10-31&customer=Acme", headers=viewer).json()
    assert {row["invoice_number"] for row in items["rows"]} == {"FA-3", "US-1"}
    usd = client.get("/api/kpis/aging?as_of=2026-10-31&currency=usd", headers=viewer).json()
    assert (usd["currency"], usd["value"]) == ("USD", "5000.00")


def test_kpi_errors(client: TestClient, people: People, ledger: Invoke) -> None:
    viewer = people.headers("viewer")
    assert (
        "does not apply to kpi aging"
        in problem(client.get("/api/kpis/aging?days=3", headers=viewer), 422)["detail"]
    )
    assert "needs customer" in problem(client.get("/api/kpis/open-items", headers=viewer), 422)["detail"]
    problem(client.get("/api/kpis/aging?buckets=60,30", headers=viewer), 422)
    problem(client.get("/api/kpis/dso?as_of=2026-10-31&from=2026-11-01", headers=viewer), 422)
    problem(client.get("/api/kpis/dso?method=median", headers=viewer), 422)
    problem(client.get("/api/kpis/top?limit=0", headers=viewer), 422)
    unknown = client.get("/api/kpis/open-items?customer=Zorglub", headers=viewer)
    assert problem(unknown, 404)["type"] == "urn:arcopilot:problem:unknown-customer"
    problem(client.get("/api/kpis/happiness", headers=viewer), 404)
    problem(client.get("/api/kpis/aging"), 401)
