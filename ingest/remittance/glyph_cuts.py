"""A scanned word cut into one glyph per character by the widths the page prints its characters at.

Cutting a word's ink at its blank columns fails two ways on a scan: glyphs that touch make one
piece, and a glyph whose hairlines the binarisation broke (a Times ``0``) makes two. The count
can even come out right by chance (``0`` broken, ``77`` touching). Here the cuts are chosen
together: among the word's blank runs and the thinnest columns of its ink, the cuts that make
each piece as wide as the page's samples of its character (their width over their height, times
the word's height), cutting through as little ink as possible (dynamic programming).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ingest.remittance.glyph_ink import Glyph, Mask, make_glyph
from ingest.remittance.layout import PlacedWord

INK_COST = 1.0
"""What cutting through a column of ink as tall as the word costs: as much as a piece a whole
expected width off (a blurred scan's touching glyphs meet in thick ink)."""

_MIN_SAMPLES = 2
_WIDEST = 2.0
"""The widest a character's piece can be, in the word's heights (a ``W`` is about 1.1)."""


def cut_by_widths(word: PlacedWord, ink: Mask, samples: dict[str, list[Glyph]]) -> list[Glyph] | None:
    """The word's glyphs, one per character of its text, cut where the page's character widths
    and the word's thinnest columns say (see the module's docstring); ``None`` when the word has
    no ink or the page has no samples to take digit widths from."""
    top, bottom = max(0, round(word.top)), min(ink.shape[0], round(word.bottom))
    left, right = max(0, round(word.x0)), min(ink.shape[1], round(word.x1))
    box = ink[top:bottom, left:right]
    inked_rows = np.flatnonzero(box.any(axis=1)) if box.size else np.zeros(0, dtype=np.int64)
    ratios = _width_ratios(samples)
    if inked_rows.size == 0 or "digit" not in ratios:
        return None
    height = int(inked_rows[-1] - inked_rows[0] + 1)
    profile = box.sum(axis=0).astype(np.int64)
    cuts = _candidates(profile)
    expected = [_expected_width(char, ratios, height) for char in word.text]
    chosen = _best_cuts(profile, cuts, expected, height)
    if chosen is None:
        return None
    glyphs = []
    for start, end in itertools.pairwise(chosen):
        piece = box[:, start + 1 : end]
        if not piece.any():
            return None
        columns = np.flatnonzero(piece.any(axis=0))
        through_ink = bool(profile[start] if start >= 0 else 0) or bool(
            profile[end] if end < len(profile) else 0
        )
        glyphs.append(
            make_glyph(
                piece[:, columns[0] : columns[-1] + 1], cut=through_ink, left=start + 1 + int(columns[0])
            )
        )
    return glyphs


def _width_ratios(samples: dict[str, list[Glyph]]) -> dict[str, float]:
    """Each sampled character's median width over height, and ``digit``: all digits' median."""
    ratios = {
        char: float(np.median([glyph.piece.shape[1] / glyph.height for glyph in found]))
        for char, found in samples.items()
        if len(found) >= _MIN_SAMPLES
    }
    digits = [
        glyph.piece.shape[1] / glyph.height
        for char, found in samples.items()
        if char.isdigit()
        for glyph in found
    ]
    if len(digits) >= _MIN_SAMPLES:
        ratios["digit"] = float(np.median(digits))
    return ratios


def _expected_width(char: str, ratios: dict[str, float], height: int) -> float | None:
    """How wide ``char`` is printed at ``height``: its samples', a digit's, or ``None`` (any)."""
    ratio = ratios.get(char) or (ratios.get("digit") if char.isdigit() else None)
    return ratio * height if ratio else None


def _candidates(profile: npt.NDArray[np.int64]) -> list[int]:
    """Where a cut may go: the edges (``-1`` and the width), the middle of each blank run, and
    each column of ink no thicker than both its neighbours."""
    width = len(profile)
    found = {-1, width}
    column = 0
    while column < width:
        if profile[column] == 0:
            end = column
            while end + 1 < width and profile[end + 1] == 0:
                end += 1
            found.add((column + end) // 2)
            column = end + 1
            continue
        if (
            0 < column < width - 1
            and profile[column] <= profile[column - 1]
            and profile[column] <= profile[column + 1]
        ):
            found.add(column)
        column += 1
    return sorted(found)


def _best_cuts(
    profile: npt.NDArray[np.int64], cuts: Sequence[int], expected: Sequence[float | None], height: int
) -> list[int] | None:
    """The cheapest choice of ``len(expected) + 1`` cuts among ``cuts``, from the first to the
    last: each piece's width cost plus the ink each inner cut goes through."""
    extent = _InkExtent(profile)
    count, inf = len(expected), float("inf")
    if len(cuts) < count + 1:
        return None
    cost = [[inf] * len(cuts) for _ in range(count + 1)]
    back = [[-1] * len(cuts) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for piece in range(1, count + 1):
        for end in range(1, len(cuts)):
            through = INK_COST * float(profile[cuts[end]]) / height if cuts[end] < len(profile) else 0.0
            for start in range(end - 1, -1, -1):
                if cuts[end] - cuts[start] > _WIDEST * height:
                    break
                if cost[piece - 1][start] == inf:
                    continue
                width = extent.width(cuts[start], cuts[end])
                total = cost[piece - 1][start] + _width_cost(width, expected[piece - 1]) + through
                if total < cost[piece][end]:
                    cost[piece][end], back[piece][end] = total, start
    if cost[count][-1] == inf:
        return None
    chosen = [len(cuts) - 1]
    for piece in range(count, 0, -1):
        chosen.append(back[piece][chosen[-1]])
    return [cuts[index] for index in reversed(chosen)]


class _InkExtent:
    """How wide the ink between two cuts is, in constant time."""

    def __init__(self, profile: npt.NDArray[np.int64]) -> None:
        inked = profile > 0
        width = len(profile)
        self.next = np.full(width + 1, width, dtype=np.int64)
        self.last = np.full(width + 1, -1, dtype=np.int64)
        for column in range(width - 1, -1, -1):
            self.next[column] = column if inked[column] else self.next[column + 1]
        for column in range(width):
            self.last[column + 1] = column if inked[column] else self.last[column]

    def width(self, start: int, end: int) -> int:
        """Columns from the first to the last inked one strictly between ``start`` and ``end``."""
        first, last = int(self.next[start + 1]), int(self.last[end])
        return last - first + 1 if first <= last else 0


def _width_cost(width: int, expected: float | None) -> float:
    """How far a piece's width is from the expected one (squared share); a piece without ink
    cannot be a character."""
    if width == 0:
        return float("inf")
    return 0.0 if expected is None else ((width - expected) / expected) ** 2
