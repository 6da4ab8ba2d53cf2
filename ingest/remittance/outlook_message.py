"""Outlook ``.msg`` files (OLE compound files) read with ``extract-msg``.

The plain body is ``PR_BODY``; the HTML body is decoded in the charset its ``<meta>``
declares. Embedded messages are exported as ``.msg`` bytes and read in turn; images the HTML
shows (``cid:``) or hidden attachments that are images are not attachments.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import extract_msg
from extract_msg.msg_classes import MessageBase, MSGFile

from ingest.remittance.email_parts import (
    OUTLOOK_TYPE,
    AttachmentReader,
    MailAttachment,
    MailError,
    MailMessage,
    MailReading,
    body_cids,
    clean_header,
    clean_text,
    decode_text,
    default_name,
    file_name,
    text_body,
    utc,
)

T = TypeVar("T")
_META_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def opens_as_outlook_message(path: Path) -> bool:
    """True when extract-msg opens ``path`` as a message (an ``.xls`` is OLE too). Never raises."""
    try:
        with extract_msg.openMsg(str(path), delayAttachments=True) as item:
            return isinstance(item, MessageBase)
    except Exception:  # extract-msg fails in many ways on OLE files that are not messages
        return False


def read_outlook(
    data: bytes, name: str, reading: MailReading, depth: int, attach: AttachmentReader
) -> MailMessage:
    """Read the ``.msg`` bytes ``data``; ``attach`` builds each attachment (and reads nested ones)."""
    try:
        item = extract_msg.openMsg(data)
    except Exception as exc:  # extract-msg fails in many ways on damaged or foreign OLE files
        raise MailError(f"{name}: not a readable Outlook message ({exc})") from exc
    try:
        if not isinstance(item, MessageBase):
            raise MailError(f"{name}: an Outlook item but not a message ({type(item).__name__})")
        return _message(item, name, reading, depth, attach)
    finally:
        item.close()


def _message(
    item: MessageBase, name: str, reading: MailReading, depth: int, attach: AttachmentReader
) -> MailMessage:
    plain = _value(lambda: item.body, None, reading, f"{name}: text body")
    html_bytes = _value(lambda: item.htmlBody, None, reading, f"{name}: HTML body")
    html = None
    if isinstance(html_bytes, bytes):
        declared = _META_CHARSET.search(html_bytes[:4096])
        charset = declared.group(1).decode("ascii").lower() if declared else None
        html = decode_text(html_bytes, charset, reading, f"{name}: HTML body")
    cids = body_cids(html)
    no_attachments: list[object] = []
    attachments: list[MailAttachment] = []
    for attachment in _value(lambda: list(item.attachments), no_attachments, reading, f"{name}: attachments"):
        _add_attachment(attachment, cids, reading, depth, attach, attachments)
    return MailMessage(
        subject=clean_header(item.subject),
        sender=clean_header(item.sender),
        date=utc(_value(lambda: item.date, None, reading, f"{name}: date")),
        message_id=clean_header(item.messageId),
        text_body=text_body(clean_text(plain) if isinstance(plain, str) else "", html),
        html_body=html,
        attachments=tuple(attachments),
        warnings=tuple(reading.warnings),
    )


def _add_attachment(
    attachment: object,
    cids: set[str],
    reading: MailReading,
    depth: int,
    attach: AttachmentReader,
    found: list[MailAttachment],
) -> None:
    given = getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None)
    given = given or getattr(attachment, "displayName", None)
    data = getattr(attachment, "data", None)
    if isinstance(data, MSGFile):
        label = clean_header(given) or clean_header(getattr(data, "subject", None)) or "message"
        name = file_name(label if label.lower().endswith(".msg") else f"{label}.msg")
        name = name or default_name(len(found) + 1, OUTLOOK_TYPE)
        try:
            content = data.exportBytes()
        except Exception as exc:  # extract-msg fails in many ways on damaged embedded messages
            reading.warnings.append(f"attachment {name}: the embedded message could not be exported ({exc})")
            return
        if not reading.too_big(name, len(content)):
            found.append(attach(name, content, OUTLOOK_TYPE, reading, depth))
        return
    name = file_name(given)
    mimetype = getattr(attachment, "mimetype", None)
    content_type = mimetype or mimetypes.guess_type(name or "")[0] or "application/octet-stream"
    name = name or default_name(len(found) + 1, content_type)
    if not isinstance(data, bytes):
        reading.warnings.append(
            f"attachment {name}: no content that can be read ({type(attachment).__name__})"
        )
        return
    content_id = (getattr(attachment, "contentId", None) or "").strip("<> ").lower()
    if content_type.startswith("image/") and (content_id in cids or getattr(attachment, "hidden", False)):
        return  # an image shown in the body
    if not reading.too_big(name, len(data)):
        found.append(attach(name, data, content_type, reading, depth))


def _value(read: Callable[[], T], default: T, reading: MailReading, what: str) -> T:
    try:
        return read()
    except Exception as exc:  # extract-msg fails in many ways on damaged properties
        reading.warnings.append(f"{what} could not be read ({exc})")
        return default
