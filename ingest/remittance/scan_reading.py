"""A scanned document read a second way when its arithmetic does not check.

Tesseract first reads the ink each cleaned page was binarised to here
(:data:`~ingest.remittance.ocr.ReadFrom`); its mistakes (a ``3`` read ``8``, a line lost) and
those of a reading of the page's gray levels, which tesseract binarises itself, differ. When the
first reading's lines do not add up — a line's invoice amount less its discount and deduction is
not what it pays, a line has no paid amount, the lines do not sum to the payment, or no
remittance is found at all — the document is read again from the gray levels, and the reading
with fewer such problems is kept (the first on a tie). A document whose first reading checks
costs one reading.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.reader import ReaderError
from ingest.remittance.checks import ARITHMETIC_REPAIR, line_warning, paid_total
from ingest.remittance.layout import TextDocument
from ingest.remittance.parse import read_text_remittances

UNREADABLE = 1_000
"""The problems of a reading in which the parser finds no remittance: more than any count of
lines that do not add up."""


def checked_scan(
    first: TextDocument, read_again: Callable[[], TextDocument], *, name: str, default_currency: str
) -> TextDocument:
    """``first`` when its arithmetic checks, else whichever of it and ``read_again()`` has fewer
    problems (see the module's docstring)."""
    problems = arithmetic_problems(first, name=name, default_currency=default_currency)
    if problems == 0:
        return first
    second = read_again()
    return (
        second
        if arithmetic_problems(second, name=name, default_currency=default_currency) < problems
        else first
    )


def arithmetic_problems(document: TextDocument, *, name: str, default_currency: str) -> int:
    """How many of the document's lines do not add up or have no paid amount, plus one per
    remittance whose lines do not sum to its payment (as read: a paid amount taken at its line's
    arithmetic counts); :data:`UNREADABLE` when the parser finds no remittance (or only amounts
    its currency cannot hold)."""
    try:
        records = read_text_remittances(document, name=name, default_currency=default_currency)
    except (ReaderError, ValueError):
        return UNREADABLE
    problems = 0
    for record in records:
        problems += sum(
            line.paid_amount is None or line_warning(line, record.currency) is not None
            for line in record.lines
        )
        problems += paid_total(record.lines) != record.payment_amount
        repaired = sum(ARITHMETIC_REPAIR in warning for warning in record.warnings)
        problems += repaired + bool(repaired)  # as read, the lines and the total did not add up
    return problems
