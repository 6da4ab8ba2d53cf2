"""Who sends a remittance advice when no label names the payer: its letterhead, or an email's signature.

The sender's block is at the top left of the first page: a company name with its legal form
(``Martin & Fils SARL``, ``Norvale Trading Inc.``), or, without one, the line above its address
(``Huet et Associés`` over ``ZI des Grands Champs, 4 allée Ampère``); in an email, the company
of the signature under its closing (``Regards,`` / name / role / company). The recipient — us — is
set apart: a block on the right half of the page (a French letter's address window), a line
with a ``payee`` label (``Bénéficiaire : …``) and the lines under such a label. A title
(``AVIS DE VIREMENT``) is never a name. A letterhead set in a larger type has wider spaces,
so its cells are cut at wider gaps than the body's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

from ingest.remittance.columns import line_column
from ingest.remittance.field_labels import TITLE_WORDS, is_legal_form, label_name
from ingest.remittance.layout import TextLine, Word, cells
from ingest.remittance.tokens import fold

_HEAD_LINES = 12
_SIGNATURE_LINES = 10
_RIGHT_HALF = 0.4
"""A line starting further right than this fraction of the page's text width is the recipient's."""
_LETTERHEAD_GAP = 2.5
"""Cell gaps (of the body type) that separate two cells of a letterhead line."""
_PAYEE_BLOCK_LINES = 3
_SIGNATURE_MIN_LINES = 3
"""A signature's name, role and company: with fewer lines, the last is no company."""
_CLOSING = re.compile(
    r"^(regards|kind regards|best regards|best|sincerely|yours|thanks|thank you|many thanks|cordialement"
    r"|bien cordialement|salutations|bien a vous|merci|sinceres salutations)\b[\s,.!]*$"
)
"""A letter's or an e-mail's closing, on a line of its own: the signature follows it."""
_CONTACT = re.compile(
    r"@|www\.|https?:|^\s*(tel|tél|phone|fax|mob|mobile)?\s*[:.]?\s*\+?[\d\s().-]{7,}$", re.IGNORECASE
)
"""An e-mail address, a website or a phone number: a signature's contact lines."""
_MAX_NAME_WORDS = 6
_MAX_ADDRESS_WORDS = 8
_ADDRESS = re.compile(
    r"^\d+[\s,]|\b\d{4,5}\b|\b[a-z]{1,2}\d{1,2}[a-z]?\s+\d[a-z]{2}\b|\bp\s*o\s*box\b|"
    r"\b(rue|avenue|av|bd|boulevard|allee|quai|place|chemin|route|impasse|zi|za|zac|parc|road|street|st|lane"
    r"|park|unit|suite|drive|way|house|floor|building|bldg)\b"
)
"""An address line: a street number, a French, UK or US postcode, a PO box or a street word."""
_AMOUNT_OR_DATE = re.compile(r"\d[.,]\d{2}\b|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
"""What an address line never holds: an invoice row's amount or date."""


def letterhead_payer(lines: Sequence[TextLine], *, signature: bool = False) -> str | None:
    """The sender's company name: the first with a legal form among the letterhead's lines, else
    the letterhead's line above an address. With ``signature`` (an email): the last name with a
    legal form among the last lines, else the signature's company line, else the first lines'
    name with a legal form. ``None`` when there is none."""
    right_edge = max((line.words[-1].x1 for line in lines if line.words), default=0.0)
    head = _sender_lines(lines[:_HEAD_LINES], right_edge)
    if signature:
        last = _sender_lines(lines[-_SIGNATURE_LINES:], right_edge)
        named = _first_company(reversed(last)) or _signed_company(last)
        return named or _first_company(head)
    return _first_company(head) or _name_above_address(head)


def _first_company(lines: Iterable[TextLine]) -> str | None:
    return next((name for line in lines if (name := _company_name(line)) is not None), None)


def _signed_company(lines: Sequence[TextLine]) -> str | None:
    """The company under an email's closing (``Regards,`` / name / role / company / phone): the
    last of three or more lines after it that are not a phone number, an e-mail address or a website."""
    closing = max(
        (index for index, line in enumerate(lines) if _CLOSING.match(fold(line.text))), default=None
    )
    if closing is None:
        return None
    signed = [line.text.strip() for line in lines[closing + 1 :] if not _CONTACT.search(line.text)]
    return signed[-1] if len(signed) >= _SIGNATURE_MIN_LINES else None


def _sender_lines(lines: Sequence[TextLine], right_edge: float) -> list[TextLine]:
    """``lines`` without the recipient's: right-half blocks, payee labels and the lines under them."""
    kept: list[TextLine] = []
    payee_block = 0
    for line in lines:
        if not line.words:
            continue
        label, _, value = line.text.partition(":")
        if label_name(label) == "payee":
            payee_block = 0 if value.strip() else _PAYEE_BLOCK_LINES
            continue
        if payee_block and label_name(label) is None:
            payee_block -= 1
            continue
        payee_block = 0
        if line.words[0].x0 > _RIGHT_HALF * right_edge:
            continue
        kept.append(line)
    return kept


def _first_cell(line: TextLine) -> list[Word]:
    return cells(line.words, line.gap * _LETTERHEAD_GAP)[0]


def _company_name(line: TextLine) -> str | None:
    """The first cell's words up to its last legal form (``Prescott Haulage LLP``), if it has one."""
    words = [word.text for word in _first_cell(line)]
    if any(char.isdigit() for char in "".join(words)):
        return None
    forms = [index for index, word in enumerate(words) if is_legal_form(word)]
    if not forms or TITLE_WORDS.match(fold(words[0])):
        return None
    end = forms[-1] + 1 if forms[-1] > 0 else len(words)
    return " ".join(words[:end]).strip(" ,")


def _name_above_address(lines: Sequence[TextLine]) -> str | None:
    """The first line that reads like a name (a capital, a few words, no digit, no label, no title)
    right above an address line."""
    for line, below in itertools.pairwise(lines):
        text = " ".join(word.text for word in _first_cell(line)).strip()
        words = text.split()
        if (
            words
            and text[0].isupper()
            and len(words) <= _MAX_NAME_WORDS
            and not any(char.isdigit() or char in ",:;!?" for char in text)
            and label_name(text) is None
            and line_column(text) is None
            and not TITLE_WORDS.match(fold(text))
            and len(below.words) <= _MAX_ADDRESS_WORDS
            and _ADDRESS.search(fold(below.text))
            and not _AMOUNT_OR_DATE.search(below.text)
        ):
            return text
    return None
