"""Remittances shared in Slack: downloaded with the bot token, ingested once however many events
announce them, matched, and answered in the thread."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from copilot.db.engine import session_factory
from copilot.db.models import AuditEntry, Document, Remittance
from tests.remittance_pdfs import write_advice_pdf
from tests.services.cash_world import seed_customers, seed_invoice, seed_payment
from tests.slack.helpers import block_text, settle
from tests.slack.slack_mock import SlackMock, event_body, post_signed

JSON = "application/json"


@pytest.fixture
def advice(tmp_path: Path, engine: Engine) -> bytes:
    """A remittance PDF announcing 1,150.00 for two invoices of Client 0001, whose payment arrived."""
    seed_customers(engine, 1)
    seed_invoice(engine, "FA-2026-0501", "C0001", "1000.00")
    seed_invoice(engine, "FA-2026-0502", "C0001", "200.00")
    seed_payment(engine, "P9", "1150.00", None, payer="CLIENT 0001")
    path = write_advice_pdf(
        tmp_path / "avis.pdf",
        payer="Client 0001 SAS",
        payment_date="31/10/2026",
        amount="1 150,00",
        rows=[
            ("FA-2026-0501", "1 000,00", "0,00", "1 000,00", ""),
            ("FA-2026-0502", "200,00", "50,00", "150,00", "erreur de prix"),
        ],
    )
    return path.read_bytes()


def shared_message(user: str, file_id: str, name: str, *, channel: str, ts: str) -> dict[str, object]:
    return {
        "type": "message",
        "subtype": "file_share",
        "channel_type": "im" if channel.startswith("D") else "channel",
        "user": user,
        "text": "",
        "channel": channel,
        "ts": ts,
        "files": [{"id": file_id, "name": name}],
    }


def documents(engine: Engine) -> int:
    with session_factory(engine)() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(Document)
                .where(Document.source == "slack", Document.parent_pk.is_(None))
            )
            or 0
        )


def test_a_shared_pdf_is_ingested_once_and_answered_with_its_match(
    slack: TestClient, slack_api: SlackMock, engine: Engine, advice: bytes
) -> None:
    slack_api.share("F1", "avis.pdf", advice, channel="CREMIT", ts="700.1")
    message = event_body(shared_message("UCOLLECTOR", "F1", "avis.pdf", channel="CREMIT", ts="700.1"), "EvF1")
    shared = event_body(
        {"type": "file_shared", "file_id": "F1", "user_id": "UCOLLECTOR", "channel_id": "CREMIT"}, "EvF2"
    )
    for body in (message, shared):
        assert post_signed(slack, body, JSON).status_code == 200
    assert post_signed(slack, message, JSON, headers={"X-Slack-Retry-Num": "1"}).status_code == 200
    settle(slack)
    [download] = slack_api.of("download")
    assert download.headers["Authorization"] == "Bearer xoxb-test-bot-token"
    [reply] = slack_api.of("chat.postMessage")
    assert reply.data["channel"] == "CREMIT" and reply.data["thread_ts"] == "700.1"
    text = block_text(reply.data["blocks"])
    assert "avis.pdf" in text and "1 remittance advices" in text
    assert "Remittance from Client 0001 SAS: 1150.00 EUR — FA-2026-0501 1000.00, FA-2026-0502 150.00" in text
    assert "Match suggestions" in text and "P9" in text and "FA-2026-0501 FA-2026-0502" in text
    assert documents(engine) == 1
    with session_factory(engine)() as session:
        [remittance] = session.scalars(select(Remittance))
        ingested = session.scalars(
            select(AuditEntry.actor).where(AuditEntry.action == "document.ingested")
        ).all()
    assert remittance.payment_pk is not None and ingested == ["user:colin"]


def test_a_shared_email_in_a_direct_message_is_ingested_once(
    slack: TestClient, slack_api: SlackMock, engine: Engine, advice: bytes
) -> None:
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = "compta@client1.fr", "ar@acme.fr", "Avis de paiement"
    email.set_content("Bonjour,\nci-joint notre avis.\n")
    email.add_attachment(advice, maintype="application", subtype="pdf", filename="avis.pdf")
    slack_api.share("F2", "avis.eml", email.as_bytes(), channel="D7", ts="800.1")
    message = event_body(shared_message("UREVIEWER", "F2", "avis.eml", channel="D7", ts="800.1"), "EvF3")
    post_signed(slack, message, JSON)
    [reply] = slack_api.wait_for("chat.postMessage")
    assert reply.data["thread_ts"] == "800.1"
    text = block_text(reply.data["blocks"])
    assert "*avis.eml* (eml)" in text and "Remittance from Client 0001 SAS: 1150.00 EUR" in text
    again = event_body(shared_message("UREVIEWER", "F2", "avis.eml", channel="D7", ts="800.2"), "EvF4")
    post_signed(slack, again, JSON)
    settle(slack)
    assert len(slack_api.of("download")) == 1 and len(slack_api.of("chat.postMessage")) == 1
    assert documents(engine) == 1


def test_a_viewer_cannot_upload(
    slack: TestClient, slack_api: SlackMock, engine: Engine, advice: bytes
) -> None:
    slack_api.share("F3", "avis.pdf", advice, channel="CREMIT", ts="900.1")
    post_signed(
        slack,
        event_body(shared_message("UVIEWER", "F3", "avis.pdf", channel="CREMIT", ts="900.1"), "EvF5"),
        JSON,
    )
    [refused] = slack_api.wait_for("chat.postEphemeral")
    assert (
        refused.data["user"] == "UVIEWER"
        and "You are a viewer; this needs a collector" in refused.data["text"]
    )
    settle(slack)
    assert slack_api.of("download") == [] and documents(engine) == 0
