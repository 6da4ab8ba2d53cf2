"""Remittance advices in the body of an email (``.eml`` or Outlook ``.msg``).

The HTML body's tables are read like a remittance sheet (header fields in the text above a
table, a table with invoice-number and paid-amount columns, a totals row); with no such
table, the text body (the plain part, else the HTML rendered as text) goes to the text
parser that also reads PDFs. Attachments are not read here: :func:`email_attachments` gives
them, and each is ingested as a document of its own. A body without a remittance is no error
when the email has attachments; without either, it is a :class:`ReaderError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ingest.ledger.table import Row
from ingest.reader import ReaderError, RowErrors
from ingest.records import DocumentFormat, RemittanceRecord, RowError
from ingest.remittance.columns import remittance_header_score
from ingest.remittance.email_message import is_email, read_message
from ingest.remittance.email_parts import DEFAULT_MAX_ATTACHMENT_BYTES, OLE_MAGIC, MailAttachment, MailMessage
from ingest.remittance.grid import find_grids
from ingest.remittance.html_tables import body_rows, read_html
from ingest.remittance.layout import plain_text_document
from ingest.remittance.parse import read_text_remittances, with_payment_fields
from ingest.remittance.sheet import remittance_from_grid
from ingest.text import read_head
from tools.money import normalise_currency

HTML_BODY = "HTML body"
_MAIL_HEADER = re.compile(r"^\W*(from|de|sent|envoyé|to|à|cc|subject|objet|date)\s*:", re.IGNORECASE)
_RECIPIENT_OR_SUBJECT = frozenset(("to", "à", "subject", "objet", "sent", "envoyé"))
_QUOTE_MARKS = re.compile(r"^(?:> ?)+")


class EmailRowErrors(RowErrors):
    """Lines of a remittance table in an email body that could not be read."""


class EmailRemittanceReader:
    """Remittance advices in an email body; the format (``eml`` or ``msg``) is told by content."""

    name = "email"

    def __init__(
        self, default_currency: str = "EUR", *, max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES
    ) -> None:
        self.default_currency = normalise_currency(default_currency)
        self.max_attachment_bytes = max_attachment_bytes
        self._last: tuple[tuple[str, int, int], MailMessage] | None = None

    def _message(self, path: Path) -> MailMessage:
        """The message at ``path``, parsed once for the body, attachments, text and notices that
        reading one document asks for (the last one read is kept while the file is unchanged)."""
        try:
            stat = path.stat()
        except OSError:
            return read_message(path, max_attachment_bytes=self.max_attachment_bytes)
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        message = read_message(path, max_attachment_bytes=self.max_attachment_bytes)
        self._last = (key, message)
        return message

    def identify(self, path: Path) -> bool:
        """True for an RFC 822 message or an Outlook message. Never raises."""
        return is_email(path)

    def document_format(self, path: Path) -> DocumentFormat:
        """``"msg"`` for an Outlook (OLE) file, ``"eml"`` otherwise."""
        try:
            return "msg" if read_head(path, len(OLE_MAGIC)) == OLE_MAGIC else "eml"
        except OSError as exc:
            raise ReaderError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc

    def iter_remittances(self, path: Path) -> Iterator[RemittanceRecord]:
        """Yield the body's remittances; then, if some table rows were bad, raise :class:`RowErrors`."""
        message = self._message(path)
        yield from body_remittances(
            message,
            name=path.name,
            format_=self.document_format(path),
            default_currency=self.default_currency,
        )

    def attachments(self, path: Path) -> list[tuple[str, bytes]]:
        """``(name, content)`` of each attachment, to be stored and ingested as documents of their own."""
        return [(attachment.name, attachment.content) for attachment in self._message(path).attachments]

    def body_text(self, path: Path) -> str:
        """The body as text (for the LLM path)."""
        return self._message(path).text_body

    def notices(self, path: Path) -> list[str]:
        """What reading the message left out or decoded with replacements (oversized attachments…)."""
        return list(self._message(path).warnings)


def body_remittances(
    message: MailMessage, *, name: str, format_: DocumentFormat, default_currency: str
) -> Iterator[RemittanceRecord]:
    """The remittances in ``message``'s body: its HTML tables, else its text."""
    errors: list[RowError] = []
    found = [
        with_payment_fields(record, plain_text_document(_unquoted_body(message.text_body)))
        for record in _table_remittances(message.html_body, name, format_, default_currency, errors)
    ]
    if not found and not errors:
        found = _text_remittances(message.text_body, name, default_currency)
    if not found and not errors and not message.attachments:
        raise ReaderError(f"{name}: no remittance found in the email body and no attachment")
    yield from found
    if errors:
        raise EmailRowErrors.of_file(name, errors)


def email_attachments(
    path: Path, *, max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES
) -> list[MailAttachment]:
    """The email's attachments, each to be ingested as a document of its own.

    A forwarded message comes out as one attachment whose bytes :func:`is_email` recognises
    (the ``.eml`` of a ``message/rfc822`` part, the ``.msg`` of an embedded Outlook message);
    its own attachments are found when it is ingested in turn.
    """
    return list(read_message(path, max_attachment_bytes=max_attachment_bytes).attachments)


def _table_remittances(
    html: str | None, name: str, format_: DocumentFormat, default_currency: str, errors: list[RowError]
) -> list[RemittanceRecord]:
    if not html:
        return []
    rows = [
        (table, Row(number, cells))
        for number, (table, cells) in enumerate(body_rows(read_html(html)), start=1)
    ]
    quoted_headers = _forward_headers(rows)
    rows = [row for index, row in enumerate(rows) if index not in quoted_headers]
    found: list[RemittanceRecord] = []
    for grid in find_grids(rows, remittance_header_score, place=HTML_BODY):
        result = remittance_from_grid(grid, name=name, format_=format_, default_currency=default_currency)
        if result.remittance is not None:
            found.append(result.remittance)
        errors.extend(result.errors)
    return found


def _forward_headers(rows: list[tuple[int | None, Row]]) -> set[int]:
    """The text lines of quoted mail headers (``De : …`` ``Envoyé : …`` ``Objet : …``): a run of
    two or more naming a recipient or subject. Their ``De``/``From`` is not the payer."""
    found: set[int] = set()
    run: dict[int, str] = {}
    for index, (table, row) in enumerate([*rows, (0, Row(0, ()))]):
        match = _MAIL_HEADER.match(str(row.cells[0])) if table is None else None
        if match is not None:
            run[index] = match.group(1).lower()
            continue
        if len(run) > 1 and _RECIPIENT_OR_SUBJECT.intersection(run.values()):
            found.update(run)
        run = {}
    return found


def _unquoted_body(text: str) -> str:
    """The text without reply quoting (``> ``, ``>> ``) and with quoted mail headers blanked
    (their ``From`` is not the payer)."""
    lines = [_QUOTE_MARKS.sub("", line) for line in text.splitlines()]
    quoted = _forward_headers([(None, Row(number, (line,))) for number, line in enumerate(lines, start=1)])
    return "\n".join("" if index in quoted else line for index, line in enumerate(lines))


def _text_remittances(text: str, name: str, default_currency: str) -> list[RemittanceRecord]:
    if not text.strip():
        return []
    try:
        return read_text_remittances(
            plain_text_document(_unquoted_body(text)), name=name, default_currency=default_currency
        )
    except ReaderError:
        return []
