"""Every Block Kit payload the app builds, compared with golden JSON and checked against
Block Kit's limits (run ``pytest --update-golden`` after a deliberate change, and review)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from copilot.slack.blocks import answer_blocks, file_reply_blocks, help_blocks, kpi_blocks
from copilot.slack.card_blocks import (
    card_metadata,
    decision_line,
    draft_card,
    edit_draft_modal,
    edit_suggestion_modal,
    review_card,
)
from tests.golden import check_golden

GOLDEN = Path(__file__).parent / "golden"
WHEN = datetime(2026, 10, 31, 14, 5, tzinfo=UTC)
OVERDUE: dict[str, Any] = {
    "name": "overdue_customers",
    "args": {"min_days_late": 61},
    "result": {
        "kpi": "overdue",
        "as_of": "2026-10-31",
        "currency": "EUR",
        "value": "800.00",
        "rows": [
            {
                "customer_id": "C1",
                "customer_name": "Boulangerie Dupont SAS",
                "overdue": "500.00",
                "days_late": 78,
            },
            {
                "customer_id": "C3",
                "customer_name": "Dupont Frères SARL",
                "overdue": "300.00",
                "days_late": 122,
            },
        ],
    },
}
SUGGESTION: dict[str, Any] = {
    "suggestion_id": 7,
    "status": "pending",
    "confidence": 0.9,
    "payment_id": "P2",
    "booking_date": "2026-10-31",
    "amount": "900.00",
    "currency": "EUR",
    "payer_name": "CLIENT 0001 <&>",
    "customer_id": "C0001",
    "customer_name": "Client 0001 SAS",
    "unapplied_amount": "0.00",
    "reference": "FA-1",
    "explanation": ["reference FA-1 found", "80.00 short: deduction OTHER"],
    "lines": [
        {
            "invoice_number": "FA-1",
            "invoice_open_amount": "980.00",
            "due_date": "2026-10-31",
            "amount": "900.00",
            "discount_amount": "0.00",
            "deduction_amount": "80.00",
            "deduction_code": "OTHER",
            "deduction_reason": None,
        }
    ],
}
DRAFT: dict[str, Any] = {
    "draft_id": 3,
    "customer_id": "C1",
    "customer_name": "Boulangerie Dupont SAS",
    "stage": "reminder_1",
    "channel": "email",
    "to": "compta@dupont.example",
    "subject": "Relance : 2 factures échues",
    "body": "Bonjour,\n\nSauf erreur de notre part, FA-2026-0101 reste due.",
    "currency": "EUR",
    "total_open": "1650.50",
    "status": "draft",
}
DECIDED = "✅ " + decision_line("Approved", "UREVIEWER", "rita", WHEN)
PAYLOADS: dict[str, Any] = {
    "answer": answer_blocks("Two customers are over 60 days late: €800.00 <in total>.", [OVERDUE]),
    "answer_without_tools": answer_blocks("I answer questions on receivables.", []),
    "kpi": kpi_blocks("Aged balance", {**OVERDUE["result"], "kpi": "aging"}),
    "help": help_blocks(),
    "review_card": review_card(SUGGESTION),
    "review_card_decided": review_card(SUGGESTION, decision=DECIDED),
    "review_card_awaiting_second": review_card(
        SUGGESTION, decision="⏳ " + decision_line("Proposed", "UREVIEWER", "rita", WHEN), second_pk=4
    ),
    "draft_card": draft_card(DRAFT),
    "draft_card_approved": draft_card({**DRAFT, "status": "approved"}, done=DECIDED),
    "draft_card_sent": draft_card({**DRAFT, "status": "sent"}, done=DECIDED),
    "edit_suggestion_modal": edit_suggestion_modal(SUGGESTION, card_metadata(7, "CREVIEW", "1.2")),
    "edit_draft_modal": edit_draft_modal(DRAFT, card_metadata(3, "CREVIEW", "1.3")),
    "file_reply": file_reply_blocks(
        "avis.pdf",
        {"status": "ingested", "format": "pdf", "payments_new": 0, "remittances_new": 1},
        [
            {
                "payer_name": "Client 0001 SAS",
                "payment_amount": "1150.00",
                "currency": "EUR",
                "lines": [{"invoice_number": "FA-2026-0501", "paid_amount": "1000.00"}],
            }
        ],
        [SUGGESTION],
    ),
    "file_reply_duplicate": file_reply_blocks("avis.pdf", {"status": "duplicate_file"}, [], []),
}


def test_every_golden_file_has_its_payload() -> None:
    goldens = {path.name.removesuffix(".expected.json") for path in GOLDEN.glob("*.expected.json")}
    assert goldens == set(PAYLOADS)


def _texts(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node] if node.get("type") in {"mrkdwn", "plain_text"} else []
        return found + [text for value in node.values() for text in _texts(value)]
    if isinstance(node, list):
        return [text for item in node for text in _texts(item)]
    return []


def check_limits(blocks: list[dict[str, Any]]) -> None:
    """Block Kit's documented limits: 50 blocks a message, 3000 characters a section text, 10
    context elements, unique action ids within an actions block, button values up to 2000."""
    assert 0 < len(blocks) <= 50
    for block in blocks:
        assert block["type"] in {"section", "context", "actions", "input"}
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= 3000
        if block["type"] == "context":
            assert 0 < len(block["elements"]) <= 10
        if block["type"] == "actions":
            action_ids = [element["action_id"] for element in block["elements"]]
            assert len(set(action_ids)) == len(action_ids) <= 25
            assert all(len(element["value"]) <= 2000 for element in block["elements"])
    for text in _texts(blocks):
        assert isinstance(text["text"], str) and text["text"]


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_payload_matches_its_golden_file(name: str, update_golden: bool) -> None:
    payload = PAYLOADS[name]
    blocks = payload["blocks"] if isinstance(payload, dict) else payload
    check_limits(blocks)
    check_golden({"payload": payload}, GOLDEN / name, update_golden)


def test_mrkdwn_is_escaped_but_mentions_stay_mentions() -> None:
    [sentence, *_] = PAYLOADS["answer"]
    assert sentence["text"]["text"] == "Two customers are over 60 days late: €800.00 &lt;in total&gt;."
    assert "CLIENT 0001 &lt;&amp;&gt;" in PAYLOADS["review_card"][0]["text"]["text"]
    assert DECIDED == "✅ Approved by <@UREVIEWER> (rita) on 2026-10-31 at 14:05 UTC"
