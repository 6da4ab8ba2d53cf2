"""``arcopilot ask`` end to end on SQLite and PostgreSQL: the rules model, threads, and an LLM
scripted by a local OpenAI-compatible server (tool calls, a grounded answer, a stray figure)."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from tests.cli.conftest import Invoke, json_of
from tests.cli.small_ledger import ON
from tests.cli.small_ledger import ledger as ledger
from tests.openai_server import OpenAIServer, Reply


def plain(text: str) -> str:
    """The answer with every kind of space made ordinary (babel groups French thousands with U+202F)."""
    return "".join(" " if unicodedata.category(char) == "Zs" else char for char in text)


def ask(invoke: Invoke, *args: str) -> dict[str, Any]:
    result = invoke("ask", *args, *ON, "--json")
    assert result.exit_code == 0, result.output
    answer: dict[str, Any] = json_of(result)
    return answer


def test_english_question_routes_to_the_overdue_tool(ledger: Invoke) -> None:
    answer = ask(ledger, "which clients are over 60 days?")
    assert answer["language"] == "en"
    [call] = answer["tool_calls"]
    assert call["name"] == "overdue_customers" and call["args"] == {"min_days_late": 61}
    assert call["result"]["value"] == "800.00"
    text = plain(answer["answer"])
    assert "€800.00" in text and "Boulangerie Dupont SAS" in text and "Dupont Frères SARL" in text
    assert "Acme" not in text
    assert answer["grounded"] is True


def test_french_question_gets_a_french_answer_with_french_amounts(ledger: Invoke) -> None:
    answer = ask(ledger, "qui a plus de 60 jours de retard ?")
    assert answer["language"] == "fr"
    assert answer["tool_calls"][0]["args"] == {"min_days_late": 61}
    assert "800,00 €" in plain(answer["answer"])


def test_a_customers_open_items_in_every_currency(ledger: Invoke) -> None:
    answer = ask(ledger, "what does acme owe us")
    [call] = answer["tool_calls"]
    assert call["name"] == "customer_open_items" and call["result"]["customer"]["customer_id"] == "C2"
    text = plain(answer["answer"])
    assert "€1,000.00" in text and "US$5,000.00" in text and "FA-4" not in text


def test_follow_ups_in_a_thread_keep_the_question_and_change_the_customer(ledger: Invoke) -> None:
    first = ask(ledger, "open items of Acme Widgets", "--thread", "t1")
    assert first["tool_calls"][0]["result"]["customer"]["customer_id"] == "C2"
    follow_up = ask(ledger, "and for Dupont Frères?", "--thread", "t1")
    [call] = follow_up["tool_calls"]
    assert call["name"] == "customer_open_items" and call["result"]["customer"]["customer_id"] == "C3"
    assert "€300.00" in plain(follow_up["answer"])
    other_thread = ask(ledger, "and for Dupont Frères?", "--thread", "t2")
    assert [c["name"] for c in other_thread["tool_calls"]] != ["customer_open_items"] or not other_thread[
        "tool_calls"
    ]


def test_a_period_follow_up_in_french(ledger: Invoke) -> None:
    first = ask(ledger, "DSO du trimestre ?", "--thread", "dso")
    assert first["tool_calls"][0]["args"] == {"period_start": "2026-10-01", "period_end": "2026-10-31"}
    again = ask(ledger, "et en septembre ?", "--thread", "dso")
    assert again["tool_calls"][0]["name"] == "dso"
    assert again["tool_calls"][0]["args"] == {"period_start": "2026-09-01", "period_end": "2026-09-30"}
    assert again["language"] == "fr"


def test_an_ambiguous_customer_is_asked_about_not_guessed(ledger: Invoke) -> None:
    answer = ask(ledger, "what did Dupont promise?")
    assert answer["tool_calls"][0]["result"]["error"] == "ambiguous_customer"
    assert "Boulangerie Dupont SAS" in answer["answer"] and "Dupont Frères SARL" in answer["answer"]
    assert "?" in answer["answer"]


def test_a_question_no_tool_answers_gets_help_without_figures(ledger: Invoke) -> None:
    answer = ask(ledger, "bonjour, ça va ?")
    assert answer["tool_calls"] == []
    assert "DSO" in answer["answer"] and not any(char.isdigit() for char in answer["answer"])


def test_text_output_names_the_tools(ledger: Invoke) -> None:
    result = ledger("ask", "top 2 debtors", *ON)
    assert result.exit_code == 0
    assert "Boulangerie Dupont SAS" in result.stdout and "tools: top_debtors" in result.stdout


def test_empty_question_is_a_usage_error(ledger: Invoke) -> None:
    result = ledger("ask", "  ", *ON)
    assert result.exit_code == 2 and "empty" in result.stderr


@pytest.fixture
def llm(ledger: Invoke, openai_server: OpenAIServer, monkeypatch: pytest.MonkeyPatch) -> OpenAIServer:
    monkeypatch.setenv("ARCOPILOT_LLM_PROVIDER", "openai")
    monkeypatch.setenv("ARCOPILOT_LLM_MODEL", "scripted-model")
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    return openai_server


def test_an_llm_calls_the_tools_and_its_grounded_answer_is_shown(ledger: Invoke, llm: OpenAIServer) -> None:
    llm.enqueue(
        Reply.tools(("overdue_customers", {"min_days_late": 61})),
        Reply.text(
            "Two customers are over 60 days late, €800.00 in all: "
            "Boulangerie Dupont SAS and Dupont Frères SARL."
        ),
    )
    answer = ask(ledger, "which clients are over 60 days?")
    assert answer["answer"].startswith("Two customers are over 60 days late, €800.00")
    assert answer["grounded"] is True
    assert answer["tool_calls"][0]["result"]["value"] == "800.00"
    first = llm.requests[0]
    assert {tool["function"]["name"] for tool in first["tools"]} >= {
        "overdue_customers",
        "dso",
        "search_notes",
    }
    assert "Every number" in first["messages"][0]["content"]
    tool_message = llm.requests[1]["messages"][-1]
    assert tool_message["role"] == "tool" and '"800.00"' in tool_message["content"]


def test_an_llm_answer_with_a_figure_from_nowhere_is_not_shown(ledger: Invoke, llm: OpenAIServer) -> None:
    llm.enqueue(
        Reply.tools(("overdue_customers", {"min_days_late": 61})),
        Reply.text("Overdue over 60 days: €950.00."),
        Reply.text("Sorry: overdue over 60 days is €975.00."),
    )
    result = ledger("ask", "which clients are over 60 days?", *ON, "--json")
    answer = json_of(result)
    assert "950" not in answer["answer"] and "975" not in answer["answer"]
    assert "€800.00" in plain(answer["answer"])  # written from the tool result by the templates
    assert answer["grounded"] is False
    events = [line for line in result.stderr.splitlines() if "answer_not_grounded" in line]
    assert len(events) == 2
    assert (
        "figures=['950.00']" in events[0] and "figures=['975.00']" in events[1] and "templates" in events[1]
    )
    correction = llm.requests[2]["messages"][-1]
    assert correction["role"] == "user" and "950.00" in correction["content"]


def test_an_llm_corrected_on_retry_is_shown(ledger: Invoke, llm: OpenAIServer) -> None:
    llm.enqueue(
        Reply.tools(("top_debtors", {"limit": 1})),
        Reply.text("Boulangerie Dupont SAS owes €2,600.00."),
        Reply.text("Boulangerie Dupont SAS owes the most: €2,500.00."),
    )
    answer = ask(ledger, "who owes the most?")
    assert answer["answer"] == "Boulangerie Dupont SAS owes the most: €2,500.00."
    assert answer["grounded"] is False  # the first answer was not; the one shown is


def test_tool_arguments_from_an_llm_are_validated(ledger: Invoke, llm: OpenAIServer) -> None:
    llm.enqueue(
        Reply.tools(("overdue_customers", {"min_days_late": 0})),
        Reply.text("I could not get that list."),
    )
    answer = ask(ledger, "overdue?")
    assert answer["tool_calls"] == [] or "error" in str(answer["tool_calls"])
    tool_message = llm.requests[1]["messages"][-1]
    assert tool_message["role"] == "tool" and "min_days_late" in tool_message["content"]


def test_the_openai_provider_without_a_model_is_a_usage_error(
    ledger: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCOPILOT_LLM_PROVIDER", "openai")
    result = ledger("ask", "top debtors", *ON)
    assert result.exit_code == 2 and "ARCOPILOT_LLM_MODEL" in result.stderr


def test_an_unreachable_llm_endpoint_is_one_line(ledger: Invoke, llm: OpenAIServer) -> None:
    llm.enqueue(Reply.error(500), Reply.error(500))
    result = ledger("ask", "top debtors", *ON)
    assert result.exit_code == 1 and result.stderr.startswith("error: the LLM endpoint failed")
    assert len(result.stderr.strip().splitlines()) == 1


def test_who_to_chase_and_a_draft_that_waits_for_approval(ledger: Invoke) -> None:
    plan = ask(ledger, "who should I chase today?")
    [call] = plan["tool_calls"]
    assert call["name"] == "dunning_plan"
    stages = {(a["customer_id"], a["currency"]): a["stage"] for a in call["result"]["actions"]}
    # C1 and C3 are overdue (first reminder, one step at a time); C2's USD US-1 falls due that day.
    assert stages == {("C1", "EUR"): "reminder_1", ("C3", "EUR"): "reminder_1", ("C2", "USD"): "preventive"}
    draft = ask(ledger, "draft a second reminder to Dupont Frères")
    [made] = draft["tool_calls"]
    assert made["name"] == "draft_reminder" and made["args"]["stage"] == "reminder_2"
    assert made["result"]["status"] == "draft" and "FA-5" in made["result"]["text"]
    assert "approve" in draft["answer"] and "300,00" in plain(draft["answer"])
    listed = json_of(ledger("dunning", "list", "--json"))
    rows = listed["drafts"] if isinstance(listed, dict) else listed
    assert [(row["status"], row["customer_id"]) for row in rows] == [("draft", "C3")]


def test_a_payment_plan_is_visible_to_the_agent(ledger: Invoke) -> None:
    added = ledger(
        "plan",
        "add",
        "Dupont Frères",
        "--instalment",
        "2026-11-15=150.00",
        "--instalment",
        "2026-12-15=150.00",
        "--made-on",
        "2026-10-31",
    )
    assert added.exit_code == 0, added.output
    answer = ask(ledger, "what did Dupont Frères promise?")
    [call] = answer["tool_calls"]
    [plan] = call["result"]["plans"]
    assert [(i["due_date"], i["amount"]) for i in plan["instalments"]] == [
        ("2026-11-15", "150.00"),
        ("2026-12-15", "150.00"),
    ]
    assert "€150.00" in plain(answer["answer"]) and "15 Dec 2026" in answer["answer"]
