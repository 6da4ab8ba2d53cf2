"""Scanned pages before OCR: rules a skewed scan broke into dashes are erased, the baselines of
lines of text and ``1`` printed one below the other are not; low-resolution pages are enlarged
before they are binarised; the gray page keeps no rules either."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ingest.remittance.preprocess import OCR_DPI, binarise, clean_page, erase_rules

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
MIN_LENGTH = 100
"""A third of an inch at 300 dpi."""


def dashed_rule(draw: ImageDraw.ImageDraw, y: int, x0: int, x1: int, *, dash: int = 22, gap: int = 7) -> None:
    """A 2-pixel rule in dashes, as a thin rule stepped across pixel rows by a skew comes out."""
    for x in range(x0, x1, dash + gap):
        draw.rectangle((x, y, min(x + dash, x1) - 1, y + 1), fill=0)


def text_page(lines: list[str], size: int = 42, pitch: int = 60) -> Image.Image:
    image = Image.new("L", (1400, 80 + pitch * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, size)
    for index, line in enumerate(lines):
        draw.text((60, 40 + pitch * index), line, font=font, fill=0)
    return binarise(image)


def test_a_rule_broken_into_dashes_goes_and_the_text_beside_it_stays() -> None:
    page = text_page(["FA-2026-0412   12/08/2026   1 234,56"])
    ruled = page.copy()
    draw = ImageDraw.Draw(ruled)
    dashed_rule(draw, 20, 40, 1360)
    dashed_rule(draw, 120, 40, 1360)

    erased = np.asarray(erase_rules(ruled, min_length=MIN_LENGTH))

    assert (erased[18:24] == 255).all() and (erased[118:124] == 255).all()
    assert (erased == np.asarray(page)).all()


def test_the_baselines_of_digits_and_ones_one_below_the_other_are_not_rules() -> None:
    """``2026`` and ``1 111,11`` have flat feet along their baseline; the ``1`` of each line
    stands under the ``1`` of the line above, 13 pixels apart (ink over 60 % of a column, with
    paper on both sides): neither is a dashed rule."""
    lines = [
        "FA-2026-4114 2026/2026 11 111,11",
        "FA-2026-4129 2026/2026 11 111,11",
        "1 1111 1111",
        "1 1111 1111",
    ]
    page = text_page(lines, pitch=44)

    assert (np.asarray(erase_rules(page, min_length=MIN_LENGTH)) == np.asarray(page)).all()


def test_a_low_resolution_page_is_enlarged_before_it_is_binarised_and_its_gray_has_no_rules() -> None:
    image = Image.new("L", (700, 300), 255)
    draw = ImageDraw.Draw(image)
    draw.text((40, 40), "FA-2026-0412  1 234,56", font=ImageFont.truetype(FONT, 21), fill=0)
    draw.line([(20, 100), (680, 100)], fill=60, width=1)

    cleaned = clean_page(image, dpi=150)

    assert cleaned.dpi == OCR_DPI
    assert cleaned.image.size == cleaned.gray.size
    assert abs(cleaned.image.width - 1400) < 10 and abs(cleaned.image.height - 600) < 10  # and deskewed
    ink, gray = np.asarray(cleaned.image) < 128, np.asarray(cleaned.gray)
    assert ink[40:140].any() and not ink[190:210].any()
    assert gray[190:210].min() > 200 and gray[40:140].min() < 100
