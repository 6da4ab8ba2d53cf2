"""Remittance emails (.eml): the advice in the body, in a forwarded message or in attachments.

Bodies are HTML tables (sometimes with a plain-text alternative), plain-text tables aligned
with spaces or sentences; forwards come from Gmail ("---------- Forwarded message ---------"),
Apple Mail ("Début du message réexpédié :") or Outlook ("-----Original Message-----"), quoted
or not; "see attached" bodies carry PDFs or an XLSX. Charsets are UTF-8, ISO-8859-1 or
windows-1252, in quoted-printable, base64 or 8bit.
"""

from __future__ import annotations

import random
import tempfile
from datetime import datetime, time, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from evals.remittance_docs.email_bodies import greeting, html_body, plain_body, signature, xlsx_bytes
from evals.remittance_docs.layouts import SHORT_LAYOUTS, render_native
from evals.remittance_docs.model import TruthRemittance
from evals.remittance_docs.sheet import Sheet, new_sheet
from evals.world.names import MAILBOXES, person_name, slug

EMAIL_LAYOUTS = (
    "html",
    "text-table",
    "text-sentences",
    "forward",
    "attach-pdf",
    "attach-xlsx",
    "attach-two-pdf",
)
_SUBJECTS = {
    "fr": (
        "Avis de paiement",
        "Avis de virement {ref}",
        "Règlement factures",
        "Paiement du {day}",
        "Votre règlement - {payer}",
    ),
    "en": (
        "Remittance advice",
        "Payment advice {ref}",
        "Remittance {day}",
        "Payment notification - {payer}",
        "Invoices paid",
    ),
}


def _address(name: str, country: str, language: str, rng: random.Random) -> str:
    tld = {"FR": "fr", "BE": "be", "GB": "co.uk", "IE": "ie"}.get(country, "com")
    return f"{rng.choice(MAILBOXES[language])}@{slug(name)}.{tld}"


def _payee_address(remittance: TruthRemittance) -> str:
    return (
        f"encaissements@{slug(remittance.payee_name)}.example"
        if remittance.language == "fr"
        else f"credit.control@{slug(remittance.payee_name)}.example"
    )


def _sent(remittance: TruthRemittance, rng: random.Random) -> datetime:
    zone = timezone(
        timedelta(hours=-5 if remittance.country == "US" else (0 if remittance.language == "en" else 2))
    )
    return datetime.combine(remittance.payment_date, time(rng.randint(7, 18), rng.randint(0, 59)), zone)


def _charset(text: str, rng: random.Random) -> str:
    for charset in rng.sample(("iso-8859-1", "windows-1252", "utf-8"), 3):
        try:
            text.encode(charset)
        except UnicodeEncodeError:
            continue
        return charset
    return "utf-8"


def _set_text(message: EmailMessage, text: str, subtype: str, rng: random.Random) -> None:
    cte = rng.choice(("quoted-printable", "base64", "quoted-printable", "8bit"))
    message.set_content(text, subtype=subtype, charset=_charset(text, rng), cte=cte)


def _add_text(message: EmailMessage, text: str, subtype: str, rng: random.Random) -> None:
    cte = rng.choice(("quoted-printable", "base64"))
    message.add_alternative(text, subtype=subtype, charset=_charset(text, rng), cte=cte)


def _headers(message: EmailMessage, sheet: Sheet, rng: random.Random) -> None:
    remittance = sheet.remittance
    sender = person_name(remittance.language, rng)
    domain_address = _address(remittance.payer_name, remittance.country, remittance.language, rng)
    message["From"] = f"{sender} <{domain_address}>"
    message["To"] = _payee_address(remittance)
    subject = rng.choice(_SUBJECTS[remittance.language])
    message["Subject"] = subject.format(
        ref=remittance.payment_reference or "",
        day=sheet.style.day(remittance.payment_date),
        payer=remittance.payer_name,
    ).strip()
    message["Date"] = format_datetime(_sent(remittance, rng))
    message["Message-ID"] = f"<{rng.randrange(16**16):016x}@{domain_address.split('@')[1]}>"


def _forwarded(sheet: Sheet, rng: random.Random) -> str:
    """A colleague at the payee forwarding the payer's mail to the receivables inbox."""
    remittance = sheet.remittance
    original = plain_body(sheet, rng, table=rng.random() < 0.6)
    mailbox = _address(remittance.payer_name, remittance.country, remittance.language, rng)
    sender = f"{person_name(remittance.language, rng)} <{mailbox}>"
    sent = format_datetime(_sent(remittance, rng))
    french = remittance.language == "fr"
    style = rng.choice(("gmail", "apple", "outlook"))
    if style == "gmail":
        block = (
            f"---------- {'Message transféré' if french and rng.random() < 0.5 else 'Forwarded message'} "
            f"---------\nFrom: {sender}\nDate: {sent}\n"
            f"Subject: {'Avis de paiement' if french else 'Remittance'}"
            f"\nTo: {_payee_address(remittance)}\n"
        )
    elif style == "apple":
        block = (
            f"{'Début du message réexpédié' if french else 'Begin forwarded message'} :\n\n"
            f"{'De' if french else 'From'}: {sender}\n{'Objet' if french else 'Subject'}: "
            f"{'Règlement' if french else 'Payment'}\nDate: {sent}\n{'À' if french else 'To'}: "
            f"{_payee_address(remittance)}\n"
        )
    else:
        title = "Message d'origine" if french else "Original Message"
        block = (
            f"-----{title}-----\n"
            f"{'De' if french else 'From'}: {sender}\n{'Envoyé' if french else 'Sent'}: {sent}\n"
            f"{'Objet' if french else 'Subject'}: {'Avis de paiement' if french else 'Remittance advice'}\n"
        )
    if rng.random() < 0.3:
        original = "\n".join(f"> {line}" if line else ">" for line in original.splitlines())
    note = "Pour lettrage, merci." if french else "FYI - for cash application please."
    return f"{note}\n\n{person_name(remittance.language, rng)}\n\n{block}\n{original}"


def _attach_pdf(
    message: EmailMessage, remittance: TruthRemittance, rng: random.Random, *, adversarial: bool, name: str
) -> str:
    layout = rng.choice(SHORT_LAYOUTS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "advice.pdf"
        render_native(path, layout, remittance, rng, adversarial=adversarial)
        message.add_attachment(path.read_bytes(), maintype="application", subtype="pdf", filename=name)
    return layout


def _see_attached(sheet: Sheet, rng: random.Random, count: int) -> str:
    french = sheet.style.language == "fr"
    if french:
        text = rng.choice(
            (
                "Veuillez trouver ci-joint notre avis de paiement.",
                "Ci-joint le détail de notre règlement.",
                "Voir pièce jointe.",
            )
        )
        text = text if count == 1 else "Veuillez trouver ci-joint nos deux avis de paiement."
    else:
        text = rng.choice(
            (
                "Please see attached remittance advice.",
                "See attached.",
                "Attached is the remittance for our latest payment.",
            )
        )
        text = text if count == 1 else "Please find attached our two remittance advices."
    comment = sheet.comment()
    text = f"{text}\n\n{comment}" if comment else text
    return f"{greeting(sheet, rng)}\n\n{text}\n\n{signature(sheet, rng)}\n"


def write_email(
    path: Path,
    layout: str,
    remittances: tuple[TruthRemittance, ...],
    rng: random.Random,
    *,
    adversarial: bool = False,
) -> tuple[str, ...]:
    """Write an .eml in ``layout`` (one of :data:`EMAIL_LAYOUTS`); returns notes on how it was made."""
    sheet = new_sheet(remittances[0], rng, adversarial=adversarial)
    message = EmailMessage(policy=policy.SMTP)
    _headers(message, sheet, rng)
    notes: list[str] = []
    if layout == "html":
        if rng.random() < 0.5:
            _set_text(message, plain_body(sheet, rng, table=True), "plain", rng)
            _add_text(message, html_body(sheet, rng), "html", rng)
            notes.append("multipart/alternative")
        else:
            _set_text(message, html_body(sheet, rng), "html", rng)
    elif layout in ("text-table", "text-sentences"):
        _set_text(message, plain_body(sheet, rng, table=layout == "text-table"), "plain", rng)
    elif layout == "forward":
        _set_text(message, _forwarded(sheet, rng), "plain", rng)
        del message["Subject"]
        message["Subject"] = (
            "TR: Avis de paiement" if sheet.style.language == "fr" else "Fwd: Remittance advice"
        )
    else:
        _set_text(message, _see_attached(sheet, rng, len(remittances)), "plain", rng)
        if layout == "attach-xlsx":
            message.add_attachment(
                xlsx_bytes(sheet),
                maintype="application",
                subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                filename=f"{sheet.words['title']}.xlsx",
            )
        for index, remittance in enumerate(remittances if layout != "attach-xlsx" else ()):
            name = f"{'avis_paiement' if sheet.style.language == 'fr' else 'remittance'}_{index + 1}.pdf"
            notes.append(
                "attached " + _attach_pdf(message, remittance, rng, adversarial=adversarial, name=name)
            )
    for part in message.walk():
        if part.is_multipart():
            part.set_boundary(f"=_{rng.randrange(16**24):024x}")
    charsets = sorted(
        {str(part.get_content_charset()) for part in message.walk() if part.get_content_charset()}
    )
    notes.append("charset " + ", ".join(charsets))
    path.write_bytes(message.as_bytes())
    return tuple(notes)
