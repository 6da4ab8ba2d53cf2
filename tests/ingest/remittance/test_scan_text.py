"""What the parser makes of scanned text: wide monospaced spaces, words OCR split or misread,
invoice numbers brought to the document's numbering shape, letters whose separators a scan
garbled, and misread table headers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.records import RemittanceRecord
from ingest.remittance.layout import TextDocument, TextLine, Word, plain_text_document, spaced_cell_gap
from ingest.remittance.parse import read_text_remittances
from ingest.remittance.shapes import conform_numbers, shape
from ingest.remittance.tokens import Conventions, line_values

OCR = Conventions(decimal_separator=",", date_order="DMY", ocr=True)


def line_of(*words: tuple[str, float, float], gap: float = 30.0) -> TextLine:
    return TextLine(tuple(Word(text, x0, x1) for text, x0, x1 in words), 1, 1, gap=gap)


def parse(text: str, source: str = "ocr") -> RemittanceRecord:
    (record,) = read_text_remittances(plain_text_document(text, source), name="scan.png")
    return record


def paid_lines(record: RemittanceRecord) -> list[tuple[str, Decimal | None]]:
    return [(line.invoice_number, line.paid_amount) for line in record.lines]


def deducted_lines(record: RemittanceRecord) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return [(line.invoice_number, line.paid_amount, line.deduction_amount) for line in record.lines]


# --- word spacing -------------------------------------------------------------------------


def test_a_monospaced_scan_s_cell_gap_is_wider_than_its_word_spaces() -> None:
    """Character width 20 (gap 24); spaces of 25, 26 and 26 ink to ink (median 26; the 203 before
    ``€`` is a gutter, over three characters): 1.4 × 26 = 36.4."""
    words = (("Total", 0, 100), ("payé", 125, 205), ("9", 231, 251), ("015,08", 277, 397), ("€", 600, 620))
    lines = [line_of(*words, gap=24.0)]
    assert spaced_cell_gap(lines, 24.0) == pytest.approx(36.4)


def test_a_proportional_scan_keeps_its_character_based_gap() -> None:
    """Spaces of 10 and 12 (median 11): 1.4 × 11 = 15.4 is narrower than the gap of 24."""
    lines = [line_of(("Total", 0, 100), ("payé", 110, 190), ("9", 202, 222), gap=24.0)]
    assert spaced_cell_gap(lines, 24.0) == 24.0


# --- words a scan split or misread ----------------------------------------------------------


def texts(line: TextLine) -> list[tuple[str, str, Decimal | None]]:
    return [(value.kind, value.text, value.amount) for value in line_values(line, OCR)]


def test_an_invoice_number_split_after_its_hyphen_is_one_word_again() -> None:
    line = line_of(("FA-", 223, 271), ("2026-8043", 278, 430), ("du", 450, 483))
    assert texts(line)[0] == ("text", "FA-2026-8043", None)


def test_a_hyphen_a_space_away_stays_apart() -> None:
    line = line_of(("FA-", 223, 271), ("2026", 300, 380))
    assert [text for _, text, _ in texts(line)] == ["FA-", "2026"]


def test_overlapping_boxes_are_one_word_and_a_speck_before_a_thousands_group_is_dropped() -> None:
    overlapping = line_of(("$19100.", 2128, 2313), ("41", 2277, 2318))
    specked = line_of(("2026/00719", 415, 634), (".2", 1937, 1975), ("184,16", 2003, 2132))
    assert texts(overlapping) == [("amount", "$19100.41", Decimal("19100.41"))]
    assert texts(specked)[1:] == [("amount", "2 184,16", Decimal("2184.16"))]


def test_a_thousands_group_of_a_narrow_one_is_joined_across_its_wider_margin() -> None:
    """A ``1``'s ink is narrower than its place: 20 from ink to ink here, against 12 after
    ``14`` (gap 18.6, as measured on a 300 dpi scan)."""
    one = line_of(("10", 853, 872), ("1", 1713, 1718), ("126,94", 1738, 1823), gap=18.6)
    apart = line_of(("10", 853, 872), ("1", 1713, 1718), ("126,94", 1760, 1845), gap=18.6)
    assert texts(one)[1:] == [("amount", "1 126,94", Decimal("1126.94"))]
    assert texts(apart)[-1] == ("amount", "126,94", Decimal("126.94"))


def test_letters_and_marks_a_scan_puts_in_amounts_are_digits() -> None:
    line = line_of(("3S84,68", 0, 90), ("845.2!", 200, 260), ("1B0,Z6", 400, 470))
    assert [amount for _, _, amount in texts(line)] == [
        Decimal("3584.68"),
        Decimal("845.21"),
        Decimal("180.26"),
    ]


# --- invoice numbers of one scheme ------------------------------------------------------------


def test_numbers_that_differ_from_the_scheme_by_confusable_characters_take_its_kinds() -> None:
    numbers = ["SI003053", "SI003060", "SI003061", "S1003062", "INVO1684"]
    conformed, notes = conform_numbers(numbers)
    assert conformed == ["SI003053", "SI003060", "SI003061", "SI003062", "INVO1684"]
    assert notes == ["invoice number S1003062 read as SI003062 (the shape of the other numbers)"]


def test_digits_read_as_letters_become_digits_and_lower_case_stays_lower_case() -> None:
    assert conform_numbers(["INV01681", "INV01682", "INV01686", "INVO1684"])[0][-1] == "INV01684"
    assert conform_numbers(["F0006306", "F0006307", "F0006308", "FQ006309"])[0][-1] == "F0006309"
    assert conform_numbers(["ab-12", "cd-34", "ef-56", "g1-78"])[0][-1] == "gl-78"


def test_a_letter_all_the_other_numbers_share_is_taken_for_its_twin() -> None:
    numbers = ["SI004321", "SI004324", "SI004339", "ST004341"]
    conformed, notes = conform_numbers(numbers)
    assert conformed == ["SI004321", "SI004324", "SI004339", "SI004341"]
    assert notes == ["invoice number ST004341 read as SI004341 (the shape of the other numbers)"]
    assert conform_numbers(["FD0001", "FO0002", "FO0003", "FO0004"])[0][0] == "FO0001"
    unshared = ["SI004321", "SI004324", "SI004339", "ST004341", "ST004342"]  # two T: not all but one
    assert conform_numbers(unshared)[0] == unshared
    assert conform_numbers(["SI004321", "SI004324", "SI004339", "SX004341"])[0][-1] == "SX004341"


def test_a_number_that_lost_the_letter_the_others_start_with_gets_it_back() -> None:
    numbers = ["F0002395", "F0002396", "F0002399", "0002397", "000239"]
    assert conform_numbers(numbers)[0] == ["F0002395", "F0002396", "F0002399", "F0002397", "000239"]
    mixed = ["F0002395", "F0002396", "G0002399", "0002397"]  # no letter three numbers share
    assert conform_numbers(mixed)[0] == mixed


def test_a_table_rule_read_before_a_number_of_the_scheme_is_dropped() -> None:
    numbers = ["FAC2608070", "FAC2608074", "FAC2608076", "LFAC2608072", "|FAC2608073", "XFAC2608075"]
    assert conform_numbers(numbers)[0] == [*numbers[:3], "FAC2608072", "FAC2608073", "XFAC2608075"]


def test_no_scheme_without_a_majority_of_three_or_more() -> None:
    assert conform_numbers(["SI003053", "SI003060", "S1003062"]) == (["SI003053", "SI003060", "S1003062"], [])
    assert conform_numbers(["A1", "B2", "C3", "44", "55", "66"])[1] == []  # three against three


def test_a_difference_that_is_not_a_confusion_changes_nothing() -> None:
    numbers = ["SI003053", "SI003060", "SI003061", "SX003064", "ST00306A"]
    assert conform_numbers(numbers)[0] == numbers
    assert shape("FA-2026/1") == "LL-DDDD/D"


SCANNED_TABLE = """\
N° facture     Montant payé
SI003053           100,00
SI003060           200,00
SI003061           300,00
S1003062           400,00
"""


def test_a_scanned_table_s_numbers_are_conformed_with_a_warning_and_a_lower_confidence() -> None:
    scanned, typed = parse(SCANNED_TABLE), parse(SCANNED_TABLE, source="pdf")
    assert [line.invoice_number for line in scanned.lines][-1] == "SI003062"
    assert "invoice number S1003062 read as SI003062 (the shape of the other numbers)" in scanned.warnings
    assert [line.invoice_number for line in typed.lines][-1] == "S1003062"  # a text layer is as typed
    assert scanned.confidence == round(typed.confidence - 0.05 - 0.05, 2)  # scan, then conformed


# --- letters ---------------------------------------------------------------------------------


def test_invoices_of_a_letter_separated_by_what_a_scan_makes_of_semicolons() -> None:
    record = parse(
        "Nous réglons les factures suivantes :\n"
        "FA-2026-8043 du 13/03/2026 pour 153,56 € : FA-2026-8045 du 06/04/2026 pour 731,40 € i "
        "FA-2026-8060 du 17/05/2026 pour 57,40 €.\n"
    )
    assert paid_lines(record) == [
        ("FA-2026-8043", Decimal("153.56")),
        ("FA-2026-8045", Decimal("731.40")),
        ("FA-2026-8060", Decimal("57.40")),
    ]


def test_a_bracketed_lower_case_line_goes_on_with_the_sentence_ending_on_an_amount() -> None:
    record = parse(
        "Please find our payment for the following invoices:\n"
        "25FC08497 dated December 16, 2025 for USD 8,898.29, less USD 100.00\n"
        "(freight charge), i.e. USD 8,798.29 paid; 25FC08498 dated January 3, 2026 for USD 424.59.\n",
        source="pdf",
    )
    assert [(line.invoice_number, line.invoice_amount, line.paid_amount) for line in record.lines] == [
        ("25FC08497", Decimal("8898.29"), Decimal("8798.29")),
        ("25FC08498", None, Decimal("424.59")),
    ]
    assert record.lines[0].deduction_amount == Decimal("100.00")


def test_a_letter_s_list_whose_semicolons_the_scan_lost_and_an_amount_wrapped_over_two_lines() -> None:
    """The scan drops each lone ``;`` (read as a rule mark): an invoice number straight after an
    amount starts the next invoice; ``2`` ending a line and ``257,25`` starting the next are one
    amount."""
    record = parse(
        "Nous vous informons du virement de 2 647,89 EUR en règlement des factures suivantes :\n"
        "45005258 du 16/05/26 pour 310,00 ; 45005266 du 12/04/26 pour 2\n"
        "257,25 ; 45005268 du 11/06/26 pour 80,64.\n"
    )
    assert paid_lines(record) == [
        ("45005258", Decimal("310.00")),
        ("45005266", Decimal("2257.25")),
        ("45005268", Decimal("80.64")),
    ]
    assert record.warnings == ()


def test_an_invoice_number_a_scan_split_before_its_last_digits_is_read_whole() -> None:
    record = parse(
        "Réf. facture       Date            Montant facture (EUR)      Règlement (EUR)\n"
        "F202608 120        2026-02-12                      60,00              60,00\n"
        "F202608 122        2026-02-20                     760,00             760,00\n"
    )
    assert paid_lines(record) == [("F202608120", Decimal("60.00")), ("F202608122", Decimal("760.00"))]


def test_a_scanned_amount_whose_thousands_comma_was_read_as_a_dot() -> None:
    assert texts(line_of(("6.871.21", 0, 80))) == [("amount", "6.871.21", Decimal("6871.21"))]
    assert texts(line_of(("1,234,567,89", 0, 120))) == [("amount", "1,234,567,89", Decimal("1234567.89"))]


def test_a_letter_s_sentences_go_on_past_i_e_and_a_speck_at_the_end_of_a_line() -> None:
    """``i.e.`` ending a line ends no sentence; a line of a speck alone is passed over; an amount
    takes its role from the words since the amount before it (``discount 307.80, less`` /
    ``40.00``: a deduction); the reason stops at ``i.e.``."""
    record = parse(
        "Please be advised that we have transferred GBP 16,754.60 in settlement of the following invoices:\n"
        "e 26FC01277 dated 11/05/2026 for 1747.35, less early payment discount 34.95, i.e.\n"
        "°\n"
        "1712.40 paid\n"
        "e 26FC01281 dated 06/04/2026 for 15390.00, less early payment discount 307.80, less\n"
        "40.00 (short shipped), i.e. 15042.20 paid\n",
        source="pdf",
    )
    assert [
        (line.invoice_number, line.paid_amount, line.discount_amount, line.deduction_amount, line.reason_text)
        for line in record.lines
    ] == [
        ("26FC01277", Decimal("1712.40"), Decimal("34.95"), None, None),
        ("26FC01281", Decimal("15042.20"), Decimal("307.80"), Decimal("40.00"), "short shipped"),
    ]


def test_an_english_letter_whose_lines_break_after_i_e_and_before_a_currency() -> None:
    record = parse(
        "Please be advised that we have transferred USD 6178.86 to your account in\n"
        "settlement of the following invoices:\n"
        "2026/03279 dated 07/11/2026 for USD 5582.95, less early payment discount USD 83.74, i.e.\n"
        "USD 5499.21 paid; 2026/03305 dated 06/30/2026 for USD 690.00, less early payment discount\n"
        "USD 10.35, i.e. USD 679.65 paid.\n",
        source="pdf",
    )
    assert [(line.invoice_number, line.paid_amount, line.discount_amount) for line in record.lines] == [
        ("2026/03279", Decimal("5499.21"), Decimal("83.74")),
        ("2026/03305", Decimal("679.65"), Decimal("10.35")),
    ]


def test_the_keyword_nearest_an_amount_gives_its_role() -> None:
    """``remise`` names the reason of the deduction; ``soit``, nearer, makes 63,26 the paid amount."""
    record = parse(
        "Nous vous informons du virement de 63,26 EUR en règlement des factures suivantes :\n"
        "- FA-2026-5571 du 25.04.2026 pour 90,00 €, moins 26,74 € (remise promotionnelle), soit 63,26 €\n",
        source="pdf",
    )
    (line,) = record.lines
    assert (line.invoice_amount, line.paid_amount, line.deduction_amount, line.reason_text) == (
        Decimal("90.00"),
        Decimal("63.26"),
        Decimal("26.74"),
        "remise promotionnelle",
    )
    deducted = parse(
        "Nous vous informons du virement de 44,42 EUR en règlement des factures suivantes :\n"
        "- SI008624 du 12/09/2026 pour 60,00 €, escompte déduit 0,90 €, moins 14,68 € (colis manquant), "
        "soit 44,42 €\n",
        source="pdf",
    )
    (line,) = deducted.lines
    assert (line.paid_amount, line.discount_amount, line.deduction_amount) == (
        Decimal("44.42"),
        Decimal("0.90"),
        Decimal("14.68"),
    )


def test_a_deduction_in_brackets_closed_after_its_currency_is_read() -> None:
    record = parse(
        "N° facture    Date facture   Montant facture     Déduction          Motif        Montant payé\n"
        "F202608675    04.01.2026     7 340,00 EUR        0,00                            7 340,00 EUR\n"
        "F202608676    07.02.2026     12 334,12 EUR       (1 435,93 EUR)     port déduit  10 898,19 EUR\n"
    )
    assert deducted_lines(record) == [
        ("F202608675", Decimal("7340.00"), Decimal("0.00")),
        ("F202608676", Decimal("10898.19"), Decimal("1435.93")),
    ]
    english = parse(
        "Invoice no.   Invoice date   Invoice amount     Deduction        Reason          Amount paid\n"
        "SI000806      2 Dec 2025     GBP 176.54         (GBP 40.00)      short shipped   GBP 136.54\n"
        "SI000804      27 Oct 2025    GBP 69.44          0.00                             GBP 69.44\n"
    )
    assert deducted_lines(english) == [
        ("SI000806", Decimal("136.54"), Decimal("40.00")),
        ("SI000804", Decimal("69.44"), Decimal("0.00")),
    ]


def test_a_misread_paid_amount_is_taken_at_its_line_s_arithmetic_when_the_lines_then_add_up() -> None:
    record = parse(
        "Payment amount 8,102.84\n"
        "Invoice no.    Invoice date    Gross amount    Discount    Deduction    Net paid\n"
        "26FC08973      8 May 2026      8,002.84        0.00        0.00         8.002.864\n"
        "26FC08974      9 May 2026      100.00          0.00        0.00         100.00\n"
    )
    assert paid_lines(record) == [("26FC08973", Decimal("8002.84")), ("26FC08974", Decimal("100.00"))]
    assert any("taken as 8,002.84" in warning for warning in record.warnings)


def test_no_arithmetic_repair_when_the_lines_would_still_not_add_up() -> None:
    record = parse(
        "Payment amount 9,999.99\n"
        "Invoice no.    Invoice date    Gross amount    Discount    Deduction    Net paid\n"
        "26FC08973      8 May 2026      8,002.84        0.00        0.00         8.002.864\n"
        "26FC08974      9 May 2026      100.00          0.00        0.00         100.00\n"
    )
    assert paid_lines(record)[0] == ("26FC08973", Decimal("8002864"))


# --- misread table headers -----------------------------------------------------------------


def test_numbers_under_a_second_invoice_column_are_read_when_the_chosen_one_holds_none() -> None:
    """``Invoice amount`` misread ``Invoice snr``: ``Invoice`` names a second invoice column, the
    one kept; the numbers are under ``Invoice no.``, and the row is the table's (its deduction
    too), not a sentence's."""
    record = parse(
        "Invoice no.     Invoice date     Invoice snr      Deduction      Amount paid\n"
        "2026/01406      12/06/2026        4 092,55          92,55         4 000,00\n"
        "2026/01407      16/07/2026        2 131,00           0,00         2 131,00\n"
    )
    assert deducted_lines(record) == [
        ("2026/01406", Decimal("4000.00"), Decimal("92.55")),
        ("2026/01407", Decimal("2131.00"), Decimal("0.00")),
    ]


def test_a_document_read_from_a_text_layer_is_not_conformed() -> None:
    document = TextDocument(plain_text_document(SCANNED_TABLE).lines, "email")
    (record,) = read_text_remittances(document, name="advice.txt")
    assert not any("shape of the other numbers" in warning for warning in record.warnings)
