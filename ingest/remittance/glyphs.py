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

A word whose ink does not split into one piece per character (:mod:`ingest.remittance.glyph_ink`)
is left as read. A ``$`` or ``§`` before five digits or more and no decimals (``$1004571``,
``§1002592``) is an ``S`` misread, and taken as one first. Before these single witnesses, numbers of one
scheme are decided together where their letters meet their digits
(:mod:`ingest.remittance.glyph_schemes`); the characters decided so are not doubted again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from ingest.remittance.glyph_ink import (
    CONFUSABLE,
    INK,
    Glyph,
    Mask,
    cased,
    glyph_samples,
    kind_of,
    likeness,
    split_glyphs,
)
from ingest.remittance.glyph_schemes import settle_schemes
from ingest.remittance.layout import PlacedWord

GlyphReader = Callable[[Sequence[Mask]], list[str]]
"""Reads each glyph (ink ``True``, the full height of its word) on its own: one text each."""

BAR_MARKS = frozenset("Il|!\\/[]{}")
"""What a plain vertical bar (a sans-serif ``I``) reads as on its own."""

MIN_LIKENESS = 0.7
"""Overlap with the other character's samples below which the page gives no evidence
(the same character printed twice on a scan overlaps by 0.85 or more)."""

CLEAR_MARGIN = 0.05
"""How much more a glyph must look like the other character's samples than like its own
reading's for a bar read alone as nothing to count as the letter."""

_SIGN_FOR_S = re.compile(r"[$§](?=[A-Z]{0,2}\d{5,}$)")
"""A dollar or section sign before the digits that end a word, or before one or two capitals
then those digits (``$T004341``): an ``S``; no amount has a sign before a letter."""


@dataclass(frozen=True)
class _Doubt:
    """A character that may be the other kind: where it is and what it may be, best first."""

    word: int
    index: int
    glyph: Glyph
    others: tuple[str, ...]
    margin: float
    """How much more the glyph looks like the likeliest other character than like its reading."""


def reread_confusables(
    words: Sequence[PlacedWord], page: Image.Image, read_alone: GlyphReader
) -> list[PlacedWord]:
    """``words`` (read by OCR from the binarised ``page``) with the confused letters and digits
    of mixed words re-read (see the module's docstring)."""
    words = [replace(word, text=_SIGN_FOR_S.sub("S", word.text)) for word in words]
    ink = np.asarray(page.convert("L")) < INK
    samples = glyph_samples(words, ink)
    texts = {position: list(word.text) for position, word in enumerate(words)}
    settled = settle_schemes(words, ink, samples, texts)
    doubts = [
        doubt
        for position, word in enumerate(words)
        for doubt in _doubts(position, word, ink, samples)
        if (position, doubt.index) not in settled
    ]
    readings = read_alone([doubt.glyph.piece for doubt in doubts]) if doubts else []
    for doubt, alone in zip(doubts, readings, strict=True):
        other = next((other for other in doubt.others if _reads_as(alone, other, doubt.margin)), None)
        if other is not None:
            texts[doubt.word][doubt.index] = cased(other, words[doubt.word].text)
    return [
        word if "".join(texts[position]) == word.text else replace(word, text="".join(texts[position]))
        for position, word in enumerate(words)
    ]


def _doubts(position: int, word: PlacedWord, ink: Mask, samples: dict[str, list[Glyph]]) -> list[_Doubt]:
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
    glyphs = split_glyphs(word, ink) if candidates else None
    if glyphs is None or any(glyph.cut for glyph in glyphs):
        return []
    doubts = []
    for index, others in candidates:
        glyph = glyphs[index]
        own = likeness(glyph, samples.get(text[index], []))
        scored = sorted(((likeness(glyph, samples.get(other, [])), other) for other in others), reverse=True)
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
    neighbours = {kind_of(text[at]) for at in beside if 0 <= at < len(text)} - {None}
    return kind_of(other) in neighbours and kind_of(text[index]) != kind_of(other)


def _reads_as(alone: str, other: str, margin: float) -> bool:
    """Whether a glyph read alone as ``alone`` is ``other``: the same digit, the same letter in
    either case, or for ``I`` and ``l`` a bar-like mark (or nothing, when ``margin`` is clear)."""
    alone = alone.strip()
    if other in "Il":
        return alone in BAR_MARKS or (not alone and margin >= CLEAR_MARGIN)
    return alone == other if other.isdigit() else alone.upper() == other
