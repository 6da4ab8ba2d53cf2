"""A scanned document read a second way when its arithmetic does not check.

Tesseract first reads the ink each cleaned page was binarised to here
(:data:`~ingest.remittance.ocr.ReadFrom`); its mistakes (a ``3`` read ``8``, a line lost) and
those of a reading of the page's gray levels, which tesseract binarises itself, differ. When the
first reading has doubts — a line's invoice amount less its discount and deduction is not what
it pays, a line has no paid amount, the lines do not sum to the payment, no remittance is found
at all, or an invoice number is off the shape most of its remittance's numbers have — the
document is read again from the gray levels, and the reading with fewer doubts is kept (the
first on a tie). Each line one reading found and the other did not counts as a doubt of the
other: a reading that lost a table's rows but kept its total adds up, and is no better for it;
nor is one that garbled ``F0002395`` into ``FI0C2395`` and took its paid amounts at their lines'
arithmetic. The reading kept then takes from the other the lines that leave it fewer doubts
(:mod:`ingest.remittance.reading_merge`). A document whose first reading has none costs one
reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ingest.reader import ReaderError
from ingest.remittance.checks import ARITHMETIC_REPAIR, line_warning, paid_total
from ingest.remittance.layout import TextDocument
from ingest.remittance.parse import read_text_remittances
from ingest.remittance.reading_merge import merged_readings
from ingest.remittance.shapes import off_shape

UNREADABLE = 1_000
"""The problems of a reading in which the parser finds no remittance: more than any count of
lines that do not add up."""


@dataclass(frozen=True)
class ReadingCheck:
    """What the parser makes of one reading of a scan."""

    problems: int
    """Lines that do not add up or have no paid amount, remittances whose lines do not sum to
    their payment (see :func:`check_reading`)."""
    lines: int
    off_shape: int = 0
    """Invoice numbers whose shape is not the one most of their remittance's numbers have
    (:func:`~ingest.remittance.shapes.off_shape`): a reading that garbled numbers has more."""

    @property
    def doubts(self) -> int:
        """The problems and the numbers off their scheme's shape."""
        return self.problems + self.off_shape


def checked_scan(
    first: TextDocument, read_again: Callable[[], TextDocument], *, name: str, default_currency: str
) -> TextDocument:
    """``first`` when it has no doubts, else whichever of it and ``read_again()`` has fewer, each
    line only the other found counting as one, merged (see the module's docstring)."""
    checked = check_reading(first, name=name, default_currency=default_currency)
    if checked.doubts == 0:
        return first
    second = read_again()
    again = check_reading(second, name=name, default_currency=default_currency)
    kept, other = (second, first) if _cost(again, checked) < _cost(checked, again) else (first, second)

    def doubts_and_lines(document: TextDocument) -> tuple[int, int]:
        found = check_reading(document, name=name, default_currency=default_currency)
        return found.doubts, found.lines

    return merged_readings(kept, other, doubts_and_lines)


def _cost(reading: ReadingCheck, other: ReadingCheck) -> int:
    return reading.doubts + max(0, other.lines - reading.lines)


def check_reading(document: TextDocument, *, name: str, default_currency: str) -> ReadingCheck:
    """How many of the document's lines do not add up or have no paid amount, plus one per
    remittance whose lines do not sum to its payment (as read: a paid amount taken at its line's
    arithmetic counts), and how many lines it has; :data:`UNREADABLE` problems when the parser
    finds no remittance (or only amounts its currency cannot hold)."""
    try:
        records = read_text_remittances(document, name=name, default_currency=default_currency)
    except (ReaderError, ValueError):
        return ReadingCheck(UNREADABLE, 0)
    problems = 0
    for record in records:
        problems += sum(
            line.paid_amount is None or line_warning(line, record.currency) is not None
            for line in record.lines
        )
        problems += paid_total(record.lines) != record.payment_amount
        repaired = sum(ARITHMETIC_REPAIR in warning for warning in record.warnings)
        problems += repaired + bool(repaired)  # as read, the lines and the total did not add up
    numbers = sum(off_shape([line.invoice_number for line in record.lines]) for record in records)
    return ReadingCheck(problems, sum(len(record.lines) for record in records), numbers)
