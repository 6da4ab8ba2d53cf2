"""Where a glyph stands among the digits after it: a narrow ``I`` or a wide ``O``, not a digit.

A typeface gives every digit one width (tabular figures), so the digits of a number stand at one
pitch, centre to centre. A letter has its own width: the centre of an ``I`` (a third of an em in
Times, against half an em for a digit) stands closer to the digit after it than a digit would
(0.83 of the pitch in Times, 0.75 in Helvetica; a ``1`` stands at 1.0 to 1.07), the centre of an
``O`` further (1.2). This tells the letter where a blurred face makes its ink look like the
digit's. In a monospaced face every character has the digits' width, so the pitch tells nothing
there, and it never says a glyph is a digit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ingest.remittance.glyph_ink import Glyph

NARROW_LETTER = 0.9
"""Distance to the next digit, in digit pitches, at or below which a ``1`` is an ``I``."""

WIDE_LETTER = 1.1
"""Distance at or above which a ``0`` is an ``O``."""

PITCH_SPREAD = 0.06
"""How far (a share of the pitch, median absolute deviation) a number's digit steps may stray
for its pitch to be trusted (a cut one character off makes them uneven)."""

MIN_STEPS = 3
MIN_NUMBERS = 2

_LETTER_TEST = {"1": lambda ratio: ratio <= NARROW_LETTER, "0": lambda ratio: ratio >= WIDE_LETTER}
PITCH_DIGITS = frozenset(_LETTER_TEST)
"""The digits whose letter (``I``, ``O``) where a glyph stands can tell."""


def letter_by_pitch(
    rows: Sequence[str], glyphs: Sequence[Sequence[Glyph] | None], index: int, digit: str
) -> bool:
    """Whether the glyphs at ``index`` of numbers of one scheme (``rows``, cut into ``glyphs``)
    stand too close to (``1``) or too far from (``0``) the digit after them to be ``digit``:
    the median over :data:`MIN_NUMBERS` numbers or more whose digits after them keep one pitch."""
    test = _LETTER_TEST.get(digit)
    if test is None:
        return False
    ratios = []
    for row, found in zip(rows, glyphs, strict=True):
        if found is None or index + 1 >= len(row) or not row[index + 1].isdigit():
            continue
        pitch = _digit_pitch(row, found, index + 1)
        if pitch is not None:
            ratios.append((found[index + 1].centre - found[index].centre) / pitch)
    return len(ratios) >= MIN_NUMBERS and test(float(np.median(ratios)))


def _digit_pitch(row: str, glyphs: Sequence[Glyph], start: int) -> float | None:
    """The centre-to-centre step of the row's digits from ``start`` on, when they keep one."""
    steps = [
        glyphs[at + 1].centre - glyphs[at].centre
        for at in range(start, len(row) - 1)
        if row[at].isdigit() and row[at + 1].isdigit()
    ]
    if len(steps) < MIN_STEPS:
        return None
    pitch = float(np.median(steps))
    spread = float(np.median([abs(step - pitch) for step in steps]))
    return pitch if pitch > 0 and spread <= PITCH_SPREAD * pitch else None
