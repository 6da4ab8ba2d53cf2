"""Letters and digits confused inside scanned invoice numbers, settled by the page's own glyphs
and by each glyph read alone. Pages are drawn here with DejaVu Sans Mono (Debian package
fonts-dejavu-core), whose ``0`` is dotted and ``O`` is not, as ERP printouts are typed."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ingest.remittance.glyph_ink import INK, Mask, glyph_image, glyph_samples
from ingest.remittance.glyphs import reread_confusables
from ingest.remittance.layout import PlacedWord
from ingest.remittance.ocr import ocr_image

MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"

SAMPLES = (
    ("OBJET", "OBJET"),
    ("SIRET", "SIRET"),
    ("INFO", "INFO"),
    ("30.09.2026", "30.09.2026"),
    ("1.104,50", "1.104,50"),
    ("01.10.2026", "01.10.2026"),
)
"""Words nothing confuses: the page's samples of ``O``, ``I``, ``S``, ``0`` and ``1``."""


def page_of(
    words: Sequence[tuple[str, str]], size: int = 40, font: str = MONO
) -> tuple[Image.Image, list[PlacedWord]]:
    """A page with one ``(printed, read)`` word per line in ``font``, and the words as OCR read
    them, each with the box of its ink."""
    face = ImageFont.truetype(font, size)
    image = Image.new("L", (900, 30 + 70 * len(words)), 255)
    draw = ImageDraw.Draw(image)
    placed = []
    for line, (printed, read) in enumerate(words):
        x, y = 40, 20 + 70 * line
        draw.text((x, y), printed, font=face, fill=0)
        left, top, right, bottom = draw.textbbox((x, y), printed, font=face)
        placed.append(PlacedWord(read, float(left), float(right), float(top), float(bottom)))
    return image, placed


class Reader:
    """A glyph reader that answers ``answer`` for every glyph and counts what it was shown."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.shown: list[Mask] = []

    def __call__(self, glyphs: Sequence[Mask]) -> list[str]:
        self.shown.extend(glyphs)
        return [self.answer] * len(glyphs)


def reread(printed: str, read: str, answer: str) -> tuple[str, Reader]:
    page, words = page_of([*SAMPLES, (printed, read)])
    reader = Reader(answer)
    return reread_confusables(words, page, reader)[-1].text, reader


def test_a_zero_read_as_o_after_the_prefix_is_a_zero_when_both_witnesses_say_so() -> None:
    text, reader = reread("INV03714", "INVO3714", answer="0")
    assert text == "INV03714"
    assert len(reader.shown) == 1  # the O only: the I of INV stays a letter whatever is said


def test_the_glyph_read_alone_must_agree() -> None:
    text, reader = reread("INV03714", "INVO3714", answer="O")
    assert (text, len(reader.shown)) == ("INVO3714", 1)


def test_a_real_letter_o_looks_like_the_pages_o_and_is_never_doubted() -> None:
    text, reader = reread("PO1234", "PO1234", answer="0")
    assert (text, reader.shown) == ("PO1234", [])


def test_a_letter_i_read_as_one_before_the_digits_is_a_letter_again() -> None:
    text, reader = reread("SI003053", "S1003053", answer="|")
    assert (text, len(reader.shown)) == ("SI003053", 1)


def test_a_real_one_looks_like_the_pages_ones_and_stays() -> None:
    text, reader = reread("S1003053", "S1003053", answer="I")
    assert (text, reader.shown) == ("S1003053", [])


def test_an_s_read_as_a_dollar_or_section_sign_before_the_digits_is_an_s() -> None:
    for read in ("$1003053", "§1003053"):
        assert reread("S1003053", read, answer="1")[0] == "S1003053"
    assert reread("SI003053", "$I003053", answer="I")[0] == "SI003053"


def test_words_of_one_kind_and_words_whose_ink_does_not_split_are_left_as_read() -> None:
    page, words = page_of([*SAMPLES, ("INV03714", "INVO371")])  # 8 glyphs, 7 characters
    reader = Reader("0")
    assert [word.text for word in reread_confusables(words, page, reader)][-1] == "INVO371"
    assert reader.shown == []


def test_a_glyph_is_shown_alone_with_a_white_margin_as_wide_as_it_is_tall() -> None:
    glyph = np.zeros((4, 2), dtype=np.bool_)
    glyph[:, 0] = True
    image = glyph_image(glyph)
    pixels = np.asarray(image)
    assert image.size == (2 + 8, 4 + 8)
    assert (pixels[4:8, 4] == 0).all() and pixels.sum() == 255 * (10 * 12 - 4)


def test_tesseract_reads_a_typed_table_s_invoice_numbers_right() -> None:
    """Tesseract alone reads these ``INVO3714`` and ``S1003053`` (its words sway the letters)."""
    face = ImageFont.truetype(MONO, 30)
    image = Image.new("L", (1640, 520), 255)
    draw = ImageDraw.Draw(image)
    draw.text((60, 20), "AVIS DE VIREMENT - SIRET 41 INFO", font=face, fill=0)
    draw.text((60, 80), "FACTURE      MONTANT      DATE", font=face, fill=0)
    rows = (("INV03714", "145,54", "09.09.2026"), ("SI003053", "2 767,85", "17.09.2026"))
    for index, row in enumerate(rows):
        for x, text in zip((60, 600, 1000), row, strict=True):
            draw.text((x, 150 + 75 * index), text, font=face, fill=0)
    image.info["dpi"] = (300, 300)
    texts = [line.text for line in ocr_image(image)]
    assert texts[2:] == ["INV03714 145,54 09.09.2026", "SI003053 2 767,85 17.09.2026"]


def test_amounts_with_a_currency_sign_or_brackets_give_samples_of_their_digits() -> None:
    page, words = page_of([("£1,104.50", "£1,104.50"), ("(€3,301.10)", "(€3,301.10)")])
    samples = glyph_samples(words, np.asarray(page.convert("L")) < INK)
    assert (len(samples["1"]), len(samples["0"]), len(samples["3"])) == (4, 4, 2)
    assert "£" not in samples and "(" not in samples
