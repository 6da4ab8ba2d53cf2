"""What a remittance email says: an HTML table, a table aligned with spaces, sentences, or an XLSX."""

from __future__ import annotations

import html
import io
import random
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from evals.remittance_docs.pdf_tables import used_columns
from evals.remittance_docs.sheet import Sheet
from evals.world.names import person_name

_AMOUNTS = ("gross", "discount", "deduction", "paid")
# Fixed document properties keep the workbook's content stable for one seed.
_WRITTEN_ON = datetime(2026, 1, 1, 9, 0, 0)  # noqa: DTZ001 - a file property, not a clock reading


def greeting(sheet: Sheet, rng: random.Random) -> str:
    if sheet.style.language == "fr":
        return rng.choice(("Bonjour,", "Madame, Monsieur,", "Bonjour Madame, Monsieur,"))
    return rng.choice(("Hello,", "Dear Sir/Madam,", "Hi,", "Good morning,"))


def intro(sheet: Sheet, rng: random.Random) -> str:
    """The sentence announcing the payment, with its date, amount and reference."""
    remittance = sheet.remittance
    day = sheet.style.day(remittance.payment_date)
    amount = sheet.money(remittance.payment_amount)
    if sheet.style.currency == "none":
        amount = f"{amount} {remittance.currency}"
    reference = remittance.payment_reference
    if sheet.style.language == "fr":
        text = rng.choice(
            (
                f"Nous vous informons que nous avons procédé le {day} au virement de {amount}",
                f"Veuillez trouver ci-dessous le détail de notre règlement de {amount} du {day}",
                f"Notre virement de {amount} a été émis le {day}",
            )
        )
        return text + (f" (référence {reference})." if reference else ".")
    text = rng.choice(
        (
            f"Please find below the details of our payment of {amount} made on {day}",
            f"We have today ({day}) released a payment of {amount} to your account",
            f"Our remittance of {amount} dated {day} covers the invoices below",
        )
    )
    return text + (f", reference {reference}." if reference else ".")


def signature(sheet: Sheet, rng: random.Random) -> str:
    service = "Comptabilité fournisseurs" if sheet.style.language == "fr" else "Accounts Payable"
    closing = "Cordialement," if sheet.style.language == "fr" else rng.choice(("Kind regards,", "Regards,"))
    phone = (
        f"+33 {rng.randint(1, 5)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
        f"{rng.randint(10, 99)}"
        if sheet.style.language == "fr"
        else f"+44 {rng.randint(1000, 9999)} {rng.randint(100000, 999999)}"
    )
    person = person_name(sheet.style.language, rng)
    return f"{closing}\n{person}\n{service}\n{sheet.remittance.payer_name}\n{phone}"


def text_table(sheet: Sheet) -> str:
    """The invoice lines as a plain-text table whose columns are aligned with spaces."""
    columns = used_columns(sheet)
    rows = [[sheet.header(key) for key in columns]]
    rows += [[sheet.cell(line, key) for key in columns] for line in sheet.lines]
    total = [sheet.total_cell(key) for key in columns]
    widths = [max(len(row[index]) for row in [*rows, total]) for index in range(len(columns))]

    def render(row: list[str]) -> str:
        cells = [
            cell.rjust(width) if key in _AMOUNTS else cell.ljust(width)
            for cell, width, key in zip(row, widths, columns, strict=True)
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([render(rows[0]), rule, *(render(row) for row in rows[1:]), rule, render(total)])


def sentences(sheet: Sheet) -> str:
    """The invoice lines as a clerk types them, one per line."""
    french = sheet.style.language == "fr"
    out = []
    for line in sheet.lines:
        text = (
            f"- {line.invoice_number} du {sheet.style.day(line.invoice_date)} : "
            f"{sheet.money(line.paid_amount)}"
            if french
            else f"- {line.invoice_number} ({sheet.style.day(line.invoice_date)}): "
            f"{sheet.money(line.paid_amount)}"
        )
        if line.discount_amount:
            text += (
                f" (escompte {sheet.money(line.discount_amount)} déduit)"
                if french
                else f" (discount {sheet.money(line.discount_amount)} taken)"
            )
        if line.deduction_amount:
            text += (
                f" - déduction {sheet.money(line.deduction_amount)} : {line.reason_text}"
                if french
                else f" - deducted {sheet.money(line.deduction_amount)}: {line.reason_text}"
            )
        out.append(text)
    return "\n".join(out)


def plain_body(sheet: Sheet, rng: random.Random, *, table: bool) -> str:
    """A whole plain-text body: greeting, the payment, the lines, the signature."""
    comment = sheet.comment()
    parts = [
        greeting(sheet, rng),
        "",
        intro(sheet, rng),
        "",
        text_table(sheet) if table else sentences(sheet),
    ]
    if comment:
        parts += ["", comment]
    return "\n".join([*parts, "", signature(sheet, rng), ""])


def html_body(sheet: Sheet, rng: random.Random) -> str:
    """An HTML body with the lines in a table, as webmail and Outlook send it."""
    columns = used_columns(sheet)
    escape = html.escape
    cell = 'style="border:1px solid #999;padding:3px 6px"'
    right = 'style="border:1px solid #999;padding:3px 6px;text-align:right"'
    head = "".join(f"<th {cell}>{escape(sheet.header(key))}</th>" for key in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td {right if key in _AMOUNTS else cell}>{escape(sheet.cell(line, key))}</td>"
            for key in columns
        )
        + "</tr>"
        for line in sheet.lines
    )
    total = "".join(
        f"<td {right if key in _AMOUNTS else cell}><b>{escape(sheet.total_cell(key))}</b></td>"
        for key in columns
    )
    comment = sheet.comment()
    note = f"<p><i>{escape(comment)}</i></p>" if comment else ""
    sign = "<br>".join(escape(part) for part in signature(sheet, rng).splitlines())
    font = rng.choice(("Calibri,sans-serif", "Arial,Helvetica,sans-serif", "'Segoe UI',sans-serif"))
    return (
        f'<html><head><meta charset="utf-8"></head><body style="font-family:{font};font-size:11pt">'
        f"<p>{escape(greeting(sheet, rng))}</p><p>{escape(intro(sheet, rng))}</p>"
        f'<table style="border-collapse:collapse"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
        f"<tfoot><tr>{total}</tr></tfoot></table>{note}<p>{sign}</p></body></html>"
    )


def xlsx_bytes(sheet: Sheet) -> bytes:
    """The advice as a workbook: label/value rows on top, then a typed table (numbers and dates)."""
    remittance = sheet.remittance
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet.words["title"][:31]
    worksheet["A1"] = sheet.words["title"]
    worksheet["A1"].font = Font(bold=True, size=14)
    row = 3
    for label, value in sheet.header_pairs():
        worksheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        target = worksheet.cell(row=row, column=2, value=value)
        if label == sheet.words["amount"]:
            target.value = remittance.payment_amount
            target.number_format = "#,##0.00"
        elif label == sheet.words["date"]:
            target.value = remittance.payment_date
            target.number_format = "DD/MM/YYYY" if sheet.style.language == "fr" else "DD MMM YYYY"
        row += 1
    row += 1
    columns = used_columns(sheet)
    for index, key in enumerate(columns, start=1):
        worksheet.cell(row=row, column=index, value=sheet.words[key]).font = Font(bold=True)
    for line in sheet.lines:
        row += 1
        values: dict[str, str | date | Decimal] = {
            "invoice": line.invoice_number,
            "invoice_date": line.invoice_date,
            "gross": line.invoice_amount,
            "discount": line.discount_amount,
            "deduction": line.deduction_amount,
            "reason": line.reason_text or "",
            "paid": line.paid_amount,
        }
        for index, key in enumerate(columns, start=1):
            target = worksheet.cell(row=row, column=index, value=values[key])
            if key in _AMOUNTS:
                target.number_format = "#,##0.00"
            elif key == "invoice_date":
                target.number_format = "DD/MM/YYYY" if sheet.style.language == "fr" else "YYYY-MM-DD"
    comment = sheet.comment()
    if comment:
        worksheet.cell(row=row + 2, column=1, value=comment)
    workbook.properties.creator = remittance.payer_name
    workbook.properties.created = _WRITTEN_ON
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The workbook with fixed entry times and modification date, so one seed gives the same bytes."""
    stamp = _WRITTEN_ON.strftime("%Y-%m-%dT%H:%M:%SZ")
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            info = zipfile.ZipInfo(entry.filename, date_time=_WRITTEN_ON.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return output.getvalue()
