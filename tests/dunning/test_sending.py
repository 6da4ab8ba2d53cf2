"""Approval and sending through a local SMTP server: the message that arrives is parsed and checked,
a draft is sent once however many ``send`` runs there are, even two at the same time."""

from __future__ import annotations

import threading
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from copilot.db.dunning_models import DunningDraft
from copilot.db.engine import session_factory, transaction
from copilot.db.models import AuditEntry
from copilot.dunning.approval import approve_draft
from copilot.dunning.drafting import create_draft
from copilot.dunning.errors import DunningError
from copilot.dunning.sending import SendOutcome, parse_smtp_url, send_approved
from copilot.settings import Settings
from tests.dunning.conftest import plain
from tests.dunning.smtp_server import Mailbox
from tests.dunning.world import AS_OF

SENT_ON = date(2026, 11, 2)
SCENARIOS_WITH_EMAILED_NOTICE = """
default:
  - {key: reminder_1, offset_days: 7, channel: email, tone: courteous}
  - {key: formal_notice, offset_days: 45, channel: email, tone: formal, legal_notice: true}
"""


@pytest.fixture
def mail_settings(world_settings: Settings, smtp_server: Mailbox) -> Settings:
    return world_settings.model_copy(update={"smtp_url": smtp_server.url})


def approved(engine: Engine, settings: Settings, customer: str, **options: object) -> int:
    with transaction(engine) as session:
        draft = create_draft(session, settings, customer, as_of=AS_OF, actor="test", **options)  # type: ignore[arg-type]
        approve_draft(session, draft.id, user="marie")
        return draft.id


def stored(engine: Engine, draft_id: int) -> DunningDraft:
    with session_factory(engine)() as session:
        found = session.get(DunningDraft, draft_id)
        assert found is not None
        return found


def body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None
    return plain(part.get_content())


def test_an_approved_reminder_arrives_once(
    world: Engine, mail_settings: Settings, smtp_server: Mailbox
) -> None:
    draft_id = approved(world, mail_settings, "C1")
    [outcome] = send_approved(world, mail_settings, as_of=SENT_ON, actor="cli:test")
    assert (outcome.draft_id, outcome.status, outcome.to) == (draft_id, "sent", "compta@dupont.example")
    [(recipients, message)] = smtp_server.received
    assert recipients == ["compta@dupont.example"]
    assert message["To"] == "compta@dupont.example"
    assert message["From"] == "Relances <relances@martin.example>"
    assert message["Subject"] == "Relance : 2 factures échues — Boulangerie Dupont SAS"
    assert message["Message-ID"] == outcome.message_id
    text, html = body(message, "plain"), body(message, "html")
    for figure in ("FA-2026-0101", "FA-2026-0102", "1 200,00 €", "450,50 €", "1 650,50 €"):
        assert figure in text and figure in html
    draft = stored(world, draft_id)
    assert (draft.status, draft.sent_on, draft.message_id, draft.error) == (
        "sent",
        SENT_ON,
        outcome.message_id,
        None,
    )
    assert send_approved(world, mail_settings, as_of=SENT_ON, actor="cli:test") == []
    assert len(smtp_server.received) == 1
    with session_factory(world)() as session:
        audit = list(session.execute(select(AuditEntry.action, AuditEntry.actor).order_by(AuditEntry.id)))
    assert [tuple(row) for row in audit] == [
        ("dunning_draft_created", "test"),
        ("dunning_draft_approved", "marie"),
        ("dunning_draft_sent", "cli:test"),
    ]


def test_drafts_not_approved_are_not_sent(
    world: Engine, mail_settings: Settings, smtp_server: Mailbox
) -> None:
    with transaction(world) as session:
        create_draft(session, mail_settings, "C1", as_of=AS_OF, actor="test")
    assert send_approved(world, mail_settings, as_of=SENT_ON, actor="t") == []
    assert smtp_server.received == []


def test_sending_chosen_drafts_leaves_the_other_approved_ones(
    world: Engine, mail_settings: Settings, smtp_server: Mailbox
) -> None:
    dupont, acme = approved(world, mail_settings, "C1"), approved(world, mail_settings, "C2")
    [outcome] = send_approved(world, mail_settings, as_of=SENT_ON, actor="t", draft_ids=[acme])
    assert (outcome.draft_id, outcome.to) == (acme, "ap@acme.example")
    assert [message["To"] for message in smtp_server.messages] == ["ap@acme.example"]
    assert stored(world, dupont).status == "approved"


def test_only_a_draft_can_be_approved(world: Engine, mail_settings: Settings) -> None:
    draft_id = approved(world, mail_settings, "C1")
    with (
        transaction(world) as session,
        pytest.raises(DunningError, match=r"draft .* is approved; only a draft"),
    ):
        approve_draft(session, draft_id, user="paul")


def test_two_concurrent_sends_send_each_draft_once(
    world: Engine, mail_settings: Settings, smtp_server: Mailbox
) -> None:
    ids = {approved(world, mail_settings, "C1"), approved(world, mail_settings, "C2")}
    smtp_server.delay = 0.3
    start = threading.Barrier(2)
    results: list[list[SendOutcome]] = []

    def run() -> None:
        start.wait()
        results.append(send_approved(world, mail_settings, as_of=SENT_ON, actor="t"))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 2
    sent = sorted(outcome.draft_id for result in results for outcome in result)
    assert sent == sorted(ids)
    assert sorted(message["To"] for message in smtp_server.messages) == [
        "ap@acme.example",
        "compta@dupont.example",
    ]


def test_a_customer_without_an_email_address_is_not_sent_and_the_error_is_kept(
    world: Engine, mail_settings: Settings, smtp_server: Mailbox
) -> None:
    draft_id = approved(world, mail_settings, "C3")
    [outcome] = send_approved(world, mail_settings, as_of=SENT_ON, actor="t")
    assert outcome.status == "failed" and outcome.error == "Dupont Frères SARL (C3) has no e-mail address"
    draft = stored(world, draft_id)
    assert (draft.status, draft.error) == ("approved", "Dupont Frères SARL (C3) has no e-mail address")
    assert smtp_server.received == []


def test_a_letter_is_printed_not_mailed(
    world: Engine, world_settings: Settings, smtp_server: Mailbox
) -> None:
    draft_id = approved(world, world_settings, "C1", stage="formal_notice")  # default scenario: by letter
    pdf = Path(stored(world, draft_id).pdf_path or "")
    pdf.unlink()  # the file went missing: it is written again from the draft's facts
    [outcome] = send_approved(world, world_settings, as_of=SENT_ON, actor="t")  # no SMTP server needed
    assert (outcome.status, outcome.pdf_path, outcome.message_id) == ("printed", str(pdf), None)
    assert pdf.exists() and stored(world, draft_id).status == "sent"
    assert smtp_server.received == []


def test_a_formal_notice_by_email_carries_the_pdf_letter(
    world: Engine, mail_settings: Settings, smtp_server: Mailbox, tmp_path: Path
) -> None:
    scenarios = tmp_path / "scenarios.yml"
    scenarios.write_text(SCENARIOS_WITH_EMAILED_NOTICE, encoding="utf-8")
    settings = mail_settings.model_copy(update={"dunning_scenarios_file": scenarios})
    draft_id = approved(world, settings, "C2", stage="formal_notice")
    [outcome] = send_approved(world, settings, as_of=SENT_ON, actor="t")
    assert outcome.status == "sent"
    [message] = smtp_server.messages
    assert message["Subject"] == "Formal notice to pay — Acme Widgets Ltd"
    assert "£18,482.85" in body(message, "plain") and "£18,482.85" in body(message, "html")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == f"2026-10-31-C2-formal_notice-{draft_id}.pdf"
    assert attachment.get_content().startswith(b"%PDF")


def test_sending_needs_a_server_and_a_sender(world: Engine, world_settings: Settings) -> None:
    approved(world, world_settings, "C1")
    with pytest.raises(DunningError, match="no SMTP server: set ARCOPILOT_SMTP_URL"):
        send_approved(world, world_settings, as_of=SENT_ON, actor="t")


def test_smtp_urls() -> None:
    server = parse_smtp_url("smtps://ar%40martin.example:p%2Fss@mail.example")
    assert (server.host, server.port, server.tls, server.user, server.password) == (
        "mail.example",
        465,
        True,
        "ar@martin.example",
        "p/ss",
    )
    assert parse_smtp_url("smtp://mail.example:587?starttls=true").starttls is True
    with pytest.raises(DunningError, match="scheme must be smtp:// or smtps://"):
        parse_smtp_url("http://mail.example")
