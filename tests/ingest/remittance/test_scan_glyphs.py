"""A plain bar inside an invoice number that tesseract, shown the glyph alone, names nothing: the
letter ``I`` when the page's glyphs clearly say so, else left as read."""

from __future__ import annotations

from tests.ingest.remittance.test_glyphs import reread


def test_a_bar_read_alone_as_nothing_is_the_letter_the_page_s_glyphs_clearly_show() -> None:
    text, reader = reread("SI003053", "S1003053", answer="")
    assert (text, len(reader.shown)) == ("SI003053", 1)


def test_a_real_one_read_alone_as_nothing_stays_a_one() -> None:
    text, _ = reread("S1003053", "S1003053", answer="")
    assert text == "S1003053"


def test_a_zero_read_alone_as_nothing_stays_as_read() -> None:
    text, reader = reread("INV03714", "INVO3714", answer="")
    assert (text, len(reader.shown)) == ("INVO3714", 1)


def test_a_dollar_sign_before_the_digits_is_an_s_and_its_i_is_settled_too() -> None:
    text, reader = reread("SI003053", "$1003053", answer="|")
    assert (text, len(reader.shown)) == ("SI003053", 1)


def test_a_dollar_amount_is_left_as_read() -> None:
    text, reader = reread("$1,003.05", "$1,003.05", answer="|")
    assert (text, reader.shown) == ("$1,003.05", [])
