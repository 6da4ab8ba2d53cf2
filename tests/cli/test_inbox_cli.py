"""``arcopilot inbox --once`` against a real Dovecot, and its one-line errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.cli.conftest import Invoke, json_of
from tests.mail_servers import Dovecot, remittance_email, running_dovecot


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with running_dovecot() as server:
        yield server


def test_inbox_once_reads_new_mail_then_nothing(arcopilot: Invoke, dovecot: Dovecot) -> None:
    mailbox = dovecot.new_mailbox()
    dovecot.deliver(
        mailbox,
        remittance_email(message_id="<cli-1@client.example>").as_bytes(),
        remittance_email(message_id="<cli-2@client.example>", invoice="FA-2026-00002").as_bytes(),
    )
    first = arcopilot("inbox", "--once", "--imap", dovecot.url(mailbox), "--json")
    assert first.exit_code == 0, first.output
    summary = json_of(first)
    assert (summary["messages_new"], summary["duplicates"]) == (2, 0)
    assert [d["message_id"] for d in summary["documents"]] == [
        "<cli-1@client.example>",
        "<cli-2@client.example>",
    ]
    assert all(isinstance(d["id"], int) and d["status"] == "accepted" for d in summary["documents"])
    stored = json_of(arcopilot("documents", "--json"))["documents"]
    assert len([d for d in stored if d["name"].endswith(".eml")]) == 2

    again = arcopilot("inbox", "--once", "--imap", dovecot.url(mailbox), "--json")
    assert json_of(again) == {"messages_new": 0, "duplicates": 0, "documents": []}

    text = arcopilot("inbox", "--once", "--imap", dovecot.url(mailbox))
    assert text.exit_code == 0 and "0 new messages, 0 already received" in text.stdout


def test_inbox_errors_are_one_line_without_traceback(arcopilot: Invoke, dovecot: Dovecot) -> None:
    no_mailbox = arcopilot("inbox", "--once")
    assert no_mailbox.exit_code == 2
    assert "pass --imap URL or set ARCOPILOT_INBOX_IMAP_URL" in no_mailbox.stderr

    nothing = arcopilot("inbox", "--no-smtp")
    assert nothing.exit_code == 2 and "nothing to receive" in nothing.stderr

    refused = arcopilot("inbox", "--once", "--imap", dovecot.url("INBOX", password="wrong"))
    assert refused.exit_code == 1
    assert "Traceback" not in refused.output
    assert "[AUTHENTICATIONFAILED] Authentication failed." in " ".join(refused.stderr.split())
    assert "wrong" not in refused.stderr
