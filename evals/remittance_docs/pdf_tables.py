"""Native PDF layouts built around a table of invoice lines (reportlab platypus).

``classic``: letterhead, label/value header block, ruled table. ``grid``: every cell boxed, the
header block a two-column boxed table. ``synonyms``: unusual headers in another column order
(paid before the invoice amount, the date last). ``multipage``: 40 to 80 lines, the header
repeated on each page, ``Page n / N``, a totals row. ``stub``: a cheque stub with the cheque
number, date and amount on top.
"""

from __future__ import annotations

import random
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from evals.remittance_docs.pdf_look import Look, build_pdf, pick_look
from evals.remittance_docs.sheet import COLUMNS, Sheet
from evals.remittance_docs.wording import Wording

_AMOUNT_COLUMNS = ("gross", "discount", "deduction", "paid")
_WIDTHS = {
    "invoice": 1.3,
    "invoice_date": 1.0,
    "gross": 1.15,
    "discount": 0.9,
    "deduction": 0.95,
    "reason": 1.6,
    "paid": 1.15,
}
_SYNONYMS = {
    "fr": {"invoice": "Réf. facture", "paid": "Montant réglé", "deduction": "Retenue", "reason": "Motif"},
    "en": {"invoice": "Inv. ref", "paid": "Amount remitted", "deduction": "Amount withheld", "reason": "Why"},
}


def used_columns(sheet: Sheet, order: tuple[str, ...] = COLUMNS) -> list[str]:
    """``order`` without the discount, deduction and reason columns when no line uses them."""
    has_discount = any(line.discount_amount for line in sheet.lines)
    has_deduction = any(line.deduction_amount for line in sheet.lines)
    skipped = set()
    if not has_discount:
        skipped.add("discount")
    if not has_deduction:
        skipped |= {"deduction", "reason"}
    return [key for key in order if key not in skipped]


def letterhead(sheet: Sheet, look: Look) -> list[Flowable]:
    """The payer's name, address and company ids, then the payee's block on the right."""
    remittance = sheet.remittance
    payee = "\n".join((f"{sheet.words['payee']} :", remittance.payee_name, *sheet.payee_address))
    return [
        look.para(remittance.payer_name, size=look.size + 4, bold=True),
        look.para("\n".join(sheet.payer_address), size=look.size - 0.5),
        look.para(sheet.company_ids, size=look.size - 1.5),
        Spacer(1, 4 * mm),
        look.para(payee, size=look.size, align=2),
        Spacer(1, 5 * mm),
    ]


def lines_table(
    sheet: Sheet,
    look: Look,
    columns: list[str],
    *,
    boxed: bool,
    size: float | None = None,
    repeat_header: bool = False,
) -> Table:
    """The invoice lines of ``sheet`` in ``columns``, with a totals row."""
    size = size or look.size - 0.5
    cell_style = look.style(size=size)
    head_style = look.style(size=size, bold=True)
    rows: list[list[object]] = [[Paragraph(sheet.header(key), head_style) for key in columns]]
    for line in sheet.lines:
        rows.append(
            [
                Paragraph(sheet.cell(line, key), cell_style) if key == "reason" else sheet.cell(line, key)
                for key in columns
            ]
        )
    rows.append([sheet.total_cell(key) for key in columns])
    width = look.pagesize[0] - 2 * look.margin
    weight = sum(_WIDTHS[key] for key in columns)
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), look.font, size),
        ("FONT", (0, -1), (-1, -1), look.bold, size),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
    ]
    for index, key in enumerate(columns):
        if key in _AMOUNT_COLUMNS:
            commands.append(("ALIGN", (index, 1), (index, -1), "RIGHT"))
    if boxed:
        commands += [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
        ]
    table = Table(
        rows,
        colWidths=_fitted_widths(rows, columns, look.font, size, width / weight),
        repeatRows=1 if repeat_header else 0,
    )
    table.setStyle(TableStyle(commands))
    return table


def _fitted_widths(
    rows: list[list[object]], columns: list[str], font: str, size: float, unit: float
) -> list[float]:
    """Each column's share of the page, widened to hold its longest value (as an ERP sizes its
    columns: values never overlap the next column); text columns give up the width needed."""
    needed = [
        max(stringWidth(str(row[index]), font, size) for row in rows[1:] if isinstance(row[index], str)) + 8
        if any(isinstance(row[index], str) for row in rows[1:])
        else 0.0
        for index in range(len(columns))
    ]
    widths = [max(unit * _WIDTHS[key], need) for key, need in zip(columns, needed, strict=True)]
    excess = sum(widths) - unit * sum(_WIDTHS[key] for key in columns)
    flexible = [index for index, key in enumerate(columns) if key == "reason"]
    for index in flexible:
        widths[index] = max(widths[index] - excess, 20 * mm)
    return widths


def _pairs_table(sheet: Sheet, look: Look, *, boxed: bool) -> Table:
    width = look.pagesize[0] - 2 * look.margin
    table = Table(
        [list(pair) for pair in sheet.header_pairs()], colWidths=[width * 0.32, width * 0.45], hAlign="LEFT"
    )
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (0, -1), look.bold, look.size),
        ("FONT", (1, 0), (1, -1), look.font, look.size),
    ]
    if boxed:
        commands.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
    table.setStyle(TableStyle(commands))
    return table


def _closing(sheet: Sheet, look: Look, *, transfer: bool = True) -> list[Flowable]:
    language = sheet.style.language
    if not transfer:
        text = "Merci de votre confiance." if language == "fr" else "Thank you for your business."
    elif language == "fr":
        text = "Ce règlement a été effectué par virement. Pour toute question, contactez notre comptabilité."
    else:
        text = "This payment has been made by bank transfer. Please contact our payables team with any query."
    story: list[Flowable] = [Spacer(1, 5 * mm), look.para(text, size=look.size - 1)]
    comment = sheet.comment()
    if comment:
        story.append(look.para(comment, size=look.size - 1))
    return story


def render_classic(path: Path, sheet: Sheet, rng: random.Random) -> None:
    """(a) Letterhead, title, label/value header block, ruled table with totals."""
    look = pick_look(sheet.remittance.country, rng)
    story = letterhead(sheet, look)
    story += [look.para(sheet.words["title"], size=look.size + 6, bold=True), Spacer(1, 3 * mm)]
    story += [_pairs_table(sheet, look, boxed=False), Spacer(1, 6 * mm)]
    story.append(lines_table(sheet, look, used_columns(sheet), boxed=False))
    build_pdf(path, story + _closing(sheet, look), look)


def render_grid(path: Path, sheet: Sheet, rng: random.Random) -> None:
    """(e) A boxed grid table and a boxed two-column header block (labels left, values right)."""
    look = pick_look(sheet.remittance.country, rng)
    story = [
        look.para(sheet.words["title"].upper(), size=look.size + 5, bold=True, align=1),
        Spacer(1, 4 * mm),
    ]
    story += letterhead(sheet, look)
    story += [_pairs_table(sheet, look, boxed=True), Spacer(1, 6 * mm)]
    story.append(lines_table(sheet, look, used_columns(sheet), boxed=True))
    build_pdf(path, story + _closing(sheet, look), look)


def render_synonyms(path: Path, sheet: Sheet, rng: random.Random) -> None:
    """(f) Synonym headers ("Montant réglé", "Réf. facture", "Retenue", "Motif") in another order."""
    chosen = dict(sheet.words.chosen)
    if rng.random() < 0.6:
        chosen.update(_SYNONYMS[sheet.style.language])
    renamed = Sheet(**{**sheet.__dict__, "words": Wording(sheet.words.language, chosen)})
    order = ("invoice", "paid", "deduction", "reason", "discount", "gross", "invoice_date")
    look = pick_look(sheet.remittance.country, rng)
    story = letterhead(renamed, look)
    story += [look.para(renamed.words["title"], size=look.size + 4, bold=True), Spacer(1, 2 * mm)]
    for label, value in renamed.header_pairs():
        story.append(look.para(f"{label} : {value}" if sheet.style.language == "fr" else f"{label}: {value}"))
    story += [
        Spacer(1, 5 * mm),
        lines_table(renamed, look, used_columns(renamed, order), boxed=rng.random() < 0.5),
    ]
    build_pdf(path, story + _closing(renamed, look), look)


def render_multipage(path: Path, sheet: Sheet, rng: random.Random) -> None:
    """(d) A long table over several pages: header repeated, page numbers, totals row at the end."""
    look = pick_look(sheet.remittance.country, rng, sizes=(8, 8.5, 9))
    story = letterhead(sheet, look)
    story += [look.para(sheet.words["title"], size=look.size + 5, bold=True), Spacer(1, 2 * mm)]
    story += [_pairs_table(sheet, look, boxed=rng.random() < 0.5), Spacer(1, 5 * mm)]
    story.append(lines_table(sheet, look, used_columns(sheet), boxed=rng.random() < 0.5, repeat_header=True))
    build_pdf(path, story + _closing(sheet, look), look, page_label=sheet.words["page"])


def render_stub(path: Path, sheet: Sheet, rng: random.Random) -> None:
    """(g) A cheque stub: cheque number, date and amount boxed on top, then the invoices."""
    look = pick_look(sheet.remittance.country, rng)
    remittance = sheet.remittance
    french = sheet.style.language == "fr"
    detach = "LETTRE-CHÈQUE – À DÉTACHER AVANT ENCAISSEMENT" if french else "DETACH AND RETAIN THIS STATEMENT"
    number_label = "Chèque n°" if french else "Check No."
    reference = remittance.payment_reference or "—"
    top = Table(
        [
            [number_label, sheet.words["date"], sheet.words["amount"]],
            [reference, sheet.style.day(remittance.payment_date), sheet.money(remittance.payment_amount)],
        ],
        colWidths=[45 * mm, 45 * mm, 50 * mm],
        hAlign="RIGHT",
    )
    top.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, colors.black),
                ("FONT", (0, 0), (-1, 0), look.bold, look.size - 1),
                ("FONT", (0, 1), (-1, 1), look.font, look.size + 1),
            ]
        )
    )
    story: list[Flowable] = [
        look.para(detach, size=look.size - 1, align=1),
        Spacer(1, 3 * mm),
        look.para(f"{remittance.payer_name}\n" + "\n".join(sheet.payer_address), bold=True),
        Spacer(1, 3 * mm),
        top,
        Spacer(1, 2 * mm),
        look.para(
            f"{sheet.words['payee']} : {remittance.payee_name}"
            if french
            else f"{sheet.words['payee']}: {remittance.payee_name}"
        ),
        look.para(
            f"{sheet.words['currency']} : {remittance.currency}"
            if french
            else f"{sheet.words['currency']}: {remittance.currency}"
        ),
        Spacer(1, 4 * mm),
    ]
    story.append(KeepTogether([lines_table(sheet, look, used_columns(sheet), boxed=False)]))
    build_pdf(path, story + _closing(sheet, look, transfer=False), look)
