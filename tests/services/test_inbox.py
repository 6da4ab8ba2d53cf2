"""Remittance emails received by SMTP (aiosmtpd) and read from a real Dovecot over IMAP, each stored once."""

from __future__ import annotations

import re
import smtplib
import threading
from collections.abc import Iterator
from datetime import timedelta
from email.policy import SMTP
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from copilot.db.engine import transaction
from copilot.db.inbox_models import InboxMessage, InboxState
from copilot.db.models import AuditEntry, Document
from copilot.db.types import utc_now
from copilot.services import inbox
from copilot.services.inbox import (
    InboxError,
    InboxOutcome,
    SmtpInbox,
    accept_message,
    message_key,
    parse_imap_url,
    poll_imap,
)
from copilot.settings import Settings
from tests.mail_servers import Dovecot, free_port, remittance_email, running_dovecot

RECEIVED = b"Received: from relay.client.example by mx.example.com; Tue, 3 Nov 2026 09:15:02 +0100\r\n"


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with running_dovecot() as server:
        yield server


@pytest.fixture
def smtp_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"inbox_smtp_port": free_port()})


def documents(engine: Engine) -> list[Document]:
    """The messages stored (attachments, stored as their children, are not counted)."""
    with transaction(engine) as session:
        return list(
            session.scalars(select(Document).where(Document.parent_pk.is_(None)).order_by(Document.id))
        )


def inbox_rows(engine: Engine) -> list[InboxMessage]:
    with transaction(engine) as session:
        return list(session.scalars(select(InboxMessage).order_by(InboxMessage.id)))


def test_message_ids_are_normalised_and_the_body_stands_in_when_there_is_none() -> None:
    folded = b"Message-ID:\r\n <Remit-42@Mail.Client.EXAMPLE>\r\nSubject: x\r\n\r\nbody\r\n"
    assert message_key(folded) == "<Remit-42@mail.client.example>"
    assert message_key(RECEIVED + folded) == message_key(b"Message-Id: <Remit-42@mail.client.example>\n\nb\n")
    without_id = b"Subject: Avis\r\nFrom: a@b.example\r\n\r\nFacture FA-1 payee\r\n"
    relayed = RECEIVED.replace(b"\r\n", b"\n") + without_id.replace(b"\r\n", b"\n")
    assert message_key(without_id) == message_key(relayed)
    assert message_key(without_id).startswith("body-sha256:")
    assert message_key(without_id) != message_key(without_id.replace(b"FA-1", b"FA-2"))


def test_smtp_stores_each_message_once(engine: Engine, smtp_settings: Settings) -> None:
    message = remittance_email(message_id="<avis-1@client.example>")
    raw = message.as_bytes(policy=SMTP)  # fixes the MIME boundary, so sending it again sends the same bytes
    with (
        SmtpInbox(engine, smtp_settings, actor="smtp:test"),
        smtplib.SMTP("127.0.0.1", smtp_settings.inbox_smtp_port) as client,
    ):
        assert client.send_message(message) == {}
        assert client.send_message(message) == {}
        relayed = RECEIVED + raw
        assert client.sendmail("compta@client.example", ["ar@example.com"], relayed) == {}
    stored = documents(engine)
    assert [(d.source, d.original_name.endswith(".eml")) for d in stored] == [("smtp", True)]
    kept = Path(stored[0].stored_path).read_bytes()
    assert b"<avis-1@client.example>" in kept and b'filename="avis_FA-2026-00001.pdf"' in kept
    rows = inbox_rows(engine)
    assert [(r.message_id, r.document_pk, r.source) for r in rows] == [
        ("<avis-1@client.example>", stored[0].id, "smtp")
    ]
    with transaction(engine) as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "inbox.message_received")
        )
        assert list(actions) == ["inbox.message_received"]
    assert not list((smtp_settings.data_dir / "inbox").glob("*.eml")), (
        "the spooled copy is removed once stored"
    )


def test_smtp_accepts_only_the_configured_recipients(engine: Engine, smtp_settings: Settings) -> None:
    configured = smtp_settings.model_copy(
        update={"inbox_addresses": ["AR@example.com", "remittances@example.com"]}
    )
    with (
        SmtpInbox(engine, configured, actor="smtp:test"),
        smtplib.SMTP("127.0.0.1", configured.inbox_smtp_port) as client,
    ):
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.send_message(remittance_email(message_id="<avis-2@client.example>", to="ceo@example.com"))
        assert refused.value.recipients["ceo@example.com"][0] == 550
        client.rset()
        assert (
            client.send_message(remittance_email(message_id="<avis-3@client.example>", to="ar@EXAMPLE.com"))
            == {}
        )
    assert [r.message_id for r in inbox_rows(engine)] == ["<avis-3@client.example>"]
    assert len(documents(engine)) == 1


def test_smtp_refuses_messages_over_the_size_limit(engine: Engine, smtp_settings: Settings) -> None:
    small = smtp_settings.model_copy(update={"inbox_max_message_mb": 0.002})
    with (
        SmtpInbox(engine, small, actor="smtp:test"),
        smtplib.SMTP("127.0.0.1", small.inbox_smtp_port) as client,
    ):
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            client.send_message(remittance_email(message_id="<big@client.example>"))
        assert refused.value.smtp_code == 552
    assert documents(engine) == []


def test_smtp_answers_451_when_storing_fails_and_the_retry_is_stored(
    engine: Engine, smtp_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_disk(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    message = remittance_email(message_id="<avis-4@client.example>")
    with (
        SmtpInbox(engine, smtp_settings, actor="smtp:test"),
        smtplib.SMTP("127.0.0.1", smtp_settings.inbox_smtp_port) as client,
    ):
        with monkeypatch.context() as patch:
            patch.setattr(inbox, "ingest_paths", broken_disk)
            with pytest.raises(smtplib.SMTPDataError) as failed:
                client.send_message(message)
        assert failed.value.smtp_code == 451
        assert inbox_rows(engine) == [], "a failed message leaves no claim behind"
        assert client.send_message(message) == {}
    assert [r.message_id for r in inbox_rows(engine)] == ["<avis-4@client.example>"]
    assert len(documents(engine)) == 1


def test_the_same_message_arriving_at_the_same_moment_is_stored_once(
    engine: Engine, settings: Settings
) -> None:
    raw = remittance_email(message_id="<avis-5@client.example>").as_bytes()
    copies = [raw, RECEIVED + raw, b"X-Forwarded: yes\n" + raw, RECEIVED + RECEIVED + raw]
    outcomes: list[InboxOutcome] = []
    barrier = threading.Barrier(len(copies))

    def receive(copy: bytes) -> None:
        barrier.wait()
        outcomes.append(accept_message(engine, settings, copy, source="smtp", actor="test"))

    threads = [threading.Thread(target=receive, args=(copy,)) for copy in copies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o.status for o in outcomes) == ["accepted"] + ["duplicate"] * 3
    assert len(documents(engine)) == 1
    assert len(inbox_rows(engine)) == 1


def test_a_claim_left_by_a_dead_process_is_taken_over(engine: Engine, settings: Settings) -> None:
    raw = remittance_email(message_id="<avis-6@client.example>").as_bytes()
    with transaction(engine) as session:
        session.add(InboxMessage(message_id="<avis-6@client.example>", source="imap", received_at=utc_now()))
    assert accept_message(engine, settings, raw, source="smtp", actor="test").status == "duplicate"
    with transaction(engine) as session:
        session.execute(update(InboxMessage).values(received_at=utc_now() - timedelta(hours=1)))
    outcome = accept_message(engine, settings, raw, source="smtp", actor="test")
    assert outcome.status == "accepted"
    assert [(r.document_pk, r.source) for r in inbox_rows(engine)] == [(outcome.document_pk, "smtp")]


def test_polling_twice_ingests_each_message_once(
    engine: Engine, settings: Settings, dovecot: Dovecot
) -> None:
    mailbox = dovecot.new_mailbox()
    dovecot.deliver(
        mailbox,
        remittance_email(message_id="<imap-1@client.example>").as_bytes(),
        remittance_email(message_id="<imap-2@client.example>", invoice="FA-2026-00002").as_bytes(),
        remittance_email(message_id=None, invoice="FA-2026-00003").as_bytes(),
    )
    first = poll_imap(settings, engine, actor="imap:test", url=dovecot.url(mailbox))
    assert (first.messages_new, first.duplicates) == (3, 0)
    assert [d.source for d in documents(engine)] == ["imap"] * 3
    assert dovecot.unseen(mailbox) == 0
    rows = inbox_rows(engine)
    assert [(r.mailbox, r.uid) for r in rows] == [(mailbox, 1), (mailbox, 2), (mailbox, 3)]
    assert rows[2].message_id.startswith("body-sha256:")

    second = poll_imap(settings, engine, actor="imap:test", url=dovecot.url(mailbox))
    assert (second.messages_new, second.duplicates, second.outcomes) == (0, 0, [])

    dovecot.deliver(mailbox, remittance_email(message_id="<imap-4@client.example>").as_bytes())
    third = poll_imap(settings, engine, actor="imap:test", url=dovecot.url(mailbox))
    assert [o.message_id for o in third.outcomes] == ["<imap-4@client.example>"]
    assert len(documents(engine)) == 4


def test_a_message_received_by_smtp_and_imap_is_stored_once(
    engine: Engine, smtp_settings: Settings, dovecot: Dovecot
) -> None:
    message = remittance_email(message_id="<both@client.example>")
    with (
        SmtpInbox(engine, smtp_settings, actor="smtp:test"),
        smtplib.SMTP("127.0.0.1", smtp_settings.inbox_smtp_port) as client,
    ):
        client.send_message(message)
    mailbox = dovecot.new_mailbox()
    dovecot.deliver(mailbox, RECEIVED + message.as_bytes(policy=SMTP))
    summary = poll_imap(smtp_settings, engine, actor="imap:test", url=dovecot.url(mailbox))
    assert (summary.messages_new, summary.duplicates) == (0, 1)
    assert summary.outcomes[0].document_pk == documents(engine)[0].id
    assert [d.source for d in documents(engine)] == ["smtp"]
    assert dovecot.unseen(mailbox) == 0, "a duplicate is flagged read too"


def test_a_new_uidvalidity_rereads_the_mailbox_without_storing_twice(
    engine: Engine, settings: Settings, dovecot: Dovecot
) -> None:
    mailbox = dovecot.new_mailbox()
    dovecot.deliver(mailbox, remittance_email(message_id="<uv-1@client.example>").as_bytes())
    assert poll_imap(settings, engine, actor="imap:test", url=dovecot.url(mailbox)).messages_new == 1
    with transaction(engine) as session:
        session.execute(update(InboxState).values(uid_validity=InboxState.uid_validity + 1))
    again = poll_imap(settings, engine, actor="imap:test", url=dovecot.url(mailbox))
    assert (again.messages_new, again.duplicates) == (0, 1)
    with transaction(engine) as session:
        assert session.scalar(select(InboxState.last_uid)) == 1
    assert len(documents(engine)) == 1


def test_mailbox_problems_are_one_line_errors(engine: Engine, settings: Settings, dovecot: Dovecot) -> None:
    with pytest.raises(InboxError, match="no IMAP mailbox"):
        poll_imap(settings, engine, actor="imap:test")
    with pytest.raises(InboxError, match="scheme must be imap"):
        parse_imap_url("pop3://ar:x@127.0.0.1/INBOX")
    with pytest.raises(InboxError, match="expected imap://user:password@host") as no_password:
        parse_imap_url("imap://ar@127.0.0.1/INBOX")
    assert "\n" not in str(no_password.value)
    with pytest.raises(
        InboxError, match=re.escape("[AUTHENTICATIONFAILED] Authentication failed.")
    ) as refused:
        poll_imap(settings, engine, actor="imap:test", url=dovecot.url("INBOX", password="wrong"))
    assert "wrong" not in str(refused.value)
    with pytest.raises(InboxError, match=r"SELECT|Mailbox doesn.t exist"):
        poll_imap(settings, engine, actor="imap:test", url=dovecot.url("NoSuchFolder"))
    tls = parse_imap_url("imaps://ar%40example.com:p%2Fw@mail.example.com/Remittances%20In")
    assert (tls.tls, tls.port, tls.user, tls.password, tls.mailbox) == (
        True,
        993,
        "ar@example.com",
        "p/w",
        "Remittances In",
    )
