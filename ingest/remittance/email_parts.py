"""What the ``.eml`` and ``.msg`` readers share: the shape of a read message, text decoding,
attachment names and the size limit.

Text in a declared charset is decoded as such; undeclared or unknown, as UTF-8 if it is
valid, else Windows-1252, with replacement characters and a warning, never an error. C1
control characters (never text) are taken as the Windows-1252 punctuation that was
mislabelled as Latin-1 (``\\x85`` → ``…``).
"""

from __future__ import annotations

import codecs
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ingest.reader import ReaderError
from ingest.remittance.html_tables import read_html, render_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DEFAULT_MAX_ATTACHMENT_BYTES = 50_000_000
MESSAGE_TYPES = frozenset(("message/rfc822", "message/global"))
OUTLOOK_TYPE = "application/vnd.ms-outlook"
_MB = 1_000_000
_CID = re.compile(r"cid:([^\"'\s>)]+)", re.IGNORECASE)
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
_C1_AS_CP1252 = {
    code: bytes([code]).decode("cp1252") for code in range(0x80, 0xA0) if code not in _CP1252_UNDEFINED
}


class MailError(ReaderError):
    """A file that looked like an email but cannot be read as one."""


@dataclass(frozen=True)
class MailAttachment:
    """A file attached to a message; ``nested`` when it is itself a message that was read."""

    name: str
    content: bytes
    content_type: str
    nested: MailMessage | None = None


@dataclass(frozen=True)
class MailMessage:
    """One email: ``text_body`` is the plain part, else text rendered from the HTML part;
    ``warnings`` say what was decoded with replacements or left out (oversized attachments)."""

    subject: str | None
    sender: str | None
    date: datetime | None
    message_id: str | None
    text_body: str
    html_body: str | None
    attachments: tuple[MailAttachment, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass
class MailReading:
    """The limits of one read, and the warnings of the message being read."""

    max_attachment_bytes: int
    max_depth: int
    warnings: list[str] = field(default_factory=list)

    def nested(self) -> MailReading:
        """The reading of a message inside this one: same limits, its own warnings."""
        return MailReading(self.max_attachment_bytes, self.max_depth)

    def too_big(self, name: str, size: int) -> bool:
        """True, with a warning, when an attachment of ``size`` bytes is above the limit."""
        if size <= self.max_attachment_bytes:
            return False
        limit = self.max_attachment_bytes / _MB
        self.warnings.append(f"attachment {name} is {size / _MB:.3g} MB, above the limit ({limit:.3g} MB)")
        return True


AttachmentReader = Callable[[str, bytes, str, MailReading, int], MailAttachment]
"""Builds an attachment from its name, bytes and type at a depth, reading it when it is a message."""


def decode_text(data: bytes, charset: str | None, reading: MailReading, what: str) -> str:
    """``data`` as text in ``charset``; undeclared or unknown: UTF-8 if valid, else Windows-1252."""
    codec = None
    if charset not in (None, "us-ascii", "ascii"):
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            reading.warnings.append(
                f"{what}: unknown charset {charset!r}, decoded with replacement characters"
            )
    if codec is not None:
        try:
            return clean_text(data.decode(codec))
        except UnicodeDecodeError:
            reading.warnings.append(f"{what}: not valid {charset}, undecodable bytes replaced")
            return clean_text(data.decode(codec, errors="replace"))
    try:
        return clean_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        return clean_text(data.decode("cp1252", errors="replace"))


def clean_text(text: str) -> str:
    """Line ends as ``\\n``, no NULs, C1 controls as Windows-1252 punctuation."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").translate(_C1_AS_CP1252)


def clean_header(value: object) -> str | None:
    """A header value on one line with single spaces; ``None`` when absent or blank."""
    if not isinstance(value, str):
        return None
    return " ".join(clean_text(value).split()) or None


def text_body(plain: str, html: str | None) -> str:
    """The plain part, or the HTML part rendered as text when the plain part is blank."""
    if plain.strip() or html is None:
        return plain
    return render_text(read_html(html))


def body_cids(html: str | None) -> set[str]:
    """The content ids the HTML body shows (``cid:`` references), lower-case."""
    return {cid.lower() for cid in _CID.findall(html or "")}


def utc(value: object) -> datetime | None:
    """A datetime in UTC (a naive one is taken as UTC); ``None`` for anything else."""
    if not isinstance(value, datetime):
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def file_name(raw: object) -> str | None:
    """A safe file name: the last path component, no control characters; ``None`` when empty."""
    if not isinstance(raw, str):
        return None
    base = re.split(r"[\\/]", raw)[-1]
    name = "".join(char for char in base if char.isprintable()).strip().strip(".")
    return name[:200] or None


def default_name(number: int, content_type: str) -> str:
    """``attachment-3.pdf``: the name of the ``number``-th attachment when it has none."""
    if content_type in MESSAGE_TYPES:
        extension: str | None = ".eml"
    elif content_type == OUTLOOK_TYPE:
        extension = ".msg"
    else:
        extension = mimetypes.guess_extension(content_type)
    return f"attachment-{number}{extension or '.bin'}"
