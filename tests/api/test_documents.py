"""Uploading statements over HTTP: one file at once, a batch as a job, quarantine, roles."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.api.conftest import problem
from tests.cli.conftest import sample_payments, write_camt
from tests.server_fixtures import People
from tests.services.cash_world import seed_customers, seed_invoice


def test_one_file_is_ingested_at_once(client: TestClient, people: People, tmp_path: Path) -> None:
    statement = write_camt(tmp_path / "october.xml", sample_payments(3)).read_bytes()
    collector = people.headers("collector")
    uploaded = client.post("/api/documents", files={"files": ("october.xml", statement)}, headers=collector)
    assert uploaded.status_code == 200, uploaded.text
    job = uploaded.json()
    assert (job["status"], job["total"], job["done"], job["created_by"]) == ("done", 1, 1, "user:collector")
    [outcome] = job["result"]["files"]
    assert (outcome["name"], outcome["status"], outcome["payments_new"]) == ("october.xml", "ingested", 3)
    assert job["result"]["suggestions"] == []
    [document] = client.get("/api/documents", headers=people.headers("viewer")).json()["documents"]
    assert (document["name"], document["status"], document["payments_reported"]) == (
        "october.xml",
        "ingested",
        3,
    )
    assert len(client.get("/api/payments", headers=people.headers("viewer")).json()["payments"]) == 3
    again = client.post("/api/documents", files={"files": ("copy.xml", statement)}, headers=collector).json()
    assert again["result"]["files"][0]["status"] == "duplicate_file"


def test_an_upload_is_matched_to_open_invoices(
    client: TestClient, people: People, engine: Engine, tmp_path: Path
) -> None:
    seed_customers(engine, 1)
    seed_invoice(engine, "FA-2026-00001", "C0001", "1037.45")
    statement = write_camt(tmp_path / "october.xml", sample_payments(1)).read_bytes()
    job = client.post(
        "/api/documents", files={"files": ("october.xml", statement)}, headers=people.headers("collector")
    ).json()
    [suggestion_id] = job["result"]["suggestions"]
    shown = client.get(f"/api/suggestions/{suggestion_id}", headers=people.headers("viewer")).json()
    assert [line["invoice_number"] for line in shown["lines"]] == ["FA-2026-00001"]
    assert shown["payment_id"] == "BR000001" and shown["amount"] == "1037.45"


def test_a_batch_runs_as_a_job(client: TestClient, people: People, tmp_path: Path) -> None:
    first = write_camt(tmp_path / "a.xml", sample_payments(2)).read_bytes()
    second = write_camt(tmp_path / "b.xml", sample_payments(2, start=10)).read_bytes()
    batch = client.post(
        "/api/documents",
        files=[
            ("files", ("a.xml", first)),
            ("files", ("b.xml", second)),
            ("files", ("junk.pdf", b"not a pdf")),
        ],
        data={"match": "false"},
        headers=people.headers("collector"),
    )
    assert batch.status_code == 202, batch.text
    location = batch.headers["location"]
    assert location == f"/api/jobs/{batch.json()['id']}" and batch.json()["total"] == 3
    job = client.get(location, headers=people.headers("viewer")).json()
    assert (job["status"], job["done"]) == ("done", 3) and "suggestions" not in job["result"]
    statuses = [(f["name"], f["status"]) for f in job["result"]["files"]]
    assert statuses == [("a.xml", "ingested"), ("b.xml", "ingested"), ("junk.pdf", "quarantined")]
    assert job["result"]["files"][2]["reason"]
    quarantined = client.get("/api/documents?status=quarantined", headers=people.headers("viewer")).json()
    assert [d["name"] for d in quarantined["documents"]] == ["junk.pdf"]


def test_uploads_need_a_collector_and_files(client: TestClient, people: People) -> None:
    refused = client.post(
        "/api/documents", files={"files": ("a.xml", b"x")}, headers=people.headers("viewer")
    )
    assert "needs collector" in problem(refused, 403)["detail"]
    problem(client.post("/api/documents", files={"files": ("a.xml", b"x")}), 401)
    problem(client.post("/api/documents", headers=people.headers("collector")), 422)
    problem(client.get("/api/jobs/4242", headers=people.headers("viewer")), 404)
    problem(client.get("/api/documents?status=" + "x" * 40, headers=people.headers("viewer")), 422)
