"""ISO 20022 bank-to-customer cash management readers: camt.053, camt.052 and camt.054.

- camt.053 (statement, ``Stmt``): booked entries only (``Sts`` BOOK) — a statement is the
  account's record of what was booked.
- camt.052 (intraday report, ``Rpt``) and camt.054 (debit/credit notification, ``Ntfctn``):
  booked and pending (PDNG) entries, since they announce incoming money before the statement
  does; INFO (informational, e.g. rejected transactions) and FUTR entries are not payments.

Every version of each message is accepted (namespace ``urn:iso:std:iso:20022:tech:xsd:
camt.05x.001.NN``). The file is streamed with ``lxml.etree.iterparse``: each ``Ntry`` is
turned into payments on its end event, then cleared with its preceding siblings, so memory
stays flat whatever the file size. The account comes from the statement's ``Acct``, which
precedes the entries. How an entry becomes payments is in ``ingest/bank/camt_entry.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ingest.bank.camt_entry import EntryContext, account_id, entry_payments
from ingest.bank.camt_fields import Element
from ingest.reader import ReaderError
from ingest.records import BankPayment, DocumentFormat
from ingest.text import read_head

_NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.\d+$")
_BOOKED = frozenset({"BOOK"})
_BOOKED_OR_PENDING = frozenset({"BOOK", "PDNG"})


def _local_name(element: Element) -> str:
    return etree.QName(element).localname


def sniff_message(head: bytes) -> str | None:
    """``"053"``, ``"052"`` or ``"054"`` from the root element's namespace, else ``None``.

    ``head`` is the start of a file (the first 64 KB are plenty); never raises.
    """
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True)
    try:
        parser.feed(head)
        for _event, root in parser.read_events():
            if not isinstance(root, etree._Element):
                return None
            match = _NAMESPACE.match(etree.QName(root).namespace or "")
            return match.group(1) if match else None
    except (etree.LxmlError, ValueError):
        return None
    return None


class _CamtReader:
    """A camt message kind: which root namespace, which container, which statuses."""

    format: DocumentFormat
    message: str
    container: str
    statuses: frozenset[str]

    def identify(self, path: Path) -> bool:
        """True when the root element is in this message's camt namespace (any version)."""
        try:
            return sniff_message(read_head(path)) == self.message
        except OSError:
            return False

    def iter_payments(self, path: Path) -> Iterator[BankPayment]:
        """Yield each incoming credit of the file, streaming; :class:`ReaderError` on bad content."""
        if sniff_message(read_head(path)) != self.message:
            raise ReaderError(f"{self.format}: {path.name} is not a camt.{self.message} document")
        events = etree.iterparse(
            str(path),
            events=("start", "end"),
            tag=("{*}" + self.container, "{*}Acct", "{*}Ntry"),
            resolve_entities=False,
            no_network=True,
            remove_comments=True,
            remove_pis=True,
        )
        statement_no = entry_no = 0
        account: str | None = None
        # Ids given so far, per account (two accounts may number their references alike);
        # grows with the number of payments only (ids, not elements).
        seen_ids: dict[str | None, set[str]] = {}
        try:
            for event, element in events:
                name = _local_name(element)
                if name == self.container and event == "start":
                    statement_no, entry_no, account = statement_no + 1, 0, None
                elif event != "end":
                    continue
                elif name == "Acct":
                    parent = element.getparent()
                    if parent is not None and _local_name(parent) == self.container:
                        account = account_id(element)
                elif name == "Ntry":
                    entry_no += 1
                    context = EntryContext(
                        self.format, self.statuses, account, self.container, statement_no, entry_no
                    )
                    yield from entry_payments(element, context, seen_ids.setdefault(account, set()))
                    _release(element)
                elif name == self.container:
                    _release(element)
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if exc.lineno else "?"
            raise ReaderError(f"{self.format}: XML syntax error at line {line}: {exc.msg}") from None
        if statement_no == 0:  # the schema requires at least one; an empty result would hide it
            raise ReaderError(f"{self.format}: no {self.container} in the document (schema requires one)")


def _release(element: Element) -> None:
    """Free a processed element and the siblings before it (keeps memory flat)."""
    element.clear()
    parent = element.getparent()
    if parent is None:
        return
    while element.getprevious() is not None:
        del parent[0]


class Camt053Reader(_CamtReader):
    """camt.053 bank-to-customer statement: booked incoming credits."""

    format: DocumentFormat = "camt053"
    message = "053"
    container = "Stmt"
    statuses = _BOOKED


class Camt052Reader(_CamtReader):
    """camt.052 intraday account report: booked and pending incoming credits."""

    format: DocumentFormat = "camt052"
    message = "052"
    container = "Rpt"
    statuses = _BOOKED_OR_PENDING


class Camt054Reader(_CamtReader):
    """camt.054 debit/credit notification: booked and pending incoming credits."""

    format: DocumentFormat = "camt054"
    message = "054"
    container = "Ntfctn"
    statuses = _BOOKED_OR_PENDING
