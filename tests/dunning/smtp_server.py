"""A local SMTP server (aiosmtpd) that keeps every message it receives, for the sending tests."""

from __future__ import annotations

import asyncio
import email
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.mail_servers import free_port


@dataclass
class Mailbox:
    """What the server received: one (envelope recipients, parsed message) per message."""

    host: str = "127.0.0.1"
    port: int = 0
    delay: float = 0.0
    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return [message for _, message in self.received]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)  # widens the window two concurrent senders race in
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    """An SMTP server on a free port of 127.0.0.1 for one test."""
    mailbox = Mailbox(port=free_port())
    controller = Controller(mailbox, hostname=mailbox.host, port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
