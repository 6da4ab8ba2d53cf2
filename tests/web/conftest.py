"""The web interface in tests: logging in through the form and reading the CSRF token of a page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from copilot.services.matching import run_matching
from tests.server_fixtures import PASSWORD
from tests.services.cash_world import seed_customers, seed_invoice, seed_payment
from tests.services.test_matching import POLICY

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log ``client`` in through the form; the CSRF token of its new session."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"name": name, "password": password, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/review").text)


def browser_of(client: TestClient) -> TestClient:
    """Another browser (its own cookies) on the same server."""
    return TestClient(client.app)


@pytest.fixture
def queued(engine: Engine) -> int:
    """A suggestion waiting for review: 900.00 paid on the 980.00 invoice FA-1, 80.00 deducted."""
    seed_customers(engine, 1)
    seed_invoice(engine, "FA-1", "C0001", "980.00")
    seed_invoice(engine, "FA-2", "C0001", "400.00")
    seed_payment(engine, "P2", "900.00", "Facture FA-1", payer="CLIENT 0001")
    suggestion_pk = run_matching(engine, POLICY).results[0].suggestion_pk
    assert suggestion_pk is not None
    return suggestion_pk
