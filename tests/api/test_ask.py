"""The copilot over HTTP: the same agent and figures as ``arcopilot ask``, threads per user."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import problem
from tests.cli.conftest import Invoke
from tests.server_fixtures import People


def test_a_question_is_answered_from_the_tools(client: TestClient, people: People, ledger: Invoke) -> None:
    asked = client.post(
        "/api/ask",
        json={"question": "which clients are over 60 days?", "as_of": "2026-10-31", "thread": "monday"},
        headers=people.headers("collector"),
    )
    assert asked.status_code == 200, asked.text
    answer = asked.json()
    assert (answer["language"], answer["grounded"], answer["thread"]) == ("en", True, "monday")
    [call] = answer["tool_calls"]
    assert call["name"] == "overdue_customers" and call["result"]["value"] == "800.00"
    assert "Boulangerie Dupont SAS" in answer["answer"]
    follow_up = client.post(
        "/api/ask",
        json={"question": "et en français ?", "as_of": "2026-10-31", "thread": "monday"},
        headers=people.headers("collector"),
    )
    assert follow_up.status_code == 200 and follow_up.json()["language"] == "fr"


def test_ask_needs_a_question_and_a_collector(client: TestClient, people: People) -> None:
    problem(client.post("/api/ask", json={"question": "  "}, headers=people.headers("collector")), 422)
    problem(
        client.post(
            "/api/ask", json={"question": "dso?", "as_of": "tomorrow"}, headers=people.headers("collector")
        ),
        422,
    )
    problem(client.post("/api/ask", json={"question": "dso?"}, headers=people.headers("viewer")), 403)
    problem(client.post("/api/ask", json={"question": "dso?"}), 401)
