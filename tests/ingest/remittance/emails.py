"""Emails and OLE files written by the tests, and where the email fixtures are."""

from __future__ import annotations

import struct
from email.message import EmailMessage
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "email"
CORPUS = FIXTURES / "corpus"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def email_message(subject: str, body: str, *, html: str | None = None) -> EmailMessage:
    """A message with the usual headers, a plain body and, given ``html``, an HTML alternative."""
    message = EmailMessage()
    message["From"] = "Comptabilité ACME <compta@acme.example>"
    message["To"] = "ar@supplier.example"
    message["Subject"] = subject
    message["Date"] = "Tue, 06 Oct 2026 09:30:00 +0200"
    message["Message-ID"] = "<test@acme.example>"
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def write_message(path: Path, message: EmailMessage) -> Path:
    """Write ``message`` as an ``.eml`` file."""
    path.write_bytes(message.as_bytes())
    return path


def forwarded(outer_subject: str, inner: EmailMessage) -> EmailMessage:
    """A message forwarding ``inner`` as a ``message/rfc822`` attachment."""
    message = email_message(outer_subject, "Message transféré en pièce jointe.")
    message.add_attachment(inner, filename="avis transféré.eml")
    return message


def ole_file(stream_name: str, data: bytes) -> bytes:
    """A minimal OLE compound file (version 3) with one stream, like an ``.xls``'s ``Workbook``.

    ``data`` is padded to 4,096 bytes so that it sits in regular sectors (no mini stream).
    """
    sector = 512
    data = data.ljust(4096, b"\0")
    data_sectors = len(data) // sector
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = [fat_sector, end, *range(3, 2 + data_sectors), end]
    fat_bytes = b"".join(struct.pack("<I", entry) for entry in fat).ljust(sector, b"\xff")

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", no_stream, no_stream, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IIxxxx", start, size)
        )

    empty = b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", no_stream, no_stream, no_stream)
    empty = empty.ljust(128, b"\0")
    directory = entry("Root Entry", 5, 1, end, 0) + entry(stream_name, 2, no_stream, 2, len(data)) + empty * 2
    return header + fat_bytes + directory + data
