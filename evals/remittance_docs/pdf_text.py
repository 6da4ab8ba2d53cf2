"""Native PDF layouts without a ruled table: a dense ERP payment advice and a free-text letter.

``erp``: SAP-like "Payment advice note" drawn line by line on the canvas in a small font:
``Doc. no / Your reference / Doc. date / Gross / Cash disc. / Deduction / Net``, negative
numbers with a trailing minus, the reason on a line of its own. ``letter``: "Madame,
Monsieur, nous vous informons du virement de…" with the invoices as bullets or sentences.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ListFlowable, ListItem, Spacer

from evals.remittance_docs.formats import Style
from evals.remittance_docs.model import TruthLine
from evals.remittance_docs.pdf_look import build_pdf, pick_look, register_fonts
from evals.remittance_docs.sheet import Sheet
from evals.world.names import person_name

_ERP_WORDS = {
    "fr": (
        "AVIS DE PAIEMENT",
        "N° pièce",
        "Votre référence",
        "Date pièce",
        "Brut",
        "Escompte",
        "Déduction",
        "Net",
        "Pièce de paiement",
        "Date",
        "Notre n° fournisseur chez vous",
        "Montants en",
        "Total",
        "Motif",
        "Montant payé",
        "Page",
    ),
    "en": (
        "PAYMENT ADVICE NOTE",
        "Doc. no",
        "Your reference",
        "Doc. date",
        "Gross",
        "Cash disc.",
        "Deduction",
        "Net",
        "Payment document",
        "Date",
        "Our vendor no. with you",
        "Amounts in",
        "Total",
        "Reason",
        "Amount paid",
        "Page",
    ),
}


def render_erp(path: Path, sheet: Sheet, rng: random.Random) -> None:
    """(b) A dense SAP-like payment advice; discounts and deductions print with a trailing minus."""
    register_fonts()
    style = Style(**{**sheet.style.__dict__, "negative": "trailing", "currency": "none"})
    erp = Sheet(
        **{**sheet.__dict__, "style": style, "negative_adjustments": True, "zero": style.number(Decimal(0))}
    )
    words = _ERP_WORDS[style.language]
    font, bold = rng.choice(
        (("Courier", "Courier-Bold"), ("Helvetica", "Helvetica-Bold"), ("Vera", "VeraBd"))
    )
    size = rng.choice((6.5, 7, 7.5, 8))
    width, height = LETTER if sheet.remittance.country == "US" else A4
    canvas = Canvas(str(path), pagesize=(width, height), invariant=1)
    left = rng.choice((10, 12, 15)) * mm
    step = size * 1.3
    # Text columns start at their x; amount columns (gross, discount, deduction, net) end at it.
    columns = [left + offset * mm for offset in (0, 23, 55, 105, 128, 151, 178)]
    remittance = erp.remittance
    doc_numbers = rng.randrange(5_100_000_000, 5_199_000_000)
    page = 1

    def head() -> float:
        canvas.setFont(bold, size + 3)
        canvas.drawString(left, height - 15 * mm, remittance.payer_name)
        canvas.drawRightString(width - left, height - 15 * mm, words[0])
        canvas.setFont(font, size)
        y = height - 15 * mm - 2 * step
        for text in erp.payer_address:
            canvas.drawString(left, y, text)
            y -= step
        canvas.drawRightString(width - left, height - 15 * mm - 2 * step, f"{words[15]} {page}")
        y -= step
        reference = remittance.payment_reference or "-"
        canvas.drawString(
            left, y, f"{words[8]}: {reference}    {words[9]}: {style.day(remittance.payment_date)}"
        )
        y -= step
        canvas.drawString(
            left, y, f"{words[10]}: {rng.randrange(100000, 999999)}    {words[11]} {erp.currency}"
        )
        y -= step
        canvas.drawString(left, y, f"{erp.words['payee']}: {remittance.payee_name}")
        y -= 2 * step
        for x, label in zip(columns, words[1:8], strict=True):
            if label in words[4:8]:
                canvas.drawRightString(x, y, label)
            else:
                canvas.drawString(x, y, label)
        y -= step * 0.6
        canvas.line(left, y, width - left, y)
        return float(y - step)

    y = head()
    for number, line in enumerate(erp.lines):
        if y < 25 * mm:
            canvas.showPage()
            page += 1
            y = head()
        cells = [
            str(doc_numbers + number * 3),
            line.invoice_number,
            style.day(line.invoice_date),
            erp.cell(line, "gross"),
            erp.cell(line, "discount"),
            erp.cell(line, "deduction"),
            erp.cell(line, "paid"),
        ]
        canvas.setFont(font, size)
        for index, (x, text) in enumerate(zip(columns, cells, strict=False)):
            if index >= 3:
                canvas.drawRightString(x, y, text)
            else:
                canvas.drawString(x, y, text)
        y -= step
        if line.reason_text:
            canvas.drawString(columns[1], y, f"{words[13]}: {line.reason_text}")
            y -= step
    canvas.line(left, y + step * 0.5, width - left, y + step * 0.5)
    totals = [erp.total_cell(key) for key in ("gross", "discount", "deduction", "paid")]
    canvas.drawString(left, y - step * 0.3, words[12])
    for x, text in zip(columns[3:], totals, strict=True):
        canvas.drawRightString(x, y - step * 0.3, text)
    y -= 2 * step
    amount = f"{erp.currency} {style.money(remittance.payment_amount, erp.currency, bare=True)}"
    canvas.drawString(left, y, f"{words[14]}: {amount}")
    comment = erp.comment()
    if comment:
        canvas.drawString(left, y - 2 * step, comment)
    canvas.showPage()
    canvas.save()


def _line_sentence(sheet: Sheet, line: TruthLine) -> str:
    french = sheet.style.language == "fr"
    number, day = line.invoice_number, sheet.style.day(line.invoice_date)
    gross, paid = sheet.money(line.invoice_amount), sheet.money(line.paid_amount)
    text = f"{number} du {day} pour {gross}" if french else f"{number} dated {day} for {gross}"
    if line.discount_amount:
        discount = sheet.money(line.discount_amount)
        text += f", escompte déduit {discount}" if french else f", less early payment discount {discount}"
    if line.deduction_amount:
        deduction = sheet.money(line.deduction_amount)
        text += (
            f", moins {deduction} ({line.reason_text})"
            if french
            else f", less {deduction} ({line.reason_text})"
        )
    if line.discount_amount or line.deduction_amount:
        text += f", soit {paid}" if french else f", i.e. {paid} paid"
    return text


def _opening(sheet: Sheet, paid_on: date) -> str:
    remittance = sheet.remittance
    amount = sheet.style.money(remittance.payment_amount, remittance.currency, bare=True)
    amount = (
        f"{amount} {remittance.currency}"
        if sheet.style.language == "fr"
        else f"{remittance.currency} {amount}"
    )
    day = sheet.style.day(paid_on)
    if sheet.style.language == "fr":
        return (
            f"Madame, Monsieur,\n\nNous vous informons du virement de {amount} effectué le {day} "
            "en règlement des factures suivantes :"
        )
    return (
        f"Dear Sir or Madam,\n\nPlease be advised that we have transferred {amount} to your account on "
        f"{day} in settlement of the following invoices:"
    )


def render_letter(path: Path, sheet: Sheet, rng: random.Random) -> None:
    """(c) A letter announcing the transfer; the invoices as bullets or as one run of sentences."""
    look = pick_look(sheet.remittance.country, rng, sizes=(10, 10.5, 11, 12))
    remittance = sheet.remittance
    french = sheet.style.language == "fr"
    place = sheet.payer_address[-1].split(" ", 1)[-1].split(",")[0]
    story = [
        look.para(remittance.payer_name, size=look.size + 2, bold=True),
        look.para("\n".join(sheet.payer_address), size=look.size - 1),
        Spacer(1, 6 * mm),
        look.para("\n".join((remittance.payee_name, *sheet.payee_address)), align=2),
        Spacer(1, 6 * mm),
        look.para(
            f"{place}, le {sheet.style.day(remittance.payment_date)}"
            if french
            else f"{place}, {sheet.style.day(remittance.payment_date)}",
            align=2,
        ),
        Spacer(1, 4 * mm),
    ]
    if remittance.payment_reference:
        label = "Réf. du virement" if french else "Our payment reference"
        story.append(
            look.para(
                f"{label} : {remittance.payment_reference}"
                if french
                else f"{label}: {remittance.payment_reference}",
                bold=True,
            )
        )
    story += [Spacer(1, 4 * mm), look.para(_opening(sheet, remittance.payment_date)), Spacer(1, 2 * mm)]
    sentences = [_line_sentence(sheet, line) for line in sheet.lines]
    if rng.random() < 0.6:
        bullet = rng.choice(("•", "-", "–"))
        story.append(
            ListFlowable(
                [ListItem(look.para(text), value=bullet) for text in sentences],
                bulletType="bullet",
                start=bullet,
                leftIndent=12,
            )
        )
    else:
        story.append(look.para(" ; ".join(sentences) + "." if french else "; ".join(sentences) + "."))
    comment = sheet.comment()
    if comment:
        story += [Spacer(1, 3 * mm), look.para(comment)]
    closing = (
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."
        if french
        else "Yours faithfully,"
    )
    signature = person_name(sheet.style.language, rng)
    service = "Service comptabilité fournisseurs" if french else "Accounts Payable"
    story += [
        Spacer(1, 5 * mm),
        look.para(closing),
        Spacer(1, 8 * mm),
        look.para(f"{signature}\n{service}\n{remittance.payer_name}"),
    ]
    build_pdf(path, story, look)
