"""Reading emails: headers, charsets and transfer encodings, attachments, nesting, limits, sniffing."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.remittance.email_message import MailError, is_email, read_message
from tests.ingest.remittance.emails import (
    CORPUS,
    FIXTURES,
    PDF_BYTES,
    email_message,
    forwarded,
    ole_file,
    write_message,
)
from tests.ingest.remittance.sheets import FRENCH_ROWS, write_csv, write_xlsx

LIMIT = 10_000_000


def test_rfc2047_headers_and_a_quoted_printable_utf8_html_body() -> None:
    message = read_message(FIXTURES / "avis-html-fr.eml", max_attachment_bytes=LIMIT)
    assert message.subject == "TR\xa0: Avis de paiement – Boulangeries Dupont".replace("\xa0", " ")
    assert message.sender == "Marie Curie <marie@fournisseur.example>"
    assert message.date == datetime(2026, 10, 3, 8, 30, tzinfo=UTC)
    assert message.message_id == "<avis-html-fr@fournisseur.example>"
    assert message.text_body.startswith("Bonjour,\n\nVeuillez trouver ci-dessous l'avis")
    assert message.html_body is not None and "Marchandise<br>abîmée" in message.html_body
    assert message.attachments == ()  # the logo is shown in the body (cid:), not attached
    assert message.warnings == ()


def test_quoted_printable_latin1_body_and_windows_1252_punctuation_in_a_latin1_header() -> None:
    message = read_message(FIXTURES / "avis-qp-latin1.eml", max_attachment_bytes=LIMIT)
    assert message.subject == "Règlement de vos factures – octobre"  # =96 is cp1252's en dash
    assert message.sender == "Hélène Lefèvre <compta@lefevre.example>"
    assert "Nous avons réglé ce jour" in message.text_body
    assert "N° facture      Montant réglé" in message.text_body
    assert message.html_body is None


def test_base64_utf8_html_only_body_is_rendered_as_text_and_an_rfc2231_name_is_decoded() -> None:
    message = read_message(FIXTURES / "avis-base64-utf8.eml", max_attachment_bytes=LIMIT)
    assert message.subject == "Zahlungsavis NL-7781 – Überweisung"
    assert message.html_body is not None and "écart tarif" in message.html_body
    lines = message.text_body.splitlines()
    assert lines[:3] == [
        "Remittance advice — Nordlicht GmbH",
        "Payment date: 12/10/2026",
        "Payment reference: NL-7781",
    ]
    header = lines[3]
    row = lines[4]
    assert header.startswith("Invoice number  Invoice amount")
    assert row.startswith("INV-2026-310    2,400.00")
    assert row.index("2,280.00") == header.index("Amount paid")  # columns stay aligned
    [attachment] = message.attachments
    assert attachment.name == "avis détaillé.csv"
    assert attachment.content_type == "text/csv"
    assert attachment.content.startswith("N° facture;Montant payé\n".encode())


def test_an_unknown_charset_is_decoded_with_a_warning_not_an_error() -> None:
    message = read_message(FIXTURES / "unknown-charset.eml", max_attachment_bytes=LIMIT)
    assert message.text_body == "Paiement reçu pour la facture FA-2026-555 : 1 500,00 EUR. Merci.\n"
    assert message.warnings == (
        "text body: unknown charset 'x-unknown', decoded with replacement characters",
    )


def test_a_forwarded_message_with_pdf_and_xlsx_is_a_nested_message(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "avis.xlsx", FRENCH_ROWS).read_bytes()
    inner = email_message("Avis de paiement octobre", "Voir les pièces jointes.")
    inner.add_attachment(PDF_BYTES, maintype="application", subtype="pdf", filename="avis.pdf")
    xlsx_type = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    inner.add_attachment(xlsx, maintype=xlsx_type[0], subtype=xlsx_type[1], filename="détail.xlsx")
    path = write_message(tmp_path / "fwd.eml", forwarded("TR: Avis de paiement octobre", inner))

    message = read_message(path, max_attachment_bytes=LIMIT)
    [attachment] = message.attachments
    assert (attachment.name, attachment.content_type) == ("avis transféré.eml", "message/rfc822")
    assert attachment.nested is not None
    assert attachment.nested.subject == "Avis de paiement octobre"
    assert attachment.nested.text_body == "Voir les pièces jointes.\n"
    assert [(a.name, a.content) for a in attachment.nested.attachments] == [
        ("avis.pdf", PDF_BYTES),
        ("détail.xlsx", xlsx),
    ]
    saved = tmp_path / "saved.eml"
    saved.write_bytes(attachment.content)
    assert is_email(saved)  # stored as a child document, it is ingested as an email again


def test_an_oversized_attachment_is_a_warning_and_is_not_loaded(tmp_path: Path) -> None:
    message = email_message("Avis", "Pièces jointes.")
    message.add_attachment(
        b"%PDF" + b"0" * 2_500_000, maintype="application", subtype="pdf", filename="scan.pdf"
    )
    message.add_attachment(PDF_BYTES, maintype="application", subtype="pdf", filename="avis.pdf")
    path = write_message(tmp_path / "big.eml", message)

    read_back = read_message(path, max_attachment_bytes=1_000_000)
    assert [attachment.name for attachment in read_back.attachments] == ["avis.pdf"]
    assert read_back.warnings == ("attachment scan.pdf is 2.5 MB, above the limit (1 MB)",)


def test_a_zip_attachment_is_kept_as_it_is(tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("zeros.bin", b"\0" * 5_000_000)  # a small bomb: 5 MB from a few KB
    message = email_message("Avis", "Archive jointe.")
    message.add_attachment(archive.getvalue(), maintype="application", subtype="zip", filename="avis.zip")
    read_back = read_message(write_message(tmp_path / "zip.eml", message), max_attachment_bytes=1_000_000)
    [attachment] = read_back.attachments
    assert (attachment.name, attachment.content, attachment.nested) == ("avis.zip", archive.getvalue(), None)


def test_nesting_stops_at_max_depth_with_a_warning(tmp_path: Path) -> None:
    innermost = email_message("Niveau 3", "trois")
    path = write_message(tmp_path / "deep.eml", forwarded("Niveau 1", forwarded("Niveau 2", innermost)))
    message = read_message(path, max_attachment_bytes=LIMIT, max_depth=1)
    [level_two] = message.attachments
    assert level_two.nested is not None and level_two.nested.subject == "Niveau 2"
    [level_three] = level_two.nested.attachments
    assert level_three.nested is None and is_email_bytes(tmp_path, level_three.content)
    assert level_two.nested.warnings == (
        "attachment avis transféré.eml: a message nested deeper than 1 levels, not read",
    )
    deep = read_message(path, max_attachment_bytes=LIMIT, max_depth=3)
    assert deep.attachments[0].nested.attachments[0].nested.subject == "Niveau 3"  # type: ignore[union-attr]


def is_email_bytes(tmp_path: Path, content: bytes) -> bool:
    path = tmp_path / "sniffed"
    path.write_bytes(content)
    return is_email(path)


# --- is_email --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        *sorted(FIXTURES.glob("*.eml")),
        *sorted(CORPUS.glob("eml/*/*.eml")),
        *sorted(CORPUS.glob("msg/*/*.msg")),
        *sorted(CORPUS.glob("msg/*/expected/*.eml")),
    ],
    ids=lambda path: path.name,
)
def test_every_email_fixture_is_recognised(path: Path) -> None:
    assert is_email(path)


def test_files_that_are_not_emails_are_not_recognised(tmp_path: Path) -> None:
    csv = write_csv(tmp_path / "avis.csv", FRENCH_ROWS)
    xlsx = write_xlsx(tmp_path / "avis.xlsx", FRENCH_ROWS)
    pdf = tmp_path / "avis.pdf"
    pdf.write_bytes(PDF_BYTES)
    fields = tmp_path / "fields.txt"
    fields.write_text("Payeur: ACME\nDate: 03/10/2026\nMontant: 100,00\n")
    xls = tmp_path / "old.xls"
    xls.write_bytes(ole_file("Workbook", b"\x09\x08\x10\x00BIFF8"))
    broken_ole = tmp_path / "broken.msg"
    broken_ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    for path in (csv, xlsx, pdf, fields, xls, broken_ole, empty, tmp_path / "missing.eml", tmp_path):
        assert not is_email(path), path.name


def test_an_mbox_from_line_and_long_headers_are_still_an_email(tmp_path: Path) -> None:
    path = tmp_path / "long.eml"
    received = "".join(
        f"Received: from relay{n}.example by mx.example; Tue, 6 Oct 2026\n" for n in range(2000)
    )
    path.write_text(f"From someone@example.com Tue Oct  6 09:00:00 2026\n{received}Subject: x\n\nbody\n")
    assert path.stat().st_size > 64 * 1024
    assert is_email(path)


# --- the real corpus -------------------------------------------------------------------------


def test_corpus_forwarded_rfc822_carries_its_own_pdf() -> None:
    message = read_message(CORPUS / "eml/mail-rb/attachment_message_rfc822.eml", max_attachment_bytes=LIMIT)
    assert (message.subject, message.text_body) == ("testing", "This is the first part.\n")
    [forwarded_message] = message.attachments
    assert forwarded_message.name == "ForwardedMessage.eml"
    assert forwarded_message.nested is not None
    assert forwarded_message.nested.subject == "Another PDF"
    [pdf] = forwarded_message.nested.attachments
    assert (pdf.name, pdf.content_type, pdf.content[:5]) == ("broken.pdf", "application/pdf", b"%PDF-")


@pytest.mark.parametrize(
    ("relative", "name", "content"),
    [
        ("eml/mail-rb/attachment_nonascii_filename.eml", "ciële.txt", b"Hi there.\r\n"),
        ("eml/unstructured/email-equals-attachment-filename.eml", "odd=file=name.txt", b"Odd filename\n"),
        (
            "eml/unstructured/fake-email-attachment.eml",
            "fake-attachment.txt",
            b"Hey this is a fake attachment!",
        ),
    ],
)
def test_corpus_attachment_names_and_bytes(relative: str, name: str, content: bytes) -> None:
    [attachment] = read_message(CORPUS / relative, max_attachment_bytes=LIMIT).attachments
    assert (attachment.name, attachment.content) == (name, content)


def test_corpus_rfc2047_subject_with_emoji_and_a_2231_name_in_a_legacy_charset() -> None:
    pdf_mail = read_message(CORPUS / "eml/mail-rb/attachment_pdf.eml", max_attachment_bytes=LIMIT)
    assert pdf_mail.subject == "Another PDF with 🎉 Unicode chars in it 🍿"
    encoded = read_message(
        CORPUS / "eml/mail-rb/attachment_with_encoded_name.eml", max_attachment_bytes=LIMIT
    )
    [attachment] = encoded.attachments
    assert attachment.name.startswith("01 Quien Te Dij") and attachment.name.endswith("at. Pitbull.mp3")


def test_corpus_outlook_eml_skips_the_inline_logo_and_keeps_every_real_attachment() -> None:
    message = read_message(
        CORPUS / "eml/msgreader/TestWithAttachmentsAndInlines.eml", max_attachment_bytes=LIMIT
    )
    assert message.sender == "Müller Peter <Peter.Mueller@domain.ch>"  # =?Windows-1252?Q?M=FCller?=
    names = [attachment.name for attachment in message.attachments]
    assert names == [
        "attachment1f.txt",
        "attachment2f.txt",
        "attachment-3.txt",
        "attachment4f.txt",
        "attachment-5.eml",
        "attachment-6.eml",
    ]
    assert not any(name.endswith(".png") for name in names)
    # the message/rfc822 parts are base64 of plain text, not messages: kept, not read as emails
    assert [(a.content, a.nested) for a in message.attachments[4:]] == [(b"Attachment Content", None)] * 2


def test_corpus_utf16_eml() -> None:
    message = read_message(CORPUS / "eml/unstructured/fake-email-utf-16-le.eml", max_attachment_bytes=LIMIT)
    assert message.subject == "Test Email"
    assert message.sender == "Matthew Robinson <mrobinson@unstructured.io>"
    assert message.text_body.startswith("This is a test email to use for unit tests.\n")


def test_corpus_bounce_report_has_its_transcript_as_body_and_no_attachment() -> None:
    message = read_message(CORPUS / "eml/mail-rb/bounce_report_530.eml", max_attachment_bytes=LIMIT)
    assert message.text_body.startswith("The original message was received at Mon, 24 Dec 2007")
    assert message.attachments == ()


# --- Outlook .msg ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "sent"), [("charset", True), ("plain_jpeg_attached", True), ("plain_unsent", False)]
)
def test_msg_reads_like_msgconvert_converted_it(stem: str, sent: bool) -> None:
    folder = CORPUS / "msg/email-outlook-message"
    ours = read_message(folder / f"{stem}.msg", max_attachment_bytes=LIMIT)
    peer = read_message(folder / "expected" / f"{stem}.eml", max_attachment_bytes=LIMIT)
    assert ours.subject == peer.subject
    assert ours.sender == peer.sender
    assert ours.date == (peer.date if sent else None)  # msgconvert dates an unsent message at its creation
    assert ours.text_body.rstrip() == peer.text_body.rstrip()
    ours_files = [(a.name, a.content) for a in ours.attachments]
    peer_files = [(a.name, a.content) for a in peer.attachments if a.content_type != "application/rtf"]
    assert ours_files == peer_files


def test_msg_windows_1252_body_is_decoded() -> None:
    message = read_message(CORPUS / "msg/email-outlook-message/charset.msg", max_attachment_bytes=LIMIT)
    assert message.text_body.startswith("This email contains an email… Email-ception!!!")
    assert message.subject == "PST Export - Embedded Email Test"  # no trailing NUL


def test_msg_with_an_embedded_msg_that_has_its_own_attachments(tmp_path: Path) -> None:
    message = read_message(
        CORPUS / "msg/msgreader/EmailWithInnerMailAndAttachments.msg", max_attachment_bytes=LIMIT
    )
    assert (message.subject, message.text_body) == ("Outer mail", "Outer mail\n")
    assert [a.name for a in message.attachments] == ["OUTER 1.pdf", "OUTER 2.pdf", "Inner mail.msg"]
    assert all(a.content.startswith(b"%PDF") for a in message.attachments[:2])
    inner = message.attachments[2]
    assert inner.content_type == "application/vnd.ms-outlook"
    assert inner.nested is not None and inner.nested.subject == "Inner mail"
    assert [a.name for a in inner.nested.attachments] == ["INNER 1.pdf", "INNER 2.pdf"]
    assert is_email_bytes(tmp_path, inner.content)  # exported .msg bytes, recognised again


def test_msg_forwarded_as_attachment_and_special_characters() -> None:
    forward = read_message(CORPUS / "msg/msgreader/EmailWithMsgAttachment.msg", max_attachment_bytes=LIMIT)
    assert forward.subject == "FW: Msg Attachment Test"
    [attachment] = forward.attachments
    assert attachment.name == "Msg Attachment Test.msg"
    assert attachment.nested is not None and attachment.nested.subject == "Msg Attachment Test"
    special = read_message(
        CORPUS / "msg/msgreader/EmailWithSpecialCharsInSubject.msg", max_attachment_bytes=LIMIT
    )
    assert special.subject == "Un sujet bien défini Àéroport mañana être ouïe électricité così próxima à Ô"
    assert special.text_body.startswith("Testing .msg subject encoding\n")


def test_the_same_message_as_msg_and_as_eml_gives_the_same_attachment() -> None:
    msg = read_message(CORPUS / "msg/unstructured/fake-email-attachment.msg", max_attachment_bytes=LIMIT)
    eml = read_message(CORPUS / "eml/unstructured/fake-email-attachment.eml", max_attachment_bytes=LIMIT)
    assert msg.subject == eml.subject == "Fake email with attachment"
    assert msg.message_id == eml.message_id
    assert [(a.name, a.content) for a in msg.attachments] == [(a.name, a.content) for a in eml.attachments]


def test_an_oversized_msg_attachment_is_a_warning() -> None:
    message = read_message(
        CORPUS / "msg/msgreader/EmailWithInnerMailAndAttachments.msg", max_attachment_bytes=16_000
    )
    assert [a.name for a in message.attachments] == ["OUTER 1.pdf"]
    assert message.warnings == (
        "attachment OUTER 2.pdf is 0.016 MB, above the limit (0.016 MB)",
        "attachment Inner mail.msg is 0.063 MB, above the limit (0.016 MB)",
    )


def test_an_ole_file_that_is_not_a_message_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(ole_file("Workbook", b"BIFF8"))
    with pytest.raises(MailError, match=r"^old\.xls: not a readable Outlook message \(") as caught:
        read_message(path, max_attachment_bytes=LIMIT)
    assert "\n" not in str(caught.value)
