"""A document as lines of positioned words: what a PDF text layer, an OCR pass and an email body
have in common, so that one parser reads all of them.

A :class:`Word` has its text and horizontal extent (``x0``..``x1``, in points for a PDF, in
pixels for a scan, in characters for plain text); a :class:`TextLine` is the words that share
a baseline, left to right, with the page it is on. Positions let the parser put a value under
the column header it sits below; plain text keeps its character columns, so a table typed with
spaces in an email lines up the same way.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

_WORD = re.compile(r"\S+")
CELL_GAP_PER_CHARACTER = 1.2
"""A gap between two words wider than this many character widths separates two cells."""
CELL_GAP_PER_SPACE = 1.4
"""A gap between two words wider than this many word spaces separates two cells."""
_WIDEST_SPACE = 3.0
"""Gaps wider than this many character widths are gutters, not spaces, when spaces are measured."""


@dataclass(frozen=True)
class Word:
    """One word and where it sits on its line."""

    text: str
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class TextLine:
    """The words of one line, left to right; ``page`` and ``number`` (1-based) locate it."""

    words: tuple[Word, ...]
    page: int
    number: int
    gap: float = 1.0
    """The horizontal distance above which two neighbouring words are in different cells."""
    top: float = 0.0
    """Where its words start down the page (a scan's pixels; 0 where lines have no position)."""

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def locator(self) -> str:
        return f"page {self.page}, line {self.number}"


@dataclass(frozen=True)
class TextDocument:
    """A document's lines in reading order, and where they came from (``pdf``, ``ocr``, ``email``)."""

    lines: tuple[TextLine, ...]
    source: str

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def plain_text_lines(text: str, *, page: int = 1, first_number: int = 1) -> list[TextLine]:
    """Lines of plain text with character columns as positions (tabs every 8 columns).

    Two or more spaces between words, or a tab, separate cells: ``gap`` is 1.5 characters.
    """
    lines: list[TextLine] = []
    for offset, raw in enumerate(text.splitlines()):
        expanded = raw.expandtabs(8)
        words = tuple(Word(m.group(), float(m.start()), float(m.end())) for m in _WORD.finditer(expanded))
        if words:
            lines.append(TextLine(words, page, first_number + offset, gap=1.5))
    return lines


def plain_text_document(text: str, source: str = "email") -> TextDocument:
    """A :class:`TextDocument` of plain text (an email body, a text file, an LLM's input)."""
    return TextDocument(tuple(plain_text_lines(text)), source)


@dataclass(frozen=True)
class PlacedWord:
    """A word with its vertical extent, before words are grouped into lines."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def group_lines(words: Iterable[PlacedWord], *, page: int, first_number: int, gap: float) -> list[TextLine]:
    """Words of one page grouped into lines: a word joins a line when it overlaps it vertically
    by more than half its height; lines top to bottom, words left to right."""
    rows: list[list[PlacedWord]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and _same_line(rows[-1], word):
            rows[-1].append(word)
        else:
            rows.append([word])
    return [
        TextLine(
            tuple(Word(w.text, w.x0, w.x1) for w in sorted(row, key=lambda w: w.x0)),
            page,
            first_number + index,
            gap=gap,
            top=min(w.top for w in row),
        )
        for index, row in enumerate(rows)
    ]


def _same_line(row: Sequence[PlacedWord], word: PlacedWord) -> bool:
    top = min(w.top for w in row)
    bottom = max(w.bottom for w in row)
    overlap = min(bottom, word.bottom) - max(top, word.top)
    height = max(word.bottom - word.top, 1e-6)
    return overlap > height / 2


def cell_gap(words: Sequence[PlacedWord]) -> float:
    """:data:`CELL_GAP_PER_CHARACTER` median character widths of a page (of words of two or more
    characters when there are any: a lone ``:`` or ``1`` is narrower than a character cell) —
    wider than a space, narrower than a column gutter."""
    longer = [word for word in words if len(word.text) >= 2] or words
    character_width = statistics.median((word.x1 - word.x0) / len(word.text) for word in longer)
    return CELL_GAP_PER_CHARACTER * character_width


def spaced_cell_gap(lines: Sequence[TextLine], gap: float) -> float:
    """The cell gap of a page whose spaces are wide: ``gap`` (from :func:`cell_gap`), or
    :data:`CELL_GAP_PER_SPACE` median word spaces when that is wider.

    Ink boxes (OCR) make a monospaced font's space (ink to ink: a whole character plus the
    glyphs' side bearings) about 1.25 character widths, above :func:`cell_gap`'s 1.2, so the
    ``3`` of ``3 694,34`` would be a cell of its own; a proportional font's space is about 0.7.
    Spaces are the gaps between neighbouring words narrower than three character widths.
    """
    character = gap / CELL_GAP_PER_CHARACTER
    spaces = [
        right.x0 - left.x1
        for line in lines
        for left, right in itertools.pairwise(line.words)
        if 0 <= right.x0 - left.x1 < _WIDEST_SPACE * character
    ]
    return max(gap, CELL_GAP_PER_SPACE * statistics.median(spaces)) if spaces else gap


def with_gap(lines: Sequence[TextLine], gap: float) -> list[TextLine]:
    """``lines`` with their cell gap set to ``gap``."""
    return [replace(line, gap=gap) for line in lines]


def cells(words: Sequence[Word], gap: float) -> list[list[Word]]:
    """The words in runs (cells) no wider apart than ``gap``, left to right."""
    runs: list[list[Word]] = []
    for word in words:
        if runs and word.x0 - runs[-1][-1].x1 <= gap:
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs
