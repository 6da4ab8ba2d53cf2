"""What the pages show: the dashboard's figures against compute_kpi, upload then match, a
customer's page, the dunning drafts and the chat panel."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from html import unescape
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from copilot.charts import chart_series
from copilot.db.engine import session_factory, transaction
from copilot.db.models import Invoice, Payment, Suggestion, SuggestionLine
from copilot.dunning.approval import list_drafts
from copilot.notes.store import add_note
from copilot.services.kpi_data import KpiQuery, KpiSource, compute_kpi
from copilot.services.promises import add_promise
from copilot.settings import Settings
from copilot.web.pages.dashboard import DASHBOARD_KPIS
from ingest.records import BankPayment
from tests.cli.conftest import write_csv
from tests.remittance_pdfs import write_advice_pdf
from tests.server_fixtures import People
from tests.services.cash_world import AS_OF, seed_customers, seed_invoice
from tests.web.conftest import browser_of, log_in

SCRIPT = re.compile(
    r'<script type="application/json" class="kpi-data" id="kpi-([a-z-]+)">(.*?)</script>', re.S
)
MARK = re.compile(r'class="mark"[^>]*data-series="([^"]*)" data-category="([^"]*)" data-value="([^"]*)"')


def test_the_dashboard_embeds_each_kpi_as_compute_kpi_gives_it_and_draws_those_figures(
    client: TestClient, people: People, engine: Engine, settings: Settings, queued: int
) -> None:
    log_in(client, "viewer")
    page = client.get(f"/dashboard?as_of={AS_OF.isoformat()}").text
    embedded = {name: json.loads(text) for name, text in SCRIPT.findall(page)}
    assert tuple(embedded) == DASHBOARD_KPIS
    with session_factory(engine)() as session:
        source = KpiSource(session, settings)
        query = KpiQuery(as_of=AS_OF, currency="EUR")
        expected = {name: compute_kpi(source, name, query) for name in DASHBOARD_KPIS}
    for name, result in expected.items():
        assert embedded[name] == json.loads(json.dumps(result.to_json(), default=str)), name
    assert embedded["aging"]["value"] == "1380.00"
    aging = page[page.index('id="panel-aging"') : page.index('id="panel-dso-trend"')]
    drawn = {(unescape(series), unescape(category)): value for series, category, value in MARK.findall(aging)}
    series = chart_series(expected["aging"])
    assert drawn == {
        (name, category): str(values[i])
        for name, values in series.series.items()
        for i, category in enumerate(series.categories)
    }
    assert drawn[("1-30", "Client 0001 SAS")] == "1380.00"


def _statement_and_advice(folder: Path) -> tuple[Path, Path]:
    payment = BankPayment(
        id="UP1",
        bank_reference="UP1",
        account="FR7630006000011234567890189",
        booking_date=AS_OF,
        value_date=AS_OF,
        amount=Decimal("380.00"),
        currency="EUR",
        payer_name="CLIENT 0001 SAS",
        payer_iban=None,
        end_to_end_id="E2EUP1",
        reference="E2EUP1",
        remittance_text="VIREMENT",
        locator="row 1",
    )
    statement = write_csv(folder / "releve.csv", [payment])
    advice = write_advice_pdf(
        folder / "avis.pdf",
        payer="Client 0001 SAS",
        payment_date="31/10/2026",
        amount="380,00",
        rows=[("FA-2", "400,00", "20,00", "380,00", "erreur de prix")],
    )
    return statement, advice


def test_uploaded_files_are_ingested_then_matched_and_the_suggestion_linked(
    client: TestClient, people: People, engine: Engine, queued: int, tmp_path: Path
) -> None:
    token = log_in(client, "collector")
    statement, advice = _statement_and_advice(tmp_path)
    files = [
        ("files", ("releve.csv", statement.read_bytes(), "text/csv")),
        ("files", ("../../avis.pdf", advice.read_bytes(), "application/pdf")),
    ]
    response = client.post("/upload", files=files, data={"csrf_token": token}, headers={"HX-Request": "1"})
    assert response.status_code == 200, response.text
    assert response.text.count('class="outcome outcome-ingested"') == 2
    with transaction(engine) as session:
        payment = session.scalars(select(Payment).where(Payment.bank_id == "UP1")).one()
        suggestion = session.scalars(select(Suggestion).where(Suggestion.payment_pk == payment.id)).one()
        lines = session.execute(
            select(Invoice.invoice_number, SuggestionLine.amount, SuggestionLine.deduction_amount)
            .join(Invoice, Invoice.id == SuggestionLine.invoice_pk)
            .where(SuggestionLine.suggestion_pk == suggestion.id)
        ).all()
    assert [tuple(line) for line in lines] == [("FA-2", Decimal("380.00"), Decimal("20.00"))]
    assert f'href="/review/{suggestion.id}"' in response.text
    page = client.get(f"/review/{suggestion.id}").text
    assert '<span class="line matched"><mark>FA-2</mark>' in page


def test_a_viewer_cannot_upload(client: TestClient, people: People, tmp_path: Path) -> None:
    token = log_in(client, "viewer")
    files = [("files", ("x.csv", b"date,amount\n", "text/csv"))]
    assert client.post("/upload", files=files, data={"csrf_token": token}).status_code == 403


def test_a_customers_page_shows_open_items_payments_notes_promises_and_risk(
    client: TestClient, people: People, engine: Engine, settings: Settings, queued: int
) -> None:
    with transaction(engine) as session:
        add_note(session, settings, "C0001", "Called the accountant", noted_on=AS_OF, author="marie")
        add_promise(
            session, settings, "C0001", Decimal("400.00"), date(2026, 11, 15), made_on=AS_OF, author="marie"
        )
    log_in(client, "viewer")
    page = client.get(f"/customers/C0001?as_of={AS_OF.isoformat()}").text
    assert "Called the accountant" in page[page.index('id="notes"') : page.index('id="promises"')]
    assert "2026-11-15 — 400,00" in page[page.index('id="promises"') : page.index('id="reminders"')]
    open_items = page[page.index('id="open-items"') : page.index('id="payments"')]
    assert "FA-1" in open_items and "FA-2" in open_items and "980,00" in open_items
    assert "P2" in page[page.index('id="payments"') :]
    assert 'id="risk"' in page and "/100" in page
    assert client.get("/customers/NOPE").status_code == 404


def test_collectors_draft_reminders_and_reviewers_approve_them(
    client: TestClient, people: People, engine: Engine
) -> None:
    seed_customers(engine, 1)
    seed_invoice(engine, "FA-1", "C0001", "980.00")
    collector_token = log_in(client, "collector")
    plan = client.get(f"/dunning?as_of={date(2026, 11, 30).isoformat()}").text
    assert "Client 0001 SAS" in plan
    drafted = client.post("/dunning/drafts", data={"customer_id": "C0001", "csrf_token": collector_token})
    assert drafted.status_code == 200 and 'data-status="drafted"' in drafted.text, drafted.text[-800:]
    with session_factory(engine)() as session:
        (draft,) = list_drafts(session, status="draft")
    refused = client.post(f"/dunning/drafts/{draft.draft.id}/approve", data={"csrf_token": collector_token})
    assert refused.status_code == 403
    reviewer = browser_of(client)
    approved = reviewer.post(
        f"/dunning/drafts/{draft.draft.id}/approve", data={"csrf_token": log_in(reviewer, "reviewer")}
    )
    assert approved.status_code == 200 and 'data-status="approved"' in approved.text
    with session_factory(engine)() as session:
        assert [view.draft.approved_by for view in list_drafts(session, status="approved")] == ["reviewer"]


def test_the_chat_panel_answers_from_the_ledger(client: TestClient, people: People, queued: int) -> None:
    token = log_in(client, "viewer")
    client.get(f"/chat?as_of={AS_OF.isoformat()}")
    response = client.post(
        "/chat",
        data={"question": "Combien nous doit Client 0001 SAS ?", "csrf_token": token},
        headers={"HX-Request": "1"},
    )
    assert response.status_code == 200
    answer = response.text
    assert "<html" not in answer and "FA-1" in answer and "980,00" in answer and "FA-2" in answer, answer
