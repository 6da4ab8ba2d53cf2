"""LLM personalisation through the local OpenAI-compatible server: a faithful rewrite is kept, one
that changes an amount, drops or invents an invoice number is rejected (the template stays)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from structlog.testing import capture_logs

from copilot.db.dunning_models import DunningDraft
from copilot.db.engine import transaction
from copilot.dunning.drafting import create_draft
from copilot.dunning.personalise import invoice_like_tokens
from copilot.settings import Settings
from tests.dunning.world import AS_OF
from tests.openai_server import OpenAIServer, Reply

FAITHFUL = """Dear John,

I hope all is well at Acme Widgets. Following up on our last exchange, three invoices are still open:
INV-10023 (£950.00, due 1 Jul 2026, now 122 days late), INV-10024 (£12,000.00, due 31 Aug 2026)
and INV-10025 (£5,000.00, due 30 Sept 2026), £17,950.00 in all.

Could you let me know when we can expect payment?

Kind regards,
Accounts Receivable
Fournitures Martin SA"""


@pytest.fixture
def llm_settings(
    world_settings: Settings, openai_server: OpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    monkeypatch.setenv("ARCOPILOT_LLM_PROVIDER", "openai")
    monkeypatch.setenv("ARCOPILOT_LLM_MODEL", "scripted-model")
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    return Settings(
        **world_settings.model_dump(
            exclude={"llm_provider", "llm_model", "openai_api_key", "openai_base_url"}
        )
    )


def draft_c2(engine: Engine, settings: Settings) -> DunningDraft:
    with transaction(engine) as session:
        return create_draft(session, settings, "C2", as_of=AS_OF, actor="test")


def test_a_faithful_rewrite_is_kept(
    world: Engine, llm_settings: Settings, openai_server: OpenAIServer
) -> None:
    openai_server.enqueue(Reply.text(FAITHFUL))
    draft = draft_c2(world, llm_settings)
    assert draft.method == "llm"
    assert draft.body_text == FAITHFUL + "\n"
    assert "£17,950.00 in all." in draft.body_html and "<p>Dear John,</p>" in draft.body_html
    assert draft.subject == "Reminder: 3 invoices overdue — Acme Widgets Ltd"
    [request] = openai_server.requests
    system, user = request["messages"][0]["content"], request["messages"][1]["content"]
    assert "rewrite a payment reminder" in system and '"INV-10024"' in system and "English" in system
    assert user.startswith("Dear John Smith,") and "£17,950.00" in user


@pytest.mark.parametrize(
    ("rewrite", "reason"),
    [
        (FAITHFUL.replace("£17,950.00", "£17,590.00"), "figure '17,590.00' is not in the facts"),
        (
            FAITHFUL.replace("INV-10024 (£12,000.00, due 31 Aug 2026)", "one more"),
            "invoice INV-10024 is missing",
        ),
        (
            FAITHFUL.replace("three invoices", "invoices INV-10026 and"),
            "unknown invoice-like token 'INV-10026'",
        ),
        (FAITHFUL.replace("due 1 Jul 2026", "due 2 Jul 2026"), "figure '2 jul 2026' is not in the facts"),
    ],
)
def test_a_tampered_rewrite_is_rejected_and_the_template_kept(
    world: Engine, llm_settings: Settings, openai_server: OpenAIServer, rewrite: str, reason: str
) -> None:
    openai_server.enqueue(Reply.text(rewrite))
    with capture_logs() as logs:
        draft = draft_c2(world, llm_settings)
    assert draft.method == "template"
    assert draft.body_text.startswith("Dear John Smith,") and "£17,590.00" not in draft.body_text
    [event] = [log for log in logs if log["event"] == "dunning_draft_llm_rejected"]
    assert event["customer_id"] == "C2" and reason in event["reason"]


def test_an_endpoint_failure_keeps_the_template(
    world: Engine, llm_settings: Settings, openai_server: OpenAIServer
) -> None:
    openai_server.enqueue(Reply.error(500), Reply.error(500))
    with capture_logs() as logs:
        draft = draft_c2(world, llm_settings)
    assert draft.method == "template"
    assert "the LLM endpoint failed" in next(
        log["reason"] for log in logs if log["event"] == "dunning_draft_llm_rejected"
    )


def test_invoice_like_tokens() -> None:
    text = "Invoices FA-2026-0012, INV10023 and F2026/7. (art. L441-10, 1er janvier, 12,15 %, Q3)"
    assert invoice_like_tokens(text) == {"FA-2026-0012", "INV10023", "F2026/7", "L441-10", "Q3"}
