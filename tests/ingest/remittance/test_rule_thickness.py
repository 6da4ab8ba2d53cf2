"""Table rules are thin: erasing them leaves bold headings whose letters a blurred scan merged."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ingest.remittance.preprocess import erase_rules

MIN_LENGTH = 100
"""A third of an inch at 300 dpi: rules at most 1/40 inch (8 pixels) thick."""


def page() -> Image.Image:
    image = Image.new("L", (800, 400), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((50, 50, 749, 52), fill=0)  # a 3-pixel rule
    draw.rectangle((400, 60, 402, 350), fill=0)  # a vertical rule crossing a 4-pixel one
    draw.rectangle((300, 300, 700, 303), fill=0)
    draw.rectangle((50, 100, 349, 119), fill=0)  # a heading merged into a 20-pixel-tall run
    draw.rectangle((50, 200, 349, 208), fill=0)  # a 9-pixel band: thicker than a rule
    return image


def test_thin_rules_and_their_crossing_go_and_thick_runs_of_ink_stay() -> None:
    ink = np.asarray(erase_rules(page(), min_length=MIN_LENGTH)) < 128
    assert not ink[48:55, 50:750].any()
    assert not ink[60:351, 398:405].any() and not ink[298:306, 300:701].any()
    assert ink[100:120, 50:350].all()
    assert ink[200:209, 50:350].all()
    assert ink.sum() == 20 * 300 + 9 * 300
