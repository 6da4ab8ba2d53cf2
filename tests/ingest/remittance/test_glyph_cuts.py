"""Scanned words cut into glyphs by the widths the page prints its characters at: a glyph whose
hairlines broke is one piece, glyphs that touch are two."""

from __future__ import annotations

import numpy as np

from ingest.remittance.glyph_cuts import cut_by_widths
from ingest.remittance.glyph_ink import Glyph, Mask, make_glyph, split_glyphs
from ingest.remittance.layout import PlacedWord

HEIGHT = 20


def ring(width: int = 10, broken: bool = False) -> Mask:
    """A ``0`` as a box outline two pixels thick; ``broken``: its top and bottom hairlines gone,
    leaving two bars."""
    glyph = np.zeros((HEIGHT, width), dtype=np.bool_)
    glyph[:, :2] = glyph[:, -2:] = True
    if not broken:
        glyph[:2, :] = glyph[-2:, :] = True
    return glyph


def bar(width: int = 4) -> Mask:
    return np.ones((HEIGHT, width), dtype=np.bool_)


def page(*pieces: Mask, gap: int = 3) -> tuple[Mask, PlacedWord]:
    """``pieces`` side by side ``gap`` columns apart (0: touching) on a blank page, and the box
    they fill."""
    blank = np.zeros((HEIGHT, gap), dtype=np.bool_)
    row = np.concatenate([part for piece in pieces for part in (piece, blank)][:-1], axis=1)
    ink = np.zeros((HEIGHT + 20, row.shape[1] + 20), dtype=np.bool_)
    ink[10 : 10 + HEIGHT, 10 : 10 + row.shape[1]] = row
    return ink, PlacedWord("", 10.0, float(10 + row.shape[1]), 10.0, float(10 + HEIGHT))


def samples() -> dict[str, list[Glyph]]:
    return {"0": [make_glyph(ring()) for _ in range(3)], "1": [make_glyph(bar()) for _ in range(3)]}


def widths(glyphs: list[Glyph] | None) -> list[int] | None:
    return None if glyphs is None else [glyph.piece.shape[1] for glyph in glyphs]


def test_a_zero_whose_hairlines_broke_is_one_glyph_not_two() -> None:
    ink, box = page(bar(), ring(broken=True), ring())
    word = PlacedWord("100", box.x0, box.x1, box.top, box.bottom)
    assert split_glyphs(word, ink) is None  # four pieces of ink for three characters
    assert widths(cut_by_widths(word, ink, samples())) == [4, 10, 10]


def test_a_broken_zero_and_two_touching_glyphs_are_cut_right_though_the_count_matched() -> None:
    contact = np.zeros((HEIGHT, 1), dtype=np.bool_)
    contact[9:11] = True  # two zeros printed so close their ink meets at one point
    touching = np.concatenate([ring(), contact, ring()], axis=1)
    ink, box = page(bar(), ring(broken=True), touching)
    word = PlacedWord("1000", box.x0, box.x1, box.top, box.bottom)
    assert widths(split_glyphs(word, ink)) != [4, 10, 10, 10]
    glyphs = cut_by_widths(word, ink, samples())
    assert widths(glyphs) == [4, 10, 10, 10]
    assert [glyph.cut for glyph in glyphs or []] == [False, False, True, True]  # cut through the contact


def test_without_digit_samples_there_are_no_widths_to_cut_by() -> None:
    ink, box = page(bar(), ring())
    assert cut_by_widths(PlacedWord("10", box.x0, box.x1, box.top, box.bottom), ink, {}) is None
