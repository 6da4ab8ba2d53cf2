"""The served OpenAPI document is complete, and the API keeps to it under generated requests."""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.server_fixtures import People

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 5
AGENT = "/api/ask"
"""Left to tests/api/test_ask.py: each question runs the whole agent (seconds, not milliseconds)."""


def test_every_route_is_documented(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    operations = [
        (path, method, operation)
        for path, methods in document["paths"].items()
        if path.startswith("/api/")
        for method, operation in methods.items()
    ]
    assert len(operations) >= 30
    for path, method, operation in operations:
        where = f"{method.upper()} {path}"
        assert operation.get("summary") and operation.get("description"), where
        assert operation.get("tags"), where
        success = [code for code in operation["responses"] if code.startswith("2")]
        assert success, where
        assert {"401", "403", "404", "422"} <= set(operation["responses"]), where
        problem = operation["responses"]["422"]["content"]
        assert "application/problem+json" in problem, where
    schemas = document["components"]["schemas"]
    assert schemas["Invoice"]["properties"]["amount"]["type"] == "string"
    assert set(schemas["Problem"]["required"]) == {"title", "status", "detail"}


def test_generated_requests_get_no_server_error(client: TestClient, people: People, queued: int) -> None:
    """Every /api operation, a few generated requests each as admin: no 5xx, answers as documented."""
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", client.app)
    admin = people.headers("admin")
    checked = 0
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        if not operation.path.startswith("/api/") or operation.path == AGENT:
            continue

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case[Any]) -> None:
            case.call_and_validate(headers=admin, checks=CHECKS)

        check()
        checked += 1
    assert checked >= 30
