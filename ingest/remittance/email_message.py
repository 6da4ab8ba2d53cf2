"""An email as AR Copilot needs it: headers, a text and an HTML body, and the attachments.

``.eml`` (RFC 822/MIME, also saved as UTF-16 or with an mbox ``From`` line) is read with the
standard library; Outlook ``.msg`` with ``extract-msg`` (:mod:`ingest.remittance.outlook_message`).
Every transfer encoding and charset is decoded (:func:`~ingest.remittance.email_parts.decode_text`),
RFC 2047/2231 names included.

Attachments keep their bytes; a forwarded message (``message/rfc822``, an embedded or attached
``.msg``, an attached ``.eml``) is also read as a nested :class:`MailMessage`, down to
``max_depth`` levels. Images the HTML shows (``cid:``) or inline without a file name, and the
body's own text parts, are not attachments. An attachment above ``max_attachment_bytes`` is
not loaded: it is a warning. Archives are never expanded.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email.policy
import quopri
import re
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from ingest.remittance.email_parts import (
    MESSAGE_TYPES,
    OLE_MAGIC,
    OUTLOOK_TYPE,
    MailAttachment,
    MailError,
    MailMessage,
    MailReading,
    body_cids,
    clean_header,
    decode_text,
    default_name,
    file_name,
    text_body,
    utc,
)
from ingest.remittance.outlook_message import opens_as_outlook_message, read_outlook
from ingest.text import SNIFF_BYTES, read_head

__all__ = ["MailAttachment", "MailError", "MailMessage", "has_email_headers", "is_email", "read_message"]

_STRONG_HEADERS = frozenset(
    ("from", "received", "subject", "mime-version", "return-path", "message-id", "delivered-to")
)
_KNOWN_HEADERS = _STRONG_HEADERS | {
    *("date", "to", "cc", "reply-to", "sender", "content-type", "content-transfer-encoding"),
    *("in-reply-to", "references", "x-original-to", "thread-topic", "x-mailer", "dkim-signature"),
}
_HEADER_LINE = re.compile(r"^([!-9;-~]+):")
_BODY_TEXT_TYPES = frozenset(("text/plain", "text/html", "text/enriched", "text/rfc822-headers"))


def is_email(path: Path) -> bool:
    """True for an RFC 822 message (headers at the top) or an Outlook ``.msg``. Never raises."""
    try:
        head = read_head(path)
    except OSError:
        return False
    if head.startswith(OLE_MAGIC):
        return opens_as_outlook_message(path)
    return has_email_headers(head, complete=len(head) < SNIFF_BYTES)


def has_email_headers(head: bytes, *, complete: bool = True) -> bool:
    """True when ``head`` starts with a block of RFC 822 header lines, two of them email headers
    (``From``, ``Received``, ``Subject``, ``MIME-Version``, ``Return-Path``…).

    With ``complete`` false, ``head`` was cut short (its last line is not judged) and one email
    header among header lines up to the cut is enough.
    """
    lines = _as_text(head[:SNIFF_BYTES]).splitlines()
    if not complete:
        lines = lines[:-1]
    if lines and lines[0].startswith("From "):
        lines = lines[1:]
    names: set[str] = set()
    for line in lines:
        if not line.strip():
            break
        if line[0] in " \t" and names:
            continue
        match = _HEADER_LINE.match(line)
        if match is None:
            return False
        names.add(match.group(1).lower())
    return len(names & _KNOWN_HEADERS) >= (2 if complete else 1) and bool(names & _STRONG_HEADERS)


def read_message(path: Path, *, max_attachment_bytes: int, max_depth: int = 3) -> MailMessage:
    """Read an ``.eml`` or ``.msg`` file; raise :class:`MailError` when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MailError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    reading = MailReading(max_attachment_bytes, max_depth)
    if data.startswith(OLE_MAGIC):
        return read_outlook(data, path.name, reading, 0, _attachment)
    return _read_eml(data, reading, 0)


def _utf16_codec(data: bytes) -> str | None:
    """The codec of a message saved as UTF-16 (a BOM, or a NUL beside its first letter)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(data) > 1 and bool(data[0]) != bool(data[1]):
        return "utf-16-le" if data[0] else "utf-16-be"
    return None


def _as_text(data: bytes) -> str:
    """Bytes of a message as text: UTF-16 decoded, else Latin-1 (every byte a character)."""
    codec = _utf16_codec(data)
    if codec is not None:
        return data.decode(codec, errors="replace")
    return data.removeprefix(codecs.BOM_UTF8).decode("latin-1")


def _read_eml(data: bytes, reading: MailReading, depth: int) -> MailMessage:
    if _utf16_codec(data) is not None:  # the parser wants the headers as ASCII bytes
        data = _as_text(data).encode("utf-8")
    message = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)  # the default policy builds EmailMessage objects
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    plain_text = _part_text(plain, reading, "text body") if plain is not None else ""
    html_text = _part_text(html, reading, "HTML body") if html is not None else None
    attachments: list[MailAttachment] = []
    _collect_attachments(message, (plain, html), body_cids(html_text), reading, depth, attachments)
    return MailMessage(
        subject=_header(message, "subject"),
        sender=_header(message, "from"),
        date=_date(_header(message, "date")),
        message_id=_header(message, "message-id"),
        text_body=text_body(plain_text, html_text),
        html_body=html_text,
        attachments=tuple(attachments),
        warnings=tuple(reading.warnings),
    )


def _collect_attachments(
    part: EmailMessage,
    bodies: tuple[object, ...],
    cids: set[str],
    reading: MailReading,
    depth: int,
    found: list[MailAttachment],
) -> None:
    content_type = part.get_content_type()
    if content_type in MESSAGE_TYPES:
        _add_forwarded(part, reading, depth, found)
        return
    if part.is_multipart():
        for child in part.iter_parts():
            assert isinstance(child, EmailMessage)
            _collect_attachments(child, bodies, cids, reading, depth, found)
        return
    if any(part is body for body in bodies):
        return
    raw_name = part.get_filename()
    disposition = part.get_content_disposition()
    content_id = (part.get("content-id") or "").strip("<> ").lower()
    if raw_name is None and disposition != "attachment" and content_type in _BODY_TEXT_TYPES:
        return  # an alternative or a fragment of the body
    if content_type.startswith("image/") and (
        content_id in cids or (raw_name is None and disposition != "attachment")
    ):
        return  # an image shown in the body (a logo, a signature)
    name = file_name(raw_name) or default_name(len(found) + 1, content_type)
    encoded = part.get_payload()
    if isinstance(encoded, str):  # judged before decoding: a huge attachment is never decoded
        is_base64 = part.get("content-transfer-encoding", "").lower() == "base64"
        characters = len(encoded) - encoded.count("\n") - encoded.count("\r")
        if reading.too_big(name, characters * 3 // 4 if is_base64 else characters):
            return
    content = part.get_payload(decode=True)
    if isinstance(content, bytes) and not reading.too_big(name, len(content)):
        found.append(_attachment(name, content, content_type, reading, depth))


def _add_forwarded(part: EmailMessage, reading: MailReading, depth: int, found: list[MailAttachment]) -> None:
    """A ``message/rfc822`` part: its bytes, and the message read from them."""
    inner = part.get_payload(0)
    assert isinstance(inner, EmailMessage)
    try:
        raw = inner.as_bytes()
        encoding = part.get("content-transfer-encoding", "").lower()
        if encoding == "base64":  # not allowed by RFC 2046, but Outlook writes it
            raw = base64.b64decode(raw)
        elif encoding == "quoted-printable":
            raw = quopri.decodestring(raw)
    except (ValueError, LookupError, UnicodeError, binascii.Error) as exc:
        reading.warnings.append(f"a forwarded message could not be read back as bytes ({exc})")
        return
    subject = _header(inner, "subject") if has_email_headers(raw) else None
    name = file_name(part.get_filename()) or file_name(f"{subject}.eml" if subject else None)
    name = name or default_name(len(found) + 1, "message/rfc822")
    if not reading.too_big(name, len(raw)):
        found.append(_attachment(name, raw, "message/rfc822", reading, depth))


def _attachment(
    name: str, content: bytes, content_type: str, reading: MailReading, depth: int
) -> MailAttachment:
    """An attachment; one that is a message (an ``.eml``, a ``.msg``) is read too, depth allowing."""
    is_outlook = content.startswith(OLE_MAGIC)
    is_eml = (
        not is_outlook
        and (content_type in MESSAGE_TYPES or name.lower().endswith(".eml"))
        and has_email_headers(content[:SNIFF_BYTES], complete=len(content) <= SNIFF_BYTES)
    )
    if not (is_outlook or is_eml):
        return MailAttachment(name, content, content_type)
    if depth >= reading.max_depth:
        reading.warnings.append(
            f"attachment {name}: a message nested deeper than {reading.max_depth} levels, not read"
        )
        return MailAttachment(name, content, content_type)
    try:
        if is_outlook:
            nested = read_outlook(content, name, reading.nested(), depth + 1, _attachment)
        else:
            nested = _read_eml(content, reading.nested(), depth + 1)
    except MailError:
        return MailAttachment(name, content, content_type)  # an OLE file that is no message: a .xls, a .doc
    return MailAttachment(name, content, OUTLOOK_TYPE if is_outlook else content_type, nested)


def _part_text(part: object, reading: MailReading, what: str) -> str:
    assert isinstance(part, EmailMessage)
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return decode_text(payload, part.get_content_charset(), reading, what)


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except Exception:  # the header parser fails in many ways on malformed headers; keep the raw text
        value = next((raw for key, raw in message.raw_items() if key.lower() == name), None)
    return clean_header(str(value)) if value is not None else None


def _date(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
