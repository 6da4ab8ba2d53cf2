"""Real mail servers for the inbox tests: a throwaway Dovecot (IMAP) and remittance emails to send it.

Dovecot comes from the Debian package ``dovecot-imapd``; when it is missing the tests fail with
a message saying so (CI installs it). Each test reads its own mailbox folder of one account.
"""

from __future__ import annotations

import getpass
import imaplib
import io
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import pytest
from reportlab.pdfgen.canvas import Canvas

DOVECOT = Path("/usr/sbin/dovecot")
USER, PASSWORD = "ar", "s3cret/p@ss"  # characters a URL must percent-encode
START_TIMEOUT_SECONDS = 30


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Dovecot:
    """A running Dovecot with one account (``USER``/``PASSWORD``)."""

    port: int

    def url(self, mailbox: str, *, password: str = PASSWORD) -> str:
        """The ``imap://`` URL of ``mailbox`` (the password percent-encoded)."""
        return f"imap://{USER}:{quote(password, safe='')}@127.0.0.1:{self.port}/{mailbox}"

    @contextmanager
    def client(self) -> Iterator[imaplib.IMAP4]:
        with imaplib.IMAP4("127.0.0.1", self.port, timeout=30) as imap:
            imap.login(USER, PASSWORD)
            yield imap

    def new_mailbox(self) -> str:
        """A new, empty folder for one test."""
        name = f"T{uuid.uuid4().hex[:10]}"
        with self.client() as imap:
            assert imap.create(name)[0] == "OK"
        return name

    def deliver(self, mailbox: str, *messages: bytes) -> None:
        """Put messages in ``mailbox`` as unread mail, the way an MTA would."""
        with self.client() as imap:
            for raw in messages:
                status, detail = imap.append(mailbox, None, None, raw)
                assert status == "OK", detail

    def unseen(self, mailbox: str) -> int:
        with self.client() as imap:
            imap.select(mailbox, readonly=True)
            status, data = imap.uid("SEARCH", "UNSEEN")
            assert status == "OK", data
            return len(data[0].split())


def _accounts() -> tuple[str, str, int, int]:
    """Login user, internal user, and the uid/gid mail is stored as.

    As root, Dovecot refuses to handle mail as root: the package's own users do it. Otherwise
    everything runs as the current user."""
    if os.geteuid() == 0:
        mail = pwd.getpwnam("dovecot")
        return "dovenull", "dovecot", mail.pw_uid, mail.pw_gid
    return getpass.getuser(), getpass.getuser(), os.getuid(), os.getgid()


def _config(root: Path, port: int) -> str:
    login_user, internal_user, uid, gid = _accounts()
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
auth_mechanisms = plain login
disable_plaintext_auth = no
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
}}
"""


@contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    """Start ``dovecot -F`` on a free port in a temporary folder; stop it afterwards."""
    if not DOVECOT.exists():
        pytest.fail(f"{DOVECOT} not found: install the Debian package dovecot-imapd to run the IMAP tests")
    root = Path(tempfile.mkdtemp(prefix="arcopilot-dovecot-"))
    root.chmod(0o755)  # the mail and login users must reach their folders
    _, _, uid, gid = _accounts()
    (root / "mail").mkdir()
    os.chown(root / "mail", uid, gid)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n", encoding="utf-8")
    port = free_port()
    (root / "dovecot.conf").write_text(_config(root, port), encoding="utf-8")
    process = subprocess.Popen(
        [str(DOVECOT), "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(process, root, port)
        yield Dovecot(port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


def _wait_for_port(process: subprocess.Popen[bytes], root: Path, port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            log = (
                (root / "dovecot.log").read_text(errors="replace") if (root / "dovecot.log").exists() else ""
            )
            pytest.fail(f"dovecot exited with {process.returncode}: {output}{log}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"dovecot did not listen on 127.0.0.1:{port} within {START_TIMEOUT_SECONDS} s")


def remittance_pdf(invoice: str, amount: str) -> bytes:
    """A one-page remittance advice, as a customer's accounting system would attach it."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    canvas.drawString(72, 760, "Avis de paiement - Société Cliente SAS")
    canvas.drawString(72, 740, f"Facture {invoice}    Montant payé {amount} EUR")
    canvas.save()
    return buffer.getvalue()


def remittance_email(
    *, message_id: str | None, invoice: str = "FA-2026-00001", to: str = "ar@example.com"
) -> EmailMessage:
    """A forwarded remittance email with a PDF attachment."""
    message = EmailMessage()
    message["From"] = "compta@client.example"
    message["To"] = to
    message["Subject"] = f"Avis de paiement {invoice}"
    message["Date"] = "Tue, 03 Nov 2026 09:15:00 +0100"
    if message_id is not None:
        message["Message-ID"] = message_id
    message.set_content(
        f"Bonjour,\n\nVeuillez trouver ci-joint l'avis de paiement de la facture {invoice}.\n"
    )
    message.add_attachment(
        remittance_pdf(invoice, "1 000,00"),
        maintype="application",
        subtype="pdf",
        filename=f"avis_{invoice}.pdf",
    )
    return message
