"""Glyphs of a scanned word: its ink cut into one piece per character, and how alike two are.

A word's ink is cut at the columns with no ink; glyphs that touch are cut where their ink is
thinnest (:data:`Glyph.cut`). Each glyph is scaled to one height and compared with others by
ink overlap (Dice's coefficient). Samples of each character come from words OCR cannot have
confused: amounts and dates (digits), words of three letters or more (letters).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image

from ingest.remittance.layout import PlacedWord

Mask = npt.NDArray[np.bool_]

CONFUSABLE: dict[str, str] = {
    "O": "0",
    "Q": "0",
    "0": "O",
    "I": "1",
    "l": "1",
    "1": "Il",
    "S": "5",
    "5": "S",
    "B": "8",
    "8": "B",
    "Z": "2",
    "2": "Z",
    "G": "6",
    "6": "G",
}
"""Each character and what OCR mistakes it for across the letter/digit line."""

MAX_SAMPLES = 40
"""Samples kept per character: enough to cover the page's sizes and weights."""

_TOUCHING = 1.5
"""How many times the median piece's width a piece of a word must be to be cut as two glyphs."""
_NARROWEST_CUT = 6
_FULL_HEIGHT = 0.7
"""Share of the tallest glyph's height a capital or digit reaches (a broken letter's part does not)."""
_LOW_MARKS = frozenset("-–.,:_")
_HEIGHT = 32
_WIDTH = 48
INK = 128
_SAME_HEIGHT = 0.2
"""Glyphs whose heights differ by more than this share are not compared (a dot, a capital)."""
_DIGIT_WORD = re.compile(r"\(?[€£$]?[0-9.,/\-]+[€£$]?\)?")
"""An amount or a date, its currency symbol or brackets around it (only its digits are samples)."""
_LETTER_WORD = re.compile(r"[A-Za-z]{3,}[.,:]?")


@dataclass(frozen=True)
class Glyph:
    """One character's ink, as cut from its word."""

    piece: Mask
    """The glyph's columns of its word, the word's full height."""
    height: int
    shape: Mask
    """The glyph's ink scaled to :data:`_HEIGHT` rows, centred on :data:`_WIDTH` columns."""
    cut: bool = False
    """Whether it was cut from a glyph it touched (its edges are a guess)."""
    left: int = 0
    """Where its first column is in its word's box (pixels from the box's left edge)."""

    @property
    def centre(self) -> float:
        """The middle of its ink across, from its word's box's left edge."""
        return self.left + float(self.piece.shape[1]) / 2


def glyph_image(glyph: Mask) -> Image.Image:
    """A glyph black on white, with a white margin as wide as the glyph is tall all round, as a
    single-character OCR pass wants it."""
    margin = glyph.shape[0]
    ink = np.zeros((glyph.shape[0] + 2 * margin, glyph.shape[1] + 2 * margin), dtype=np.bool_)
    ink[margin:-margin, margin:-margin] = glyph
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8))


def glyph_samples(words: Sequence[PlacedWord], ink: Mask) -> dict[str, list[Glyph]]:
    """Glyphs of digits and confusable letters in words OCR cannot have confused: numbers with three
    digits or more (amounts, dates; ``£14325.23`` too) and words of three letters or more."""
    found: dict[str, list[Glyph]] = {}
    for word in words:
        digits = _DIGIT_WORD.fullmatch(word.text) and sum(char.isdigit() for char in word.text) >= 3
        if not digits and not _LETTER_WORD.fullmatch(word.text):
            continue
        for char, glyph in zip(word.text, split_glyphs(word, ink) or (), strict=False):
            kept = (
                found.setdefault(char, [])
                if (char in CONFUSABLE or char.isdigit()) and not glyph.cut
                else None
            )
            if kept is not None and len(kept) < MAX_SAMPLES:
                kept.append(glyph)
    return found


def kind_of(char: str) -> str | None:
    return "digit" if char.isdigit() else "letter" if char.isalpha() else None


def cased(letter: str, text: str) -> str:
    """``I`` in an upper-case word, ``l`` in a lower-case one; other characters as they are."""
    if letter not in "Il":
        return letter
    lower = sum(char.islower() for char in text)
    return "l" if lower > sum(char.isupper() for char in text) else "I"


def likeness(glyph: Glyph, samples: Sequence[Glyph]) -> float:
    """The best Dice overlap of ``glyph`` with samples of about its height (0 when none)."""
    best = 0.0
    for sample in samples:
        if abs(sample.height - glyph.height) > _SAME_HEIGHT * max(sample.height, glyph.height):
            continue
        overlap = int(np.count_nonzero(sample.shape & glyph.shape))
        total = int(np.count_nonzero(sample.shape)) + int(np.count_nonzero(glyph.shape))
        best = max(best, 2 * overlap / total if total else 0.0)
    return best


def split_glyphs(word: PlacedWord, ink: Mask) -> list[Glyph] | None:
    """The word's glyphs, one per character: its ink cut at the columns with no ink, then
    glyphs that touch (a piece :data:`_TOUCHING` times as wide as the others) cut where their
    ink is thinnest; ``None`` when that does not give one piece per character, each of the
    height its character has."""
    top, bottom = max(0, round(word.top)), min(ink.shape[0], round(word.bottom))
    left, right = max(0, round(word.x0)), min(ink.shape[1], round(word.x1))
    box = ink[top:bottom, left:right]
    columns = np.flatnonzero(box.any(axis=0)) if box.size else np.zeros(0, dtype=np.int64)
    if columns.size == 0:
        return None
    breaks = np.flatnonzero(np.diff(columns) > 1)
    pieces = [
        (int(start), int(end), False)
        for start, end in zip(
            [columns[0], *columns[breaks + 1]], [*columns[breaks], columns[-1]], strict=True
        )
    ]
    while 1 < len(pieces) < len(word.text):
        widths = [end - start + 1 for start, end, _ in pieces]
        widest = int(np.argmax(widths))
        if widths[widest] < max(_NARROWEST_CUT, _TOUCHING * float(np.median(widths))):
            return None
        start, end, _ = pieces[widest]
        middle = range(start + widths[widest] // 4, end - widths[widest] // 4 + 1)
        cut = min(middle, key=lambda column: int(np.count_nonzero(box[:, column])))
        pieces[widest : widest + 1] = [(start, cut - 1, True), (cut + 1, end, True)]
    if len(pieces) != len(word.text):
        return None
    glyphs = [make_glyph(box[:, start : end + 1], cut=was_cut, left=start) for start, end, was_cut in pieces]
    return glyphs if _aligned(word.text, glyphs) else None


def _aligned(text: str, glyphs: Sequence[Glyph]) -> bool:
    """Whether each piece can be its character: capitals and digits as tall as the tallest
    glyph (not a broken letter's part), dashes and dots clearly lower (not a digit)."""
    tallest = max(glyph.height for glyph in glyphs)
    for char, glyph in zip(text, glyphs, strict=True):
        tall = glyph.height >= _FULL_HEIGHT * tallest
        if (char.isdigit() or char.isupper()) and not tall:
            return False
        if char in _LOW_MARKS and tall:
            return False
    return True


def make_glyph(piece: Mask, *, cut: bool = False, left: int = 0) -> Glyph:
    """The glyph whose ink is ``piece`` (its columns, the word's full height), ``left`` columns
    into its word's box."""
    rows = np.flatnonzero(piece.any(axis=1))
    cropped = piece[rows[0] : rows[-1] + 1]
    height, width = cropped.shape
    scaled_width = max(1, min(_WIDTH, round(width * _HEIGHT / height)))
    image = Image.fromarray(np.where(cropped, 255, 0).astype(np.uint8))
    scaled = np.asarray(image.resize((scaled_width, _HEIGHT), Image.Resampling.BILINEAR)) >= INK
    shape = np.zeros((_HEIGHT, _WIDTH), dtype=np.bool_)
    offset = (_WIDTH - scaled_width) // 2
    shape[:, offset : offset + scaled_width] = scaled
    return Glyph(piece, height, shape, cut, left)
