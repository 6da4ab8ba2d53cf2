"""The web interface in real headless Chromium (Debian's, driven by Playwright) on the demo
company: log in, work the queue with the keyboard, edit an allocation, upload a PDF and see
its suggestion, check the dashboard's chart data against compute_kpi and the KPI API, switch language.

SQLite only: the route tests run every page on PostgreSQL too. Screenshots of each page go to
the pytest temporary directory (``browser-screenshots``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import func, select

from copilot.charts import chart_series
from copilot.db.engine import make_engine, session_factory
from copilot.db.models import Customer, Invoice, Payment, Suggestion, SuggestionLine
from copilot.services.kpi_data import KPIS, KpiQuery, KpiSource, compute_kpi
from copilot.web.pages.dashboard import DASHBOARD_KPIS
from ingest.records import BankPayment
from tests.cli.conftest import write_csv
from tests.remittance_pdfs import write_advice_pdf
from tests.server_fixtures import PASSWORD
from tests.web.browser import DEMO_AS_OF, Served, ServerThread, build_demo

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    settings = build_demo(tmp_path_factory.mktemp("web-demo"))
    engine = make_engine(settings.resolved_database_url())
    server = ServerThread(settings, engine)
    url = server.start()
    yield Served(url, settings, engine, tmp_path_factory.mktemp("browser-screenshots"))
    server.stop()
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, served: Served) -> Iterator[Page]:
    """A fresh browser context (no cookies) that fails the test on any script error."""
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="fr-FR")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield opened
    context.close()
    assert not errors


def log_in(page: Page, served: Served, name: str, path: str = "/review") -> None:
    page.goto(f"{served.url}{path}{'&' if '?' in path else '?'}as_of={DEMO_AS_OF}")
    expect(page).to_have_url(f"{served.url}/login?next=" + page.url.split("next=")[1])
    served.shot(page, "login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{served.url}{path}*")


def status_of(served: Served, suggestion_pk: int) -> str:
    with session_factory(served.engine)() as session:
        return session.get_one(Suggestion, suggestion_pk).status


def test_a_reviewer_works_the_queue_with_the_keyboard(page: Page, served: Served) -> None:
    log_in(page, served, "reviewer")
    rows = page.locator("#queue tbody tr.queue-row")
    assert rows.count() >= 4
    ids = [int(rows.nth(i).get_attribute("data-id") or 0) for i in range(rows.count())]
    expect(rows.nth(0)).to_have_class("queue-row selected")
    served.shot(page, "queue")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(rows.nth(1)).to_have_class("queue-row selected")
    page.keyboard.press("a")
    expect(rows.nth(1).locator(".decision")).to_have_attribute("data-status", "approved")
    expect(rows.nth(2)).to_have_class("queue-row selected")
    page.keyboard.press("r")
    expect(rows.nth(2).locator(".decision")).to_have_attribute("data-status", "rejected")
    served.shot(page, "queue-decided")
    assert (status_of(served, ids[1]), status_of(served, ids[2])) == ("approved", "rejected")
    assert status_of(served, ids[0]) == "pending"
    expect(rows.nth(3)).to_have_class("queue-row selected")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{served.url}/review/{ids[3]}")
    expect(page.locator("h1")).to_contain_text(f"Proposition {ids[3]}")
    served.shot(page, "suggestion")


def _editable_suggestion(served: Served) -> tuple[int, str, Decimal]:
    """A pending one-invoice suggestion on a payment small enough for one reviewer to edit."""
    with session_factory(served.engine)() as session:
        rows = session.execute(
            select(Suggestion.id, Invoice.invoice_number, SuggestionLine.amount)
            .join(Payment, Payment.id == Suggestion.payment_pk)
            .join(SuggestionLine, SuggestionLine.suggestion_pk == Suggestion.id)
            .join(Invoice, Invoice.id == SuggestionLine.invoice_pk)
            .where(Suggestion.status == "pending", Payment.amount <= served.settings.second_approval_above)
            .order_by(Suggestion.id)
        ).all()
    counts: dict[int, int] = {}
    for suggestion_pk, _, _ in rows:
        counts[suggestion_pk] = counts.get(suggestion_pk, 0) + 1
    suggestion_pk, number, amount = next(row for row in rows if counts[row[0]] == 1 and row[2] > 20)
    return suggestion_pk, number, amount


def test_a_reviewer_edits_an_allocation(page: Page, served: Served) -> None:
    suggestion_pk, number, amount = _editable_suggestion(served)
    log_in(page, served, "reviewer", f"/review/{suggestion_pk}")
    edited = amount - Decimal("10.00")
    cash = page.locator(f'#candidates tr[data-invoice="{number}"] input[name=amount]')
    expect(cash).to_have_value(f"{amount:.2f}")
    cash.fill(f"{edited:.2f}".replace(".", ","))
    page.click("#approve-edited")
    expect(page.locator("#decision .decision")).to_have_attribute("data-status", "approved")
    served.shot(page, "suggestion-edited")
    with session_factory(served.engine)() as session:
        suggestion = session.get_one(Suggestion, suggestion_pk)
        assert suggestion.status == "approved"
        assert [line.amount for line in suggestion.lines] == [edited]


def _upload_files(served: Served, folder: Path) -> tuple[Path, Path, str]:
    """A bank statement paying an open invoice 15.00 short, and the PDF advice explaining it."""
    with session_factory(served.engine)() as session:
        invoice, customer = session.execute(
            select(Invoice, Customer)
            .join(Customer, Customer.id == Invoice.customer_pk)
            .where(Invoice.currency == "EUR", Invoice.open_amount > Decimal(500))
            .order_by(Invoice.due_date, Invoice.id)
        ).first()  # type: ignore[misc]
    paid = invoice.open_amount - Decimal("15.00")
    payment = BankPayment(
        id="WEBUP1",
        bank_reference="WEBUP1",
        account="FR7630006000011234567890189",
        booking_date=date.fromisoformat(DEMO_AS_OF),
        value_date=date.fromisoformat(DEMO_AS_OF),
        amount=paid,
        currency="EUR",
        payer_name=customer.name,
        payer_iban=None,
        end_to_end_id="E2EWEBUP1",
        reference="E2EWEBUP1",
        remittance_text="VIREMENT",
        locator="row 1",
    )
    french = f"{paid:.2f}".replace(".", ",")
    advice = write_advice_pdf(
        folder / "avis-de-paiement.pdf",
        payer=customer.name,
        payment_date="31/10/2026",
        amount=french,
        rows=[
            (
                invoice.invoice_number,
                f"{invoice.open_amount:.2f}".replace(".", ","),
                "15,00",
                french,
                "avarie",
            )
        ],
    )
    return write_csv(folder / "releve-web.csv", [payment]), advice, invoice.invoice_number


def test_a_collector_uploads_a_pdf_and_its_suggestion_appears(
    page: Page, served: Served, tmp_path: Path
) -> None:
    statement, advice, number = _upload_files(served, tmp_path)
    log_in(page, served, "collector", "/upload")
    served.shot(page, "upload")
    page.set_input_files("#files", [str(statement), str(advice)])
    page.click("#upload-submit")
    link = page.locator("#new-suggestions a").first
    expect(link).to_be_visible(timeout=60_000)
    expect(page.locator("#upload-progress")).to_have_attribute("value", "100")
    expect(page.locator("#upload-outcomes tr.outcome-ingested")).to_have_count(2)
    served.shot(page, "upload-done")
    link.click()
    expect(page.locator("#excerpt .matched mark")).to_have_text(number)
    expect(page.locator("#lines")).to_contain_text(number)
    served.shot(page, "uploaded-suggestion")
    with session_factory(served.engine)() as session:
        payment = session.scalars(select(Payment).where(Payment.bank_id == "WEBUP1")).one()
        lines = session.scalars(
            select(SuggestionLine).join(Suggestion).where(Suggestion.payment_pk == payment.id)
        ).all()
    assert [(line.deduction_amount) for line in lines] == [Decimal("15.00")]


def test_the_dashboards_chart_data_is_what_compute_kpi_and_the_kpi_api_give(
    page: Page, served: Served
) -> None:
    log_in(page, served, "reviewer", "/dashboard")
    embedded = {
        name: json.loads(page.locator(f"#kpi-{name}").text_content() or "null") for name in DASHBOARD_KPIS
    }
    with session_factory(served.engine)() as session:
        source = KpiSource(session, served.settings)
        query = KpiQuery(as_of=date.fromisoformat(DEMO_AS_OF), currency="EUR")
        expected = {name: compute_kpi(source, name, query) for name in DASHBOARD_KPIS}
    for name, result in expected.items():
        assert embedded[name] == json.loads(json.dumps(result.to_json(), default=str)), name
        in_euros = "&currency=EUR" if "currency" in KPIS[name].options else ""
        from_api = page.request.get(f"{served.url}/api/kpis/{name}?as_of={DEMO_AS_OF}{in_euros}")
        assert from_api.ok, from_api.text()
        assert from_api.json() == embedded[name], name  # the KPI API, with the browser's own session
    series = chart_series(expected["deductions"])
    bars = page.locator("#panel-deductions svg rect.mark")
    drawn = {
        (bars.nth(i).get_attribute("data-series"), bars.nth(i).get_attribute("data-category")): bars.nth(
            i
        ).get_attribute("data-value")
        for i in range(bars.count())
    }
    assert drawn == {
        (name, category): str(values[i])
        for name, values in series.series.items()
        for i, category in enumerate(series.categories)
    }
    assert page.locator("#panel-dso-trend svg circle.mark").count() == sum(
        row["dso"] is not None for row in expected["dso-trend"].rows
    )
    served.shot(page, "dashboard")


def test_the_language_switch_changes_the_interface(page: Page, served: Served) -> None:
    log_in(page, served, "reviewer")
    expect(page.locator("h1")).to_contain_text("File de revue")
    page.click("#lang-en")
    expect(page.locator("h1")).to_contain_text("Review queue")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{served.url}/dashboard")
    expect(page.locator("#panel-aging h2")).to_have_text("Aging")
    served.shot(page, "dashboard-en")
    page.click("#lang-fr")
    expect(page.locator("#panel-aging h2")).to_have_text("Balance âgée")


def test_the_other_pages_render_and_the_chat_answers(page: Page, served: Served) -> None:
    log_in(page, served, "collector", "/customers")
    with session_factory(served.engine)() as session:
        customer_id, open_total = session.execute(
            select(Customer.customer_id, func.sum(Invoice.open_amount))
            .join(Invoice)
            .group_by(Customer.customer_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    served.shot(page, "customers")
    page.click(f'a[href="/customers/{customer_id}"]')
    expect(page.locator("#open-items tbody tr").first).to_be_visible()
    expect(page.locator("#risk")).to_contain_text(f"of {open_total:.2f}")
    served.shot(page, "customer")
    page.goto(f"{served.url}/dunning")
    page.locator("#plan tbody tr button[type=submit]").first.click()
    expect(page.locator(".decision")).to_have_attribute("data-status", "drafted")
    expect(page.locator("#drafts tbody tr")).to_have_count(1)
    assert page.locator("#drafts button.approve").count() == 0
    served.shot(page, "dunning")
    page.goto(f"{served.url}/chat")
    page.fill("#question", "Quels clients ont plus de 60 jours de retard ?")
    page.keyboard.press("Enter")
    expect(page.locator("#chat-log .answer")).to_be_visible(timeout=60_000)
    assert page.locator("#question").input_value() == ""
    expect(page.locator("#chat-log .answer")).to_contain_text("€")
    served.shot(page, "chat")
