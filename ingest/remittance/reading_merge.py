"""Two readings of one scan merged line by line, where the arithmetic says the other one is right.

Tesseract's reading of the binarised page and its reading of the gray page lose and misread
different lines: one drops ``INV05172`` and reads ``201.40`` right, the other keeps the line and
reads ``291.40``. The reading kept (:func:`~ingest.remittance.scan_reading.checked_scan`) takes
from the other the lines it lacks (an invoice number it does not hold, put where the line stands
on the page) and the other's version of a line it holds (the same number, read differently,
``O``/``0`` and the like folded): all the lines it lacks at once, then each change alone, each kept
only when the document then has fewer doubts (arithmetic problems, numbers off their shape).
Both readings are of the same cleaned page, so a line's place on it is the same in both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import groupby

from ingest.remittance.layout import TextDocument, TextLine
from ingest.remittance.shapes import TO_DIGIT
from ingest.remittance.tokens import clean_invoice_number, invoice_like

Check = Callable[[TextDocument], tuple[int, int]]
"""A document's doubts (arithmetic problems, numbers off their shape) and how many invoice lines
it has."""

_FOLD = str.maketrans({letter: digit for letter, digit in TO_DIGIT.items() if letter.isupper()})


def merged_readings(kept: TextDocument, other: TextDocument, check: Check) -> TextDocument:
    """``kept`` with the lines of ``other`` that make its arithmetic check better (see the
    module's docstring): fewer problems and no invoice line lost, or for the other's version of
    a line it holds, as few problems with more invoice lines (a line it could not read)."""
    best, (fewest, most) = kept, check(kept)
    missing = [line for line in other.lines if _key(line) and _key(line) not in _keys(kept)]
    trials: list[list[TextLine]] = [missing] if len(missing) > 1 else []
    trials += [[line] for line in other.lines if _key(line)]
    for lines in trials:
        if fewest == 0:
            break
        keys = _keys(best)
        held = all(_key(line) in keys for line in lines)
        trial = _with_lines(best, lines)
        if trial is best:
            continue
        problems, count = check(trial)
        if count >= most and (problems < fewest or (held and problems == fewest and count > most)):
            best, fewest, most = trial, problems, count
    return best


def _key(line: TextLine) -> str | None:
    """The line's first word that can be an invoice number, upper-cased without punctuation and
    with the letters OCR takes for digits folded into them (``SI000821`` and ``S1000821`` alike)."""
    for word in line.words:
        text = clean_invoice_number(word.text)
        if invoice_like(text):
            return re.sub(r"[^0-9A-Z]", "", text.upper()).translate(_FOLD)
    return None


def _keys(document: TextDocument) -> set[str]:
    return {key for line in document.lines if (key := _key(line))}


def _with_lines(document: TextDocument, lines: Sequence[TextLine]) -> TextDocument:
    """``document`` with each of ``lines`` in place of its line of the same key, or put where it
    stands on its page when it has none; ``document`` itself when nothing changes."""
    result = list(document.lines)
    changed = False
    for line in lines:
        key = _key(line)
        same = next((index for index, held in enumerate(result) if _key(held) == key), None)
        if same is not None:
            if result[same].text != line.text:
                result[same] = replace(line, page=result[same].page, gap=result[same].gap)
                changed = True
            continue
        at = next(
            (index for index, held in enumerate(result) if (held.page, held.top) > (line.page, line.top)),
            len(result),
        )
        gap = next((held.gap for held in result if held.page == line.page), line.gap)
        result.insert(at, replace(line, gap=gap))
        changed = True
    if not changed:
        return document
    return TextDocument(tuple(_renumbered(result)), document.source)


def _renumbered(lines: Sequence[TextLine]) -> list[TextLine]:
    """Lines numbered again from 1 on each page, in their order."""
    return [
        replace(line, number=number)
        for _, page_lines in groupby(lines, key=lambda line: line.page)
        for number, line in enumerate(page_lines, start=1)
    ]
