"""The payment a laid-out advice announces: who sent it, when, how much and under which reference."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ingest.records import RemittanceRecord
from ingest.remittance.columns import line_column
from ingest.remittance.layout import plain_text_document
from ingest.remittance.parse import read_text_remittances

TABLE = """
Invoice no.      Invoice date     Invoice amount     Amount paid
INV-2026-0711    {invoice_date}          1,200.00        1,200.00
INV-2026-0712    {invoice_date}            300.00          300.00
"""


def parse(text: str, source: str = "pdf") -> RemittanceRecord:
    (record,) = read_text_remittances(plain_text_document(text, source), name="advice.pdf")
    return record


def test_the_sender_without_legal_form_is_the_line_above_its_address_not_the_recipient() -> None:
    letter = """\
                      AVIS   DE   VIREMENT
Huet et Associés
ZI des Grands Champs, 4 allée Ampère
13015 Marseille
                                            Société Industrielle du Vexin SAS
                                            87 avenue de la République
                                            35000 Rennes
Référence : REG0393213
""" + TABLE.format(invoice_date="22/08/2026")
    record = parse(letter)
    assert record.payer_name == "Huet et Associés"  # not the title, not the recipient on the right
    assert record.payment_reference == "REG0393213"


def test_a_legal_form_a_scan_misread_is_read_as_that_form_on_scans_only() -> None:
    for misread, form in (("Lid", "Ltd"), ("SRI.", "SRL"), ("5A", "SA")):
        header = f"Payer: Thornton Haulage {misread}\nPayment date: 05/02/2026\n"
        letter = header + TABLE.format(invoice_date="22/01/2026")
        assert parse(letter, source="ocr").payer_name == f"Thornton Haulage {form}"
        assert parse(letter, source="pdf").payer_name == f"Thornton Haulage {misread}"


def test_labels_a_scan_misread_by_one_character_are_found_and_one_character_more_is_not() -> None:
    header = (
        "Chèque n°      Oate de règlement      Total psyé\nREG0154927     14/08/2026             1 500,00\n"
    )
    table = "Facture        Montant psyé (EUR)\nFA-2026-0412   1 000,00\nFA-2026-0413   500,00\n"
    record = parse(header + table, source="ocr")
    assert (record.payment_date, record.payment_amount) == (date(2026, 8, 14), Decimal("1500.00"))
    assert [line.paid_amount for line in record.lines] == [Decimal("1000.00"), Decimal("500.00")]
    assert line_column("Our reference") is None and line_column("Your reference") == "invoice_number"
    assert line_column("factures") is None  # one word: not the Dutch "facturen"


def test_a_company_word_is_a_label_only_with_a_colon_and_the_payee_block_is_not_the_payer() -> None:
    advice = """\
Bénéficiaire :
Société Industrielle du Vexin SAS
Parc d'activités du Moulin
Avis de paiement
Donneur d'ordre    Optique Bérard du Berry SA
""" + TABLE.format(invoice_date="05/07/2026")
    assert parse(advice).payer_name == "Optique Bérard du Berry SA"
    assert parse(advice.replace("Donneur d'ordre    Optique Bérard du Berry SA\n", "")).payer_name is None
    labelled = advice.replace("Donneur d'ordre   ", "Société :")
    assert parse(labelled).payer_name == "Optique Bérard du Berry SA"
    specked = advice.replace("Donneur d'ordre   ", "Donneur d'ordre   s |")
    assert parse(specked, source="ocr").payer_name == "Optique Bérard du Berry SA"
    titled = advice.replace("Optique Bérard du Berry SA", "Transfer Express SA")
    assert parse(titled).payer_name == "Transfer Express SA"  # a title's word, but a company's name


def test_labels_in_a_header_row_with_values_below_and_dates_with_two_digit_years() -> None:
    stub = """\
DETACH AND RETAIN THIS STATEMENT
Sinclair & Sons LLP
27 Mill Lane
       Check No.        Date paid         Transfer amount
       PAY0091817       06-Nov-26         1,500.00 GBP
""" + TABLE.format(invoice_date="18-Oct-26")
    record = parse(stub)
    assert (record.payer_name, record.payment_reference) == ("Sinclair & Sons LLP", "PAY0091817")
    assert (record.payment_date, record.payment_amount, record.currency) == (
        date(2026, 11, 6),
        Decimal("1500.00"),
        "GBP",
    )
    assert record.lines[0].invoice_date == date(2026, 10, 18)


def test_a_sentence_over_two_lines_dates_the_payment_not_the_invoices() -> None:
    letter = """\
Wicklow Textiles Limited
Please be advised that we have transferred GBP 1,500.00 to your account
on 30-Sep-26 in settlement of the following invoices:
FA-2026-6473 dated 16-Aug-26 for £1,200.00, less early payment discount £0.00, i.e. £1,200.00 paid;
FA-2026-6475 dated 13-Aug-26 for £300.00, i.e. £300.00 paid.
"""
    record = parse(letter)
    assert record.payment_date == date(2026, 9, 30)
    assert (record.payment_amount, record.currency) == (Decimal("1500.00"), "GBP")
    assert [line.invoice_number for line in record.lines] == ["FA-2026-6473", "FA-2026-6475"]


def test_a_payment_date_cut_by_the_line_break_is_whole_again() -> None:
    letter = """\
Wicklow Textiles Limited
Please be advised that we have transferred GBP 1,500.00 to your account on 19 Oct
2026 in settlement of the following invoices:
FA-2026-6473 dated 16 Aug 2026 for £1,200.00;
FA-2026-6475 dated 13 Aug 2026 for £300.00.
"""
    record = parse(letter)
    assert record.payment_date == date(2026, 10, 19)
    assert [line.invoice_number for line in record.lines] == ["FA-2026-6473", "FA-2026-6475"]


def test_a_payment_date_whose_month_a_scan_misspelt_is_read() -> None:
    header = "Redwood Distributors Inc.\nPayment document: ACH00674180    Date: Pebruary 20, 2026\n"
    record = parse(header + TABLE.format(invoice_date="2026-01-04"), source="ocr")
    assert record.payment_date == date(2026, 2, 20)


def test_an_email_sentence_gives_today_s_date_and_a_reference_in_two_words() -> None:
    email = """\
Hi,

We have today (11-Nov-26) released a payment of 1,500.00 EUR to your account, reference CHK 055312.
""" + TABLE.format(invoice_date="20-Aug-26")
    record = parse(email, source="email")
    assert (record.payment_date, record.payment_reference) == (date(2026, 11, 11), "CHK 055312")


def test_a_french_sentence_dates_the_payment_after_its_amount_not_after_an_invoice_number() -> None:
    email = """\
Veuillez trouver ci-dessous le détail de notre règlement de 1 500,00 € du 17 juin 2026 (référence REG0498462).
- 45004730 du 25 mars 2026 : 1 200,00 €
- 45004703 du 26 mai 2026 : 300,00 €
"""
    record = parse(email, source="email")
    assert (record.payment_date, record.payment_reference) == (date(2026, 6, 17), "REG0498462")


def test_dates_no_value_can_order_are_month_first_in_us_dollars_only() -> None:
    advice = "Payment date: 03/10/26\nInvoice no.   Amount paid\nINV-1          $1,500.00\n"
    assert parse(advice).payment_date == date(2026, 3, 10)
    assert parse(advice.replace("$1,500.00", "£1,500.00")).payment_date == date(2026, 10, 3)


def test_a_reference_label_s_value_stops_before_a_date_and_month_first_dates_in_brackets() -> None:
    advice = (
        "We have today (April 27, 2026) released the payment below.\n"
        "Référence du virement : VIR-20261008-4861 08/10/2026\n" + TABLE.format(invoice_date="20-Aug-26")
    )
    record = parse(advice, source="email")
    assert (record.payment_reference, record.payment_date) == ("VIR-20261008-4861", date(2026, 4, 27))
    grouped = parse(advice.replace("VIR-20261008-4861 08/10/2026", "2000 128 433 08/10/2026"), source="email")
    assert grouped.payment_reference == "2000 128 433"
    split = parse(
        advice.replace("VIR-20261008-4861 08/10/2026", "VIR-20261 130-0143 08-10-2026"), source="email"
    )
    assert split.payment_reference == "VIR-20261 130-0143"


def test_a_speck_between_a_label_and_its_value_is_passed_over() -> None:
    advice = """\
Payer              Sinclair Builders Merchants PLC
Date paid      °       16-Jan-26
""" + TABLE.format(invoice_date="19-Nov-25")
    assert parse(advice, source="ocr").payment_date == date(2026, 1, 16)
