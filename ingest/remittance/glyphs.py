"""Letters and digits that OCR confused inside invoice numbers, settled by two witnesses.

Tesseract reads a word as a whole and lets its neighbours sway each character: the ``0`` of
``INV03714`` becomes ``O`` after three capitals, the ``I`` of ``SI003053`` becomes ``1`` before
six digits. A character of a word mixing letters and digits that sits where a letter run
meets a digit run (or alone among the other kind) may be read as the other kind
(:data:`CONFUSABLE`, only into the kind of a neighbour: the ``I`` of ``INV`` never becomes
``1``). It is, when two witnesses agree:

- the page's own glyphs: the same characters printed elsewhere in words nothing confuses
  (digits of amounts and dates, letters of words), scaled to one height and compared by ink
  overlap (Dice's coefficient); the glyph must look more like the other character's samples
  than like its own reading's;
- the glyph read alone, without the word around it (:data:`GlyphReader`): it must read as the
  other character (a bar-like mark, ``l``, ``|``, ``!``… for the letter ``I``; or nothing at
  all, as tesseract often says of a plain bar, when the glyph looks like the page's ``I`` by
  :data:`CLEAR_MARGIN` more than like its ``1``).

A word whose ink does not split into one column run per character (touching glyphs, a
speck) is left as read. A ``$`` before five digits or more and no decimals (``$1004571``) is
an ``S`` read as a dollar sign, and taken as one first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from PIL import Image

from ingest.remittance.layout import PlacedWord

Mask = npt.NDArray[np.bool_]
GlyphReader = Callable[[Sequence[Mask]], list[str]]
"""Reads each glyph (ink ``True``, the full height of its word) on its own: one text each."""

CONFUSABLE: dict[str, str] = {
    "O": "0",
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

BAR_MARKS = frozenset("Il|!\\/[]{}")
"""What a plain vertical bar (a sans-serif ``I``) reads as on its own."""

MIN_LIKENESS = 0.7
"""Overlap with the other character's samples below which the page gives no evidence
(the same character printed twice on a scan overlaps by 0.85 or more)."""

MAX_SAMPLES = 40
"""Samples kept per character: enough to cover the page's sizes and weights."""

CLEAR_MARGIN = 0.05
"""How much more a glyph must look like the other character's samples than like its own
reading's for a bar read alone as nothing to count as the letter."""

_HEIGHT = 32
_WIDTH = 48
_INK = 128
_SAME_HEIGHT = 0.2
"""Glyphs whose heights differ by more than this share are not compared (a dot, a capital)."""
_DOLLAR_FOR_S = re.compile(r"\$(?=\d{5,}$)")
_DIGIT_WORD = re.compile(r"[0-9.,/\-]+")
_LETTER_WORD = re.compile(r"[A-Za-z]{3,}[.,:]?")


@dataclass(frozen=True)
class _Glyph:
    piece: Mask
    """The glyph's columns of its word, the word's full height."""
    height: int
    shape: Mask
    """The glyph's ink scaled to :data:`_HEIGHT` rows, centred on :data:`_WIDTH` columns."""


@dataclass(frozen=True)
class _Doubt:
    """A character that may be the other kind: where it is and what it may be, best first."""

    word: int
    index: int
    glyph: _Glyph
    others: tuple[str, ...]
    margin: float
    """How much more the glyph looks like the likeliest other character than like its reading."""


def reread_confusables(
    words: Sequence[PlacedWord], page: Image.Image, read_alone: GlyphReader
) -> list[PlacedWord]:
    """``words`` (read by OCR from the binarised ``page``) with the confused letters and digits
    of mixed words re-read (see the module's docstring)."""
    words = [replace(word, text=_DOLLAR_FOR_S.sub("S", word.text)) for word in words]
    ink = np.asarray(page.convert("L")) < _INK
    samples = _samples(words, ink)
    doubts = [doubt for position, word in enumerate(words) for doubt in _doubts(position, word, ink, samples)]
    if not doubts:
        return list(words)
    readings = read_alone([doubt.glyph.piece for doubt in doubts])
    texts = {position: list(word.text) for position, word in enumerate(words)}
    for doubt, alone in zip(doubts, readings, strict=True):
        other = next((other for other in doubt.others if _reads_as(alone, other, doubt.margin)), None)
        if other is not None:
            texts[doubt.word][doubt.index] = _cased(other, words[doubt.word].text)
    return [
        word if "".join(texts[position]) == word.text else replace(word, text="".join(texts[position]))
        for position, word in enumerate(words)
    ]


def glyph_image(glyph: Mask) -> Image.Image:
    """A glyph black on white, with a white margin as wide as the glyph is tall all round, as a
    single-character OCR pass wants it."""
    margin = glyph.shape[0]
    ink = np.zeros((glyph.shape[0] + 2 * margin, glyph.shape[1] + 2 * margin), dtype=np.bool_)
    ink[margin:-margin, margin:-margin] = glyph
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8))


def _samples(words: Sequence[PlacedWord], ink: Mask) -> dict[str, list[_Glyph]]:
    """Glyphs of confusable characters in words OCR cannot have confused: numbers with three
    digits or more (amounts, dates) and words of three letters or more."""
    found: dict[str, list[_Glyph]] = {}
    for word in words:
        digits = _DIGIT_WORD.fullmatch(word.text) and sum(char.isdigit() for char in word.text) >= 3
        if not digits and not _LETTER_WORD.fullmatch(word.text):
            continue
        for char, glyph in zip(word.text, _split(word, ink) or (), strict=False):
            kept = found.setdefault(char, []) if char in CONFUSABLE else None
            if kept is not None and len(kept) < MAX_SAMPLES:
                kept.append(glyph)
    return found


def _doubts(position: int, word: PlacedWord, ink: Mask, samples: dict[str, list[_Glyph]]) -> list[_Doubt]:
    """The characters of a mixed word whose glyph looks more like another character's samples
    than like its own reading's."""
    text = word.text
    if not (any(char.isalpha() for char in text) and any(char.isdigit() for char in text)):
        return []
    candidates = [
        (index, others)
        for index, char in enumerate(text)
        if char in CONFUSABLE
        and (others := [other for other in CONFUSABLE[char] if _joins_neighbour(text, index, other)])
    ]
    glyphs = _split(word, ink) if candidates else None
    if glyphs is None:
        return []
    doubts = []
    for index, others in candidates:
        glyph = glyphs[index]
        own = _likeness(glyph, samples.get(text[index], []))
        scored = sorted(((_likeness(glyph, samples.get(other, [])), other) for other in others), reverse=True)
        likelier = tuple(other for score, other in scored if score >= MIN_LIKENESS and score > own)
        if likelier:
            doubts.append(_Doubt(position, index, glyph, likelier, scored[0][0] - own))
    return doubts


def _joins_neighbour(text: str, index: int, other: str) -> bool:
    """Whether reading ``text[index]`` as ``other`` puts it in the kind (letter or digit) of a
    neighbour it was not in: of the characters beside it, or beside the run of confusable
    characters it is in (``INVOI623``: the ``O`` and ``I`` between ``V`` and ``3``)."""
    start = end = index
    while start > 0 and text[start - 1] in CONFUSABLE:
        start -= 1
    while end + 1 < len(text) and text[end + 1] in CONFUSABLE:
        end += 1
    beside = {index - 1, index + 1, start - 1, end + 1}
    neighbours = {_kind(text[at]) for at in beside if 0 <= at < len(text)} - {None}
    return _kind(other) in neighbours and _kind(text[index]) != _kind(other)


def _kind(char: str) -> str | None:
    return "digit" if char.isdigit() else "letter" if char.isalpha() else None


def _reads_as(alone: str, other: str, margin: float) -> bool:
    """Whether a glyph read alone as ``alone`` is ``other``: the same digit, the same letter in
    either case, or for ``I`` and ``l`` a bar-like mark (or nothing, when ``margin`` is clear)."""
    alone = alone.strip()
    if other in "Il":
        return alone in BAR_MARKS or (not alone and margin >= CLEAR_MARGIN)
    return alone == other if other.isdigit() else alone.upper() == other


def _cased(letter: str, text: str) -> str:
    """``I`` in an upper-case word, ``l`` in a lower-case one; other characters as they are."""
    if letter not in "Il":
        return letter
    lower = sum(char.islower() for char in text)
    return "l" if lower > sum(char.isupper() for char in text) else "I"


def _likeness(glyph: _Glyph, samples: Sequence[_Glyph]) -> float:
    """The best Dice overlap of ``glyph`` with samples of about its height (0 when none)."""
    best = 0.0
    for sample in samples:
        if abs(sample.height - glyph.height) > _SAME_HEIGHT * max(sample.height, glyph.height):
            continue
        overlap = int(np.count_nonzero(sample.shape & glyph.shape))
        total = int(np.count_nonzero(sample.shape)) + int(np.count_nonzero(glyph.shape))
        best = max(best, 2 * overlap / total if total else 0.0)
    return best


def _split(word: PlacedWord, ink: Mask) -> list[_Glyph] | None:
    """The word's glyphs, one per character: its ink cut at the columns with no ink; ``None``
    when the cut does not give as many pieces as the word has characters."""
    top, bottom = max(0, round(word.top)), min(ink.shape[0], round(word.bottom))
    left, right = max(0, round(word.x0)), min(ink.shape[1], round(word.x1))
    box = ink[top:bottom, left:right]
    columns = np.flatnonzero(box.any(axis=0)) if box.size else np.zeros(0, dtype=np.int64)
    if columns.size == 0:
        return None
    breaks = np.flatnonzero(np.diff(columns) > 1)
    starts = [columns[0], *columns[breaks + 1]]
    ends = [*columns[breaks], columns[-1]]
    if len(starts) != len(word.text):
        return None
    return [_glyph(box[:, start : end + 1]) for start, end in zip(starts, ends, strict=True)]


def _glyph(piece: Mask) -> _Glyph:
    rows = np.flatnonzero(piece.any(axis=1))
    cropped = piece[rows[0] : rows[-1] + 1]
    height, width = cropped.shape
    scaled_width = max(1, min(_WIDTH, round(width * _HEIGHT / height)))
    image = Image.fromarray(np.where(cropped, 255, 0).astype(np.uint8))
    scaled = np.asarray(image.resize((scaled_width, _HEIGHT), Image.Resampling.BILINEAR)) >= _INK
    shape = np.zeros((_HEIGHT, _WIDTH), dtype=np.bool_)
    offset = (_WIDTH - scaled_width) // 2
    shape[:, offset : offset + scaled_width] = scaled
    return _Glyph(piece, height, shape)
