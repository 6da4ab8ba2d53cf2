"""A scanned document read a second way when its arithmetic does not check, and what a scan's
misreadings leave for the parser: an underscore before an invoice number, a speck read as a
third decimal."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ingest.remittance.layout import TextDocument, TextLine, Word, plain_text_document, plain_text_lines
from ingest.remittance.parse import read_text_remittances
from ingest.remittance.scan_reading import UNREADABLE, check_reading, checked_scan
from ingest.remittance.shapes import conform_numbers
from ingest.remittance.tokens import Conventions, clean_invoice_number, invoice_like, line_values

ADDS_UP = """AVIS DE PAIEMENT
Montant payé : 1 500,00 EUR

Facture         Montant      Net payé
FA-2026-0412   1 000,00      1 000,00
FA-2026-0413     500,00        500,00
"""
ONE_DIGIT_MISREAD = ADDS_UP.replace("500,00        500,00", "500,00        800,00")
LINE_LOST = ADDS_UP.replace("FA-2026-0413     500,00        500,00\n", "")
THREE_LINES_ONE_MISREAD = """AVIS DE PAIEMENT
Montant payé : 1 750,00 EUR

Facture         Montant      Net payé
FA-2026-0412   1 000,00      1 000,00
FA-2026-0413     500,00        800,00
FA-2026-0414     250,00        250,00
"""
ROWS_LOST_ONE_ADDING_UP = """AVIS DE PAIEMENT
Montant payé : 1 750,00 EUR

Facture         Montant      Net payé
FA-2026-0412   1 750,00      1 750,00
"""
NO_TABLE = "AVIS DE PAIEMENT\nMerci de votre confiance\n"


def scan(text: str) -> TextDocument:
    return plain_text_document(text, "ocr")


def problems(text: str) -> int:
    return check_reading(scan(text), name="scan.png", default_currency="EUR").problems


class Reader:
    """A second reading that counts how often it was asked for."""

    def __init__(self, text: str) -> None:
        self.document = scan(text)
        self.calls = 0

    def __call__(self) -> TextDocument:
        self.calls += 1
        return self.document


def test_problems_count_lines_that_do_not_add_up_and_payments_the_lines_miss() -> None:
    assert problems(ADDS_UP) == 0
    assert problems(ONE_DIGIT_MISREAD) == 2  # the line (500 less nothing is not 800) and the total
    assert problems(LINE_LOST) == 1
    assert problems(NO_TABLE) == UNREADABLE


def test_a_reading_that_checks_is_kept_without_reading_again() -> None:
    again = Reader(LINE_LOST)
    assert (
        checked_scan(scan(ADDS_UP), again, name="scan.png", default_currency="EUR").text == scan(ADDS_UP).text
    )
    assert again.calls == 0


def test_the_second_reading_is_kept_when_its_lines_add_up_and_the_first_s_do_not() -> None:
    for first in (ONE_DIGIT_MISREAD, LINE_LOST, NO_TABLE):
        again = Reader(ADDS_UP)
        kept = checked_scan(scan(first), again, name="scan.png", default_currency="EUR")
        assert (kept.text, again.calls) == (scan(ADDS_UP).text, 1)


def test_the_first_reading_is_kept_when_the_second_is_no_better() -> None:
    again = Reader(ONE_DIGIT_MISREAD)
    kept = checked_scan(scan(LINE_LOST), again, name="scan.png", default_currency="EUR")
    assert (kept.text, again.calls) == (scan(LINE_LOST).text, 1)


def test_a_reading_that_lost_the_rows_but_kept_the_total_is_not_kept_for_adding_up() -> None:
    assert (problems(THREE_LINES_ONE_MISREAD), problems(ROWS_LOST_ONE_ADDING_UP)) == (2, 0)
    again = Reader(ROWS_LOST_ONE_ADDING_UP)
    kept = checked_scan(scan(THREE_LINES_ONE_MISREAD), again, name="scan.png", default_currency="EUR")
    assert (kept.text, again.calls) == (scan(THREE_LINES_ONE_MISREAD).text, 1)


def advice_paying_1850(rows: str) -> str:
    return f"AVIS DE PAIEMENT\nMontant payé : 1 850,00 EUR\n\nFacture   Montant   Net payé\n{rows}"


NUMBERS_GARBLED_ONE_LINE_LOST = advice_paying_1850(
    "FA-2026-0412   1 000,00   1 000,00\nF4-2026-0413   500,00   500,00\n7A-2026-0414   250,00   250,00\n"
)
NUMBERS_READ_ONE_AMOUNT_MISREAD = advice_paying_1850(
    "FA-2026-0412   1 000,00   1 000,00\nFA-2026-0413   500,00   500,00\n"
    "FA-2026-0414   250,00   250,00\nFA-2026-0415   100,00   180,00\n"
)


def test_a_reading_whose_numbers_lost_their_shape_loses_to_one_whose_numbers_kept_it() -> None:
    garbled = check_reading(scan(NUMBERS_GARBLED_ONE_LINE_LOST), name="scan.png", default_currency="EUR")
    assert (garbled.problems, garbled.off_shape) == (1, 2)
    again = Reader(NUMBERS_READ_ONE_AMOUNT_MISREAD)
    kept = checked_scan(scan(NUMBERS_GARBLED_ONE_LINE_LOST), again, name="scan.png", default_currency="EUR")
    assert kept.text == scan(NUMBERS_READ_ONE_AMOUNT_MISREAD).text


def test_a_reading_that_adds_up_with_a_number_off_its_shape_is_read_again() -> None:
    rows = "FA-2026-0412   1 000,00   1 000,00\n{}   600,00   600,00\nFA-2026-0414   250,00   250,00\n"
    garbled, read = (
        advice_paying_1850(rows.format("F4-2026-0413")),
        advice_paying_1850(rows.format("FA-2026-0413")),
    )
    again = Reader(read)
    kept = checked_scan(scan(garbled), again, name="scan.png", default_currency="EUR")
    assert (kept.text, again.calls) == (scan(read).text, 1)


def test_an_underscore_a_scan_made_of_a_bullet_is_not_part_of_the_invoice_number() -> None:
    assert invoice_like("_F0006303")
    assert clean_invoice_number("_F0006303") == "F0006303"
    assert clean_invoice_number("FA_2026_0412") == "FA_2026_0412"


def test_a_scanned_amount_with_three_decimals_was_misread_and_is_no_amount() -> None:
    line = TextLine((Word("396.959", 0, 70), Word("421,45", 100, 160)), 1, 1, gap=20.0)
    scanned = Conventions(decimal_separator=".", date_order="DMY", ocr=True)
    typed = Conventions(decimal_separator=".", date_order="DMY", ocr=False)
    assert [value.amount for value in line_values(line, scanned)] == [None, Decimal("421.45")]
    assert line_values(line, typed)[0].amount == Decimal("396.959")


def test_a_scheme_held_by_three_numbers_conforms_numbers_misread_two_ways() -> None:
    numbers = ["SI004455", "SI004457", "51004459", "51004460", "S1004467", "SI004468"]
    assert conform_numbers(numbers)[0] == [
        "SI004455",
        "SI004457",
        "SI004459",
        "SI004460",
        "SI004467",
        "SI004468",
    ]


def test_a_glyph_read_twice_once_as_each_kind_is_one_character_of_the_scheme() -> None:
    numbers = ["SI005163", "S1I005132", "SI005133", "SI005148"]
    conformed, notes = conform_numbers(numbers)
    assert conformed == ["SI005163", "SI005132", "SI005133", "SI005148"]
    assert notes == ["invoice number S1I005132 read as SI005132 (the shape of the other numbers)"]
    assert conform_numbers(["INV05714", "INVOS5725", "INV05721", "INV05722"])[0][1] == "INV05725"
    longer = ["SI005163", "SI0051320", "SI005133", "SI005148"]  # a longer number, no glyph read twice
    assert conform_numbers(longer)[0] == longer


def merge(kept: str | TextDocument, other: str | TextDocument) -> TextDocument:
    """``checked_scan`` of ``kept`` read again as ``other`` (the first kept, as it has fewer problems)."""
    first = scan(kept) if isinstance(kept, str) else kept
    again = Reader(other) if isinstance(other, str) else (lambda: other)
    return checked_scan(first, again, name="scan.png", default_currency="EUR")


def paid_lines(document: TextDocument) -> list[tuple[str, Decimal | None]]:
    (record,) = read_text_remittances(document, name="scan.png")
    return [(line.invoice_number, line.paid_amount) for line in record.lines]


def test_a_line_one_reading_could_not_read_is_taken_from_the_other() -> None:
    unread = THREE_LINES_ONE_MISREAD.replace("500,00        800,00", "5#0,%0        5#0,%0")
    other = THREE_LINES_ONE_MISREAD.replace("1 000,00      1 000,00", "1 000,00      1 800,00")
    other = other.replace("500,00        800,00", "500,00        500,00")
    assert paid_lines(merge(unread, other)) == [
        ("FA-2026-0412", Decimal("1000.00")),
        ("FA-2026-0413", Decimal("500.00")),
        ("FA-2026-0414", Decimal("250.00")),
    ]


def placed(text: str, drop: str | None = None) -> TextDocument:
    """``text`` as a scan whose lines stand 10 pixels apart, without the line holding ``drop``."""
    lines = [replace(line, top=10.0 * index) for index, line in enumerate(plain_text_lines(text))]
    return TextDocument(tuple(line for line in lines if drop is None or drop not in line.text), "ocr")


def test_lines_a_reading_lost_are_put_where_they_stand_when_they_make_the_lines_add_up() -> None:
    adds_up = THREE_LINES_ONE_MISREAD.replace("500,00        800,00", "500,00        500,00")
    merged = merge(placed(adds_up, drop="0413"), placed(adds_up.replace("1 000,00      1 000,00", "")))
    assert [line for line, _ in paid_lines(merged)] == ["FA-2026-0412", "FA-2026-0413", "FA-2026-0414"]
    assert [line.number for line in merged.lines] == list(range(1, len(merged.lines) + 1))
    noise = adds_up.replace("FA-2026-0414", "FA-2026-0414\nFA-2026-0999      10,00         10,00")
    mended = merge(placed(adds_up, drop="0412"), placed(noise, drop="0413"))
    assert paid_lines(mended) == paid_lines(scan(adds_up))  # the line 0999 mends nothing: not taken
