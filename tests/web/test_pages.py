"""The web pages through the app: log-in, roles, CSRF, the review actions, language."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from copilot.db.access_models import User
from copilot.db.engine import transaction
from copilot.db.models import Suggestion, SuggestionLine
from copilot.server.app import create_app
from copilot.settings import Settings
from copilot.web.i18n import catalogue
from tests.server_fixtures import People
from tests.services.cash_world import open_amount
from tests.web.conftest import browser_of, csrf_of, log_in

PAGES = ("/review", "/dashboard", "/customers", "/customers/C0001", "/dunning", "/chat")
TEMPLATES = Path(__file__).parents[2] / "copilot" / "web" / "templates"


def status_of(engine: Engine, suggestion_pk: int) -> str:
    with transaction(engine) as session:
        return session.get_one(Suggestion, suggestion_pk).status


@pytest.mark.parametrize("path", [*PAGES, "/upload", "/review/1"])
def test_without_a_session_a_page_sends_the_browser_to_the_log_in(
    client: TestClient, queued: int, path: str
) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=" + path.replace("/", "%2F"))
    htmx = client.get(path, headers={"HX-Request": "true"}, follow_redirects=False)
    assert (htmx.status_code, htmx.headers["HX-Redirect"]) == (401, "/login")


def test_a_wrong_password_is_refused_and_opens_no_session(client: TestClient, people: People) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": "reviewer", "password": "nope", "csrf_token": token})
    assert response.status_code == 401
    assert "mot de passe incorrect" in response.text
    assert client.get("/review", follow_redirects=False).status_code == 303


def test_log_in_goes_back_to_the_page_asked_for_and_never_to_another_site(
    client: TestClient, people: People
) -> None:
    token = csrf_of(client.get("/login").text)
    form = {"name": "viewer", "password": people.password, "csrf_token": token}
    response = client.post("/login", data=form | {"next": "/dashboard"}, follow_redirects=False)
    assert response.headers["location"] == "/dashboard"
    assert client.get("/dashboard").status_code == 200
    token = csrf_of(client.get("/dashboard").text)
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert client.get("/dashboard", follow_redirects=False).status_code == 303
    other = browser_of(client)
    token = csrf_of(other.get("/login").text)
    response = other.post(
        "/login", data=form | {"csrf_token": token, "next": "//evil.example/x"}, follow_redirects=False
    )
    assert response.headers["location"] == "/review"


@pytest.mark.parametrize("role", ["viewer", "collector", "reviewer", "admin"])
def test_every_page_renders_for_every_role_and_only_reviewers_see_approve(
    client: TestClient, people: People, queued: int, role: str
) -> None:
    log_in(client, role)
    for path in (*PAGES, f"/review/{queued}"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[-500:])
        assert f"{role} (" in response.text
    queue = client.get("/review").text
    suggestion = client.get(f"/review/{queued}").text
    reviewer = role in ("reviewer", "admin")
    assert (f'hx-post="/review/{queued}/approve"' in queue) is reviewer
    assert ('id="approve-edited"' in suggestion) is reviewer
    assert client.get("/upload").status_code == (403 if role == "viewer" else 200)


def test_a_collector_posting_an_approval_is_refused_with_403(
    client: TestClient, people: People, engine: Engine, queued: int
) -> None:
    token = log_in(client, "collector")
    response = client.post(f"/review/{queued}/approve", data={"csrf_token": token})
    assert response.status_code == 403
    assert (
        "Votre rôle ne permet pas cette action" in response.text and "collector (recouvreur)" in response.text
    )
    assert client.post(f"/review/{queued}/reject", data={"csrf_token": token}).status_code == 403
    assert status_of(engine, queued) == "pending"


def test_a_form_without_the_sessions_csrf_token_is_refused(
    client: TestClient, people: People, engine: Engine, queued: int
) -> None:
    token = log_in(client, "reviewer")
    assert client.post(f"/review/{queued}/approve").status_code == 403
    refused = client.post(f"/review/{queued}/approve", data={"csrf_token": "forged"})
    assert refused.status_code == 403 and "formulaire a expiré" in refused.text
    other_session = log_in(browser_of(client), "reviewer2")
    assert client.post(f"/review/{queued}/approve", data={"csrf_token": other_session}).status_code == 403
    assert status_of(engine, queued) == "pending"
    approved = client.post(f"/review/{queued}/approve", headers={"X-CSRF-Token": token, "HX-Request": "1"})
    assert approved.status_code == 200 and 'data-status="approved"' in approved.text
    assert status_of(engine, queued) == "approved"
    assert open_amount(engine, "FA-1") == Decimal("0.00")


def test_the_second_reviewer_to_approve_is_told_it_was_already_done(
    client: TestClient, people: People, engine: Engine, queued: int
) -> None:
    first, second = client, browser_of(client)
    first_token, second_token = log_in(first, "reviewer"), log_in(second, "reviewer2")
    assert first.post(f"/review/{queued}/approve", data={"csrf_token": first_token}).status_code == 200
    late = second.post(f"/review/{queued}/approve", data={"csrf_token": second_token})
    assert late.status_code == 409
    assert f"suggestion {queued} is approved; nothing to approve" in late.text


def test_edited_allocations_are_approved_as_typed(
    client: TestClient, people: People, engine: Engine, queued: int
) -> None:
    token = log_in(client, "reviewer")
    page = client.get(f"/review/{queued}").text
    assert re.search(r'data-invoice="FA-2"', page), "the customer's other open invoice is a candidate"
    form = {
        "csrf_token": token,
        "invoice_number": ["FA-1", "FA-2"],
        "amount": ["500,00", "400.00"],
        "discount_amount": ["", ""],
        "deduction_amount": ["", ""],
        "deduction_code": ["", ""],
    }
    response = client.post(f"/review/{queued}/approve", data=form)
    assert response.status_code == 200 and "Validée." in response.text
    with transaction(engine) as session:
        lines = session.execute(
            select(SuggestionLine.amount).where(SuggestionLine.suggestion_pk == queued)
        ).all()
    assert sorted(amount for (amount,) in lines) == [Decimal("400.00"), Decimal("500.00")]
    assert (open_amount(engine, "FA-1"), open_amount(engine, "FA-2")) == (Decimal("480.00"), Decimal("0.00"))


def test_a_malformed_edit_is_explained_and_nothing_applied(
    client: TestClient, people: People, engine: Engine, queued: int
) -> None:
    token = log_in(client, "reviewer")
    form = {
        "csrf_token": token,
        "invoice_number": ["FA-1"],
        "amount": ["lots"],
        "discount_amount": [""],
        "deduction_amount": [""],
        "deduction_code": [""],
    }
    response = client.post(f"/review/{queued}/approve", data=form)
    assert response.status_code == 409 and "FA-1: &#39;lots&#39; is not an amount" in response.text
    assert status_of(engine, queued) == "pending"


def test_a_large_write_off_waits_for_a_second_reviewer_who_confirms_it_on_the_page(
    settings: Settings, engine: Engine, people: People, queued: int
) -> None:
    strict = settings.model_copy(update={"second_approval_above": Decimal("50")})
    with TestClient(create_app(strict, engine)) as first:
        second = browser_of(first)
        token = log_in(first, "reviewer")
        held = first.post(f"/review/{queued}/approve", data={"csrf_token": token})
        assert 'data-status="awaiting_second"' in held.text and status_of(engine, queued) == "pending"
        assert 'id="confirm-second"' in held.text
        confirm = re.search(r'action="(/review/second/\d+/confirm)"', held.text)
        assert confirm is not None
        mine = first.post(confirm.group(1), data={"csrf_token": token})
        assert mine.status_code == 409 and "other than reviewer" in mine.text
        done = second.post(confirm.group(1), data={"csrf_token": log_in(second, "reviewer2")})
        assert done.status_code == 200 and "approved by two reviewers" in done.text
    assert status_of(engine, queued) == "approved"


def test_reject_from_the_queue_with_htmx(
    client: TestClient, people: People, engine: Engine, queued: int
) -> None:
    token = log_in(client, "reviewer")
    response = client.post(
        f"/review/{queued}/reject",
        data={"reason": "wrong customer"},
        headers={"X-CSRF-Token": token, "HX-Request": "1"},
    )
    assert response.status_code == 200 and 'data-status="rejected"' in response.text
    assert "<html" not in response.text
    assert status_of(engine, queued) == "rejected"
    assert f'data-id="{queued}"' in client.get("/review?status=rejected").text
    assert f'data-id="{queued}"' not in client.get("/review").text


def test_the_queue_filters_by_customer(client: TestClient, people: People, queued: int) -> None:
    log_in(client, "viewer")
    assert f'data-id="{queued}"' in client.get("/review?customer=client 0001&sort=amount").text
    assert f'data-id="{queued}"' not in client.get("/review?customer=nobody").text


def test_the_language_is_the_sessions_choice_then_the_users_then_the_default(
    client: TestClient, people: People, engine: Engine
) -> None:
    token = log_in(client, "viewer")
    assert "File de revue" in client.get("/review").text
    switched = client.post(
        "/language",
        data={"language": "en", "back": "/dashboard", "csrf_token": token},
        follow_redirects=False,
    )
    assert switched.headers["location"] == "/dashboard"
    page = client.get("/dashboard").text
    assert '<html lang="en">' in page and "Aging" in page and "Balance âgée" not in page
    with transaction(engine) as session:
        session.scalars(select(User).where(User.name == "admin")).one().language = "en"
    english = browser_of(client)
    log_in(english, "admin")
    assert '<html lang="en">' in english.get("/review").text


def test_both_catalogues_hold_every_key_the_templates_use() -> None:
    english, french = catalogue("en"), catalogue("fr")
    assert english.keys() == french.keys()
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"t\([\"']([a-z_.-]*[a-z])[\"']", template.read_text(encoding="utf-8")))
    assert used <= english.keys(), used - english.keys()
    for prefix, names in {
        "status.": ("pending", "alternative", "approved", "auto_applied", "rejected", "superseded"),
        "decision.": ("approved", "awaiting_second", "rejected", "refused", "drafted"),
        "role.": ("viewer", "collector", "reviewer", "admin"),
        "match.": ("auto_applied", "suggested", "unmatched"),
        "kpi.": ("aging", "dso-trend", "unapplied", "automation", "deductions"),
        "sort.": ("confidence", "amount", "date"),
        "error.": ("role", "csrf"),
    }.items():
        assert {prefix + name for name in names} <= english.keys()
