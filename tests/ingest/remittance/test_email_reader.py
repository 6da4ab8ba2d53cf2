"""Remittances in email bodies: HTML tables through the sheet logic, plain text through the text parser."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.extract import extract_remittances_with
from ingest.reader import ReaderError, RowErrors
from ingest.records import RemittanceRecord
from ingest.registry import BANK_READERS, REMITTANCE_READERS
from ingest.remittance import RemittanceReader
from ingest.remittance.email_message import is_email
from ingest.remittance.email_reader import EmailRemittanceReader, email_attachments
from tests.ingest.remittance.emails import (
    CORPUS,
    FIXTURES,
    PDF_BYTES,
    email_message,
    forwarded,
    write_message,
)

READER = EmailRemittanceReader()
TABLE_HEAD = "<tr><th>Invoice No</th><th>Amount paid</th></tr>"


def test_it_is_a_remittance_reader_telling_eml_from_msg() -> None:
    assert isinstance(READER, RemittanceReader)
    assert READER.name == "email"
    assert READER.document_format(FIXTURES / "avis-html-fr.eml") == "eml"
    assert READER.document_format(CORPUS / "msg/msgreader/EmailWithMsgAttachment.msg") == "msg"
    assert READER.identify(CORPUS / "msg/unstructured/fake-email-attachment.msg")
    assert not READER.identify(CORPUS.parent / "corpus" / "SOURCES.md")


def test_french_html_table_read_like_a_sheet_with_fields_above_it() -> None:
    [remittance] = READER.iter_remittances(FIXTURES / "avis-html-fr.eml")
    assert remittance.payer_name == "Boulangeries Dupont SAS"  # not the quoted "De : Service comptabilité"
    assert remittance.payment_date == date(2026, 10, 3)
    assert remittance.payment_reference == "VIR-2026-778"
    assert (remittance.payment_amount, remittance.currency) == (Decimal("11950.00"), "EUR")
    first, second = remittance.lines
    assert (first.invoice_number, first.invoice_date, first.discount_amount, first.paid_amount) == (
        "FA-2026-001",
        date(2026, 9, 1),
        Decimal("100.00"),
        Decimal("4900.00"),
    )
    assert (second.deduction_amount, second.reason_text) == (Decimal("50.00"), "Marchandise abîmée")
    assert second.locator == "HTML body, row 16"
    assert remittance.locator == "HTML body, rows 14-17"
    assert remittance.warnings == ()


def test_english_table_with_a_field_after_it_and_no_plain_part() -> None:
    [remittance] = READER.iter_remittances(FIXTURES / "avis-base64-utf8.eml")
    assert remittance.payment_reference == "NL-7781"
    assert remittance.payment_date == date(2026, 10, 12)
    assert [(line.invoice_number, line.paid_amount) for line in remittance.lines] == [
        ("INV-2026-310", Decimal("2280.00")),
        ("INV-2026-311", Decimal("800.00")),
    ]
    assert remittance.lines[0].reason_text == "Prix non conforme – écart tarif"
    assert remittance.payment_amount == Decimal("3080.00")


def test_plain_text_english_body_goes_to_the_text_parser() -> None:
    [remittance] = READER.iter_remittances(FIXTURES / "remittance-text-en.eml")
    assert remittance.payer_name == "Acme Corp"
    assert remittance.currency == "USD"
    assert remittance.payment_reference == "PAY-991"
    assert [(line.invoice_number, line.paid_amount) for line in remittance.lines] == [
        ("INV-1001", Decimal("1000.00")),
        ("INV-1002", Decimal("470.50")),
    ]


def test_plain_text_latin1_body_goes_to_the_text_parser() -> None:
    [remittance] = READER.iter_remittances(FIXTURES / "avis-qp-latin1.eml")
    assert remittance.payer_name == "Fromagerie Lefèvre SARL"
    assert remittance.payment_date == date(2026, 10, 7)
    assert [line.invoice_number for line in remittance.lines] == ["FA-2026-101", "FA-2026-107"]
    assert remittance.payment_amount == Decimal("2230.40")


def test_two_tables_in_one_body_are_two_remittances(tmp_path: Path) -> None:
    html = (
        "<p>Payer: Acme Corp</p><p>Payment reference: A-1</p>"
        f"<table>{TABLE_HEAD}<tr><td>INV-1</td><td>100.00</td></tr></table>"
        "<p>Payer: Acme Logistics</p><p>Payment reference: B-2</p>"
        f"<table>{TABLE_HEAD}<tr><td>INV-2</td><td>250.00</td></tr></table>"
    )
    path = write_message(tmp_path / "two.eml", email_message("Remittances", "See HTML.", html=html))
    first, second = READER.iter_remittances(path)
    assert (first.payer_name, first.payment_reference, first.payment_amount) == (
        "Acme Corp",
        "A-1",
        Decimal(100),
    )
    assert (second.payer_name, second.payment_reference, second.payment_amount) == (
        "Acme Logistics",
        "B-2",
        Decimal(250),
    )


def test_a_bad_table_row_yields_the_good_lines_then_raises_row_errors(tmp_path: Path) -> None:
    rows = "<tr><td>INV-1</td><td>100.00</td></tr><tr><td>INV-2</td><td>abc</td></tr>"
    html = f"<table>{TABLE_HEAD}{rows}</table>"
    path = write_message(tmp_path / "bad.eml", email_message("Remittance", "See HTML.", html=html))
    found: list[RemittanceRecord] = []
    with pytest.raises(RowErrors, match=r"^bad\.eml: 1 bad row\(s\): row 3, column Amount paid: ") as caught:
        found.extend(READER.iter_remittances(path))
    assert [line.invoice_number for line in found[0].lines] == ["INV-1"]
    assert caught.value.errors[0].row == 3


def test_no_remittance_in_the_body_but_attachments_is_not_an_error() -> None:
    assert list(READER.iter_remittances(CORPUS / "eml/mail-rb/attachment_pdf.eml")) == []
    assert list(READER.iter_remittances(CORPUS / "msg/msgreader/EmailWithInnerMailAndAttachments.msg")) == []


@pytest.mark.parametrize(
    "path",
    [
        CORPUS / "eml/msgreader/TestWithInlineHavingWindows1252Fields.eml",
        CORPUS / "msg/email-outlook-message/plain_unsent.msg",
    ],
    ids=lambda path: path.name,
)
def test_no_remittance_and_no_attachment_is_a_reader_error(path: Path) -> None:
    with pytest.raises(
        ReaderError, match=f"^{path.name}: no remittance found in the email body and no attachment$"
    ):
        list(READER.iter_remittances(path))


def test_extract_gives_the_document_format_and_the_remittance() -> None:
    result = extract_remittances_with(READER, FIXTURES / "avis-html-fr.eml")
    assert result.document.format == "eml"
    assert [remittance.payer_name for remittance in result.remittances] == ["Boulangeries Dupont SAS"]


def test_email_attachments_give_forwarded_messages_as_email_bytes(tmp_path: Path) -> None:
    inner = email_message("Avis de paiement", "Voir PDF.")
    inner.add_attachment(PDF_BYTES, maintype="application", subtype="pdf", filename="avis.pdf")
    outer = forwarded("TR: Avis de paiement", inner)
    outer.add_attachment(PDF_BYTES, maintype="application", subtype="pdf", filename="autre.pdf")
    attachments = email_attachments(write_message(tmp_path / "fwd.eml", outer))
    assert [(a.name, a.content_type) for a in attachments] == [
        ("avis transféré.eml", "message/rfc822"),
        ("autre.pdf", "application/pdf"),
    ]
    child = tmp_path / "child.eml"
    child.write_bytes(attachments[0].content)
    assert is_email(child) and READER.document_format(child) == "eml"
    assert [a.name for a in email_attachments(child)] == ["avis.pdf"]  # found when the child is ingested


def test_email_attachments_give_an_embedded_outlook_message_as_msg_bytes(tmp_path: Path) -> None:
    [attachment] = email_attachments(CORPUS / "msg/msgreader/EmailWithMsgAttachment.msg")
    child = tmp_path / attachment.name
    child.write_bytes(attachment.content)
    assert is_email(child) and READER.document_format(child) == "msg"


def test_no_other_test_file_is_taken_for_an_email() -> None:
    tests = Path(__file__).resolve().parents[2]
    files = [
        path
        for path in tests.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and FIXTURES not in path.parents
    ]
    assert len(files) > 50
    assert [path for path in files if READER.identify(path)] == []


@pytest.mark.parametrize("path", [*sorted(FIXTURES.glob("*.eml")), *sorted(CORPUS.glob("*/*/*.*"))], ids=str)
def test_only_the_email_reader_claims_an_email(path: Path) -> None:
    claimed = [reader for reader in (*BANK_READERS, *REMITTANCE_READERS) if reader.identify(path)]
    assert [type(reader) for reader in claimed] == ([EmailRemittanceReader] if READER.identify(path) else [])


def test_a_reply_quoted_body_is_read_without_its_quote_marks_and_signed_by_a_company(tmp_path: Path) -> None:
    body = """\
Pour lettrage, merci.

-----Message d'origine-----
De: Élodie Renard <compta@caron.example>
Envoyé: Wed, 22 Apr 2026 11:09:00 +0200
Objet: Avis de paiement

> Nous avons procédé le 22 avril 2026 au virement de 1 500,00 EUR (référence 2000952715).
>
> Réf. facture  Montant initial  Retenue      Montant réglé
> SI004066         1 275,00 EUR  -75,00 EUR    1 200,00 EUR
> SI004068           300,00 EUR           -      300,00 EUR
> Total            1 575,00 EUR  -75,00 EUR    1 500,00 EUR
>
> Cordialement,
> Élodie Renard
> Comptabilité fournisseurs
> Pâtisserie Caron et Associés
> +32 2 555 01 02
"""
    path = write_message(tmp_path / "fwd.eml", email_message("TR: Avis de paiement", body))
    [remittance] = READER.iter_remittances(path)
    assert remittance.payer_name == "Pâtisserie Caron et Associés"
    assert (remittance.payment_date, remittance.payment_reference) == (date(2026, 4, 22), "2000952715")
    assert remittance.payment_amount == Decimal("1500.00")  # the sentence's, not the totals row's first
    assert [(line.invoice_number, line.paid_amount) for line in remittance.lines] == [
        ("SI004066", Decimal("1200.00")),
        ("SI004068", Decimal("300.00")),
    ]


def test_an_html_table_s_date_column_does_not_date_the_payment_its_sentence_does(tmp_path: Path) -> None:
    html = (
        "<p>Notre virement de 4.501,83 EUR a été émis le 07/12/2026.</p><table>"
        "<tr><th>N° facture</th><th>Date</th><th>Montant TTC</th><th>Montant payé</th></tr>"
        "<tr><td>INV00390</td><td>11/09/2026</td><td>4.501,83 EUR</td><td>4.501,83 EUR</td></tr>"
        "</table><p>Cordialement,<br>Thomas Lebrun<br>Comptabilité fournisseurs<br>Poirier et Associés</p>"
    )
    message = email_message("Avis de virement", "", html=html)
    [remittance] = READER.iter_remittances(write_message(tmp_path / "avis.eml", message))
    assert (remittance.payment_date, remittance.payer_name) == (date(2026, 12, 7), "Poirier et Associés")
