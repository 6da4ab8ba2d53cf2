"""Numbers of one scheme decided together where their letters meet their digits, by their
glyphs against the page's own samples (pages drawn as in ``test_glyphs``)."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.remittance import glyph_schemes
from ingest.remittance.glyph_ink import INK, Glyph, Mask, glyph_samples
from ingest.remittance.glyph_schemes import settle_schemes
from ingest.remittance.glyphs import reread_confusables
from ingest.remittance.layout import PlacedWord
from tests.ingest.remittance.test_glyphs import MONO, SAMPLES, Reader, page_of

SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


AMOUNTS = tuple(
    (amount, amount)
    for amount in ("3.731,47", "7.143,37", "1.374,73", "4.713,14", "2.272,32", "25.505,50", "6.868,86")
)
"""Amounts printed on the same page: samples of the digits the numbers end with."""


def reread_all(
    printed_and_read: list[tuple[str, str]], answer: str, font: str = MONO
) -> tuple[list[str], Reader]:
    page, words = page_of([*SAMPLES, *AMOUNTS, *printed_and_read], font=font)
    reader = Reader(answer)
    read = reread_confusables(words, page, reader)
    return [word.text for word in read[len(SAMPLES) + len(AMOUNTS) :]], reader


def test_a_zero_every_number_misread_as_o_is_a_zero_in_all_of_them() -> None:
    """The glyph read alone says ``O`` (a witness that alone would keep each reading), but the
    three glyphs together overlap the page's zeros as those overlap each other."""
    texts, reader = reread_all(
        [("INV03714", "INVO3714"), ("INV03722", "INVO3722"), ("INV03731", "INVO3731")], answer="O"
    )
    assert texts == ["INV03714", "INV03722", "INV03731"]
    assert reader.shown == []  # decided together: nothing left to read alone


def test_a_zero_every_number_misread_as_q_is_a_zero_in_all_of_them() -> None:
    texts, _ = reread_all([("F0006306", "FQ006306"), ("F0006309", "FQ006309")], answer="Q")
    assert texts == ["F0006306", "F0006309"]


def test_after_the_first_digit_a_letter_read_for_a_digit_is_a_digit_too() -> None:
    """``INVOS608``: the ``O`` and the ``S`` both overlap the page's ``0`` and ``5``."""
    texts, _ = reread_all([(f"INV0560{n}", f"INVOS60{n}") for n in (6, 7, 8)], answer="O")
    assert texts == ["INV05606", "INV05607", "INV05608"]


def test_a_letter_i_every_number_misread_as_one_is_a_letter_in_all_of_them() -> None:
    """In DejaVu Sans the ``I`` is a bare bar and the ``1`` has a flag and a foot."""
    texts, _ = reread_all(
        [("SI003053", "S1003053"), ("SI003060", "S1003060"), ("SI003062", "S1003062")], answer="1", font=SANS
    )
    assert texts == ["SI003053", "SI003060", "SI003062"]


def test_in_a_serif_monospaced_face_too_and_a_real_one_stays_a_digit() -> None:
    """DejaVu Sans Mono's ``I`` and ``1`` both have serifs; their difference still tells."""
    misread, _ = reread_all(
        [("SI003053", "S1003053"), ("SI003060", "S1003060"), ("SI003062", "S1003062")], answer="1"
    )
    assert misread == ["SI003053", "SI003060", "SI003062"]
    real, _ = reread_all(
        [("S1003053", "S1003053"), ("S1003060", "S1003060"), ("S1003062", "S1003062")], answer="|"
    )
    assert real == ["S1003053", "S1003060", "S1003062"]


def ink_fooled(monkeypatch: pytest.MonkeyPatch, *, bars_only: bool = True) -> None:
    """Glyphs whose ink looks like the digit's whatever they are, as on a blurred scan: bars
    (``1``/``I``) only, other glyphs weighed as they are; or all of them."""
    weigh = glyph_schemes._kind_by_glyphs

    def fooled(
        measured: list[Glyph],
        samples: list[Glyph],
        baseline: float,
        costs: float | None,
        bounds: tuple[float, float],
    ) -> str | None:
        if bars_only and bounds != (glyph_schemes.BAR_NEAR, glyph_schemes.BAR_FAR):
            return weigh(measured, samples, baseline, costs, bounds)
        return "digit"

    monkeypatch.setattr(glyph_schemes, "_kind_by_glyphs", fooled)


def test_where_a_glyph_stands_tells_a_narrow_i_or_a_wide_o_that_ink_would_make_a_digit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In DejaVu Sans an ``I`` is narrower than a digit and an ``O`` wider: their centres stand
    nearer to (further from) the digit after them than the digits' pitch."""
    ink_fooled(monkeypatch)
    narrow, _ = reread_all([(f"SI00305{n}", f"S100305{n}") for n in (3, 4, 7)], answer="1", font=SANS)
    assert narrow == ["SI003053", "SI003054", "SI003057"]
    ink_fooled(monkeypatch, bars_only=False)
    wide, _ = reread_all([(f"INVO371{n}", f"INV0371{n}") for n in (2, 4, 6)], answer="0", font=SANS)
    assert wide == ["INVO3712", "INVO3714", "INVO3716"]


def test_a_real_one_stands_at_the_digits_pitch_and_stays_a_digit(monkeypatch: pytest.MonkeyPatch) -> None:
    ink_fooled(monkeypatch)
    for font in (SANS, SERIF):
        real, _ = reread_all([(f"S100305{n}", f"S100305{n}") for n in (3, 4, 7)], answer="1", font=font)
        assert real == ["S1003053", "S1003054", "S1003057"]


def test_in_a_monospaced_face_where_a_glyph_stands_tells_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    ink_fooled(monkeypatch)
    texts, _ = reread_all([(f"SI00305{n}", f"S100305{n}") for n in (3, 4, 7)], answer="1")
    assert texts == ["S1003053", "S1003054", "S1003057"]


def test_a_real_letter_o_of_a_prefix_stays_a_letter() -> None:
    texts, _ = reread_all([("PO1234", "PO1234"), ("PO1240", "PO1240"), ("PO1251", "PO1251")], answer="0")
    assert texts == ["PO1234", "PO1240", "PO1251"]


def test_one_number_alone_is_not_decided_by_the_scheme() -> None:
    page, words = page_of([*SAMPLES, ("INV03714", "INVO3714")])
    ink = np.asarray(page.convert("L")) < INK
    texts = {position: list(word.text) for position, word in enumerate(words)}
    assert settle_schemes(words, ink, glyph_samples(words, ink), texts) == set()
    assert "".join(texts[len(SAMPLES)]) == "INVO3714"


def test_nothing_changes_when_a_letter_would_be_left_after_a_digit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Glyphs that make the first position a digit but cannot tell the second, which reads a
    letter (``5I004455``), leave every number as read."""
    decisions = iter(["digit", None])
    monkeypatch.setattr(glyph_schemes, "_kind_by_glyphs", lambda *args: next(decisions))
    monkeypatch.setattr(glyph_schemes, "_likelier_letter", lambda *args: False)
    printed = [("SI004455", "SI004455"), ("SI004457", "SI004457"), ("SI004459", "SI004459")]
    page, words = page_of([*SAMPLES, *AMOUNTS, *printed])
    ink = np.asarray(page.convert("L")) < INK
    texts = {position: list(word.text) for position, word in enumerate(words)}
    assert glyph_schemes.settle_schemes(words, ink, glyph_samples(words, ink), texts) == set()
    assert ["".join(texts[position]) for position in range(len(words))][-3:] == [
        "SI004455",
        "SI004457",
        "SI004459",
    ]


def test_one_number_s_glyph_alone_makes_a_digit_but_never_a_letter(monkeypatch: pytest.MonkeyPatch) -> None:
    """When only one number's ink cuts into glyphs, a glyph very near the page's digit decides
    for all of them; a glyph far from it is not enough to make them letters."""
    split = glyph_schemes.split_glyphs

    def uncut(word: PlacedWord, ink: Mask) -> list[Glyph] | None:
        return None if word.text.endswith("22") else split(word, ink)

    monkeypatch.setattr(glyph_schemes, "split_glyphs", uncut)
    monkeypatch.setattr(glyph_schemes, "cut_by_widths", lambda *_: None)
    zeros, _ = reread_all([("INV03714", "INVO3714"), ("INV03722", "INVO3722")], answer="O")
    assert zeros == ["INV03714", "INV03722"]
    ones, _ = reread_all([("SI003053", "S1003053"), ("SI003022", "S1003022")], answer="1")
    assert ones == ["S1003053", "S1003022"]
