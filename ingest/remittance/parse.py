"""One parser for every laid-out remittance advice: PDF text layers, scans and email bodies.

It reads a :class:`~ingest.remittance.layout.TextDocument` in three passes:

1. tables (:mod:`~ingest.remittance.text_table`): from each header line on, one row per
   invoice — the header may repeat on every page; ``Total`` rows give the total, not a line;
   a text-only line under the reason column continues the reason of the row above;
2. sentences (:mod:`~ingest.remittance.prose`) outside the tables, for letters and bullets;
3. the payment fields (:mod:`~ingest.remittance.text_fields`) outside the tables.

The result is one :class:`RemittanceRecord`, checked like a remittance sheet: each line's
invoice amount less discount and deduction against what it pays, the lines against the
payment and the totals row. Instruction-like text is flagged, never obeyed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.reader import ReaderError
from ingest.records import RemittanceLineRecord, RemittanceRecord
from ingest.remittance.checks import confidence, line_warning, paid_by_arithmetic, paid_total, total_warnings
from ingest.remittance.field_labels import scanned_legal_form
from ingest.remittance.instructions import instruction_warnings
from ingest.remittance.layout import TextDocument, TextLine
from ingest.remittance.prose import (
    ProseLine,
    merge_prose,
    other_reading,
    read_prose_line,
    sentences,
    split_invoices,
)
from ingest.remittance.shapes import conform_numbers
from ingest.remittance.text_fields import PaymentFields, read_payment
from ingest.remittance.text_table import GENERIC_AMOUNT, SPARE_INVOICE, TableHeader, assign, find_header
from ingest.remittance.tokens import (
    Conventions,
    Value,
    clean_invoice_number,
    document_conventions,
    fold,
    invoice_like,
    line_values,
)
from tools.money import normalise_currency

_TOTAL_WORDS = ("total", "totaux", "montant total", "grand total", "total general", "somme", "sum")
_CARRIED_WORDS = (
    "sous-total",
    "sous total",
    "subtotal",
    "sub-total",
    "report",
    "a reporter",
    "carried forward",
    "brought forward",
    "total page",
    "page total",
)
_REASON_WORDS = re.compile(r"\b(motif|raison|cause|reason|deduction|retenue|litige|dispute)\b")
_DIGIT_GROUP = re.compile(r"\d{1,4}")
_SOURCE_PENALTY = {"pdf": 0.0, "email": 0.0, "ocr": 0.05}
_CORRECTED_PENALTY = 0.05
"""Confidence lost when scanned invoice numbers were brought to the document's numbering shape,
or a scanned paid amount taken at its line's arithmetic."""


@dataclass
class TableRead:
    """Rows read from the tables, the totals row, and which lines the tables used."""

    lines: list[RemittanceLineRecord] = field(default_factory=list)
    totals: tuple[Decimal, int] | None = None
    used: set[int] = field(default_factory=set)
    currencies: Counter[str] = field(default_factory=Counter)


def read_text_remittances(
    document: TextDocument, *, name: str, default_currency: str = "EUR"
) -> list[RemittanceRecord]:
    """The remittance a laid-out document announces; :class:`ReaderError` when it announces none."""
    lines = document.lines
    conventions, table, outside, fields = _tables_and_payment(document)
    known = {fold(line.invoice_number) for line in table.lines} | {fold(fields.payment_reference or "")}
    prose = [line for line in _read_prose(outside, conventions, known) if line.introduced or not table.lines]
    stated_total = fields.payment_amount or (abs(table.totals[0]) if table.totals else None)
    prose = _reading_that_adds_up(prose, table.lines, stated_total)
    records = _attach_reasons(table.lines + [_prose_record(line) for line in prose], outside, conventions)
    if not records:
        raise ReaderError(f"{name}: no remittance found (no invoice table and no invoice lines)")
    records, corrections = _conformed(records) if document.source == "ocr" else (records, [])
    currency = _currency(fields.currency, table.currencies, outside, conventions, default_currency)
    totals_amount, totals_line = table.totals if table.totals else (None, None)
    if document.source == "ocr":
        records, repaired = paid_by_arithmetic(records, fields.payment_amount or totals_amount, currency)
        corrections += repaired
    paid_sum = paid_total(records)
    payment_amount = fields.payment_amount or (abs(totals_amount) if totals_amount else None) or paid_sum
    line_warnings = [warning for line in records if (warning := line_warning(line, currency))]
    sum_warnings = total_warnings(paid_sum, payment_amount, totals_amount, totals_line, currency)
    flagged = instruction_warnings((line.locator, line.text) for line in lines)
    score = confidence(
        total_problems=len(sum_warnings),
        line_problems=len(line_warnings),
        bad_rows=0,
        has_payer=fields.payer_name is not None,
        has_date=fields.payment_date is not None,
    )
    score -= _SOURCE_PENALTY.get(document.source, 0.0) + (0.05 if prose and not table.lines else 0.0)
    score -= _CORRECTED_PENALTY if corrections else 0.0
    return [
        RemittanceRecord(
            payer_name=_payer(fields.payer_name, document.source),
            payment_date=fields.payment_date,
            payment_amount=payment_amount,
            currency=currency,
            payment_reference=fields.payment_reference,
            confidence=round(max(0.05, score - 0.1 * bool(flagged)), 2),
            warnings=(*sum_warnings, *line_warnings, *corrections, *flagged),
            lines=tuple(records),
            locator=f"{name}, {document.source}",
        )
    ]


def with_payment_fields(record: RemittanceRecord, document: TextDocument) -> RemittanceRecord:
    """``record`` (read from a table) with the payer, date and reference the text around the
    table gives, where it had none: an email's sentences (``virement de … émis le …``) and
    signature (never the table's own header and rows)."""
    fields = _tables_and_payment(document)[3]
    found = {
        "payer_name": fields.payer_name,
        "payment_date": fields.payment_date,
        "payment_reference": fields.payment_reference,
    }
    return record.model_copy(
        update={
            name: value
            for name, value in found.items()
            if getattr(record, name) is None and value is not None
        }
    )


def _tables_and_payment(
    document: TextDocument,
) -> tuple[Conventions, TableRead, list[TextLine], PaymentFields]:
    """The document's conventions, its tables, the lines outside them and the payment those say."""
    conventions = document_conventions(document.lines, ocr=document.source == "ocr")
    table = _read_tables(document.lines, conventions)
    outside = [line for index, line in enumerate(document.lines) if index not in table.used]
    email = document.source == "email"
    fields = read_payment(outside, conventions, letterhead=document.lines, signature=email)
    return conventions, table, outside, fields


def _read_tables(lines: Sequence[TextLine], conventions: Conventions) -> TableRead:
    read = TableRead()
    header: TableHeader | None = None
    skip_until = -1
    last_row: int | None = None
    for index, line in enumerate(lines):
        if index <= skip_until:
            continue
        found = find_header(lines, index)
        if found is not None:
            header, skip_until, last_row = found, index + found.lines - 1, None
            read.used.update(range(index, index + found.lines))
            continue
        if header is None:
            continue
        values = line_values(line, conventions)
        lead = fold(" ".join(value.text for value in values[:3]))
        if lead.startswith(_CARRIED_WORDS):
            read.used.add(index)
            continue
        if lead.startswith(_TOTAL_WORDS):
            read.totals = _totals(values, header, line.number)
            read.used.add(index)
            header = None
            continue
        row = _row(values, header, line.locator)
        if row is not None:
            read.lines.append(row)
            read.currencies.update(value.currency for value in values if value.currency)
            read.used.add(index)
            last_row = index
        elif last_row is not None and _continues(values, header, lines, last_row, index):
            previous = read.lines[-1]
            extra = " ".join(value.text for value in values)
            reason = f"{previous.reason_text} {extra}" if previous.reason_text else extra
            read.lines[-1] = previous.model_copy(update={"reason_text": reason})
            read.used.add(index)
            last_row = index
    return read


def _totals(values: Sequence[Value], header: TableHeader, number: int) -> tuple[Decimal, int] | None:
    by_field = assign([value for value in values if value.amount is not None], header)
    for wanted in ("paid_amount", GENERIC_AMOUNT):
        found = [value.amount for value in by_field.get(wanted, []) if value.amount is not None]
        if found:
            return found[-1], number
    amounts = [value.amount for value in values if value.amount is not None]
    return (amounts[-1], number) if amounts else None


def _first_amount(by_field: dict[str, list[Value]], name: str) -> Decimal | None:
    return next((value.amount for value in by_field.get(name, []) if value.amount is not None), None)


def _row(values: Sequence[Value], header: TableHeader, locator: str) -> RemittanceLineRecord | None:
    by_field = assign(values, header)
    number = _invoice_number(by_field.get("invoice_number", [])) or _invoice_number(
        by_field.get(SPARE_INVOICE, [])
    )
    generic = _first_amount(by_field, GENERIC_AMOUNT)
    paid = _first_amount(by_field, "paid_amount")
    invoice_amount = _first_amount(by_field, "invoice_amount")
    if paid is None and "paid_amount" not in header.fields:
        paid = generic
    elif invoice_amount is None:
        invoice_amount = generic
    discount, deduction = (
        _first_amount(by_field, "discount_amount"),
        _first_amount(by_field, "deduction_amount"),
    )
    if number is None or all(amount is None for amount in (paid, invoice_amount, discount, deduction)):
        return None
    if paid is None and invoice_amount is not None:
        paid = invoice_amount - abs(discount or Decimal(0)) - abs(deduction or Decimal(0))
    reason = " ".join(value.text for value in by_field.get("reason_text", []) if value.amount is None)
    code = " ".join(value.text for value in by_field.get("reason_code", []) if value.kind == "text")
    day = next((value.day for value in by_field.get("invoice_date", []) if value.day), None)
    return RemittanceLineRecord(
        invoice_number=clean_invoice_number(number),
        invoice_date=day or next((value.day for value in values if value.day), None),
        invoice_amount=invoice_amount,
        paid_amount=paid,
        discount_amount=abs(discount) if discount is not None else None,
        deduction_amount=abs(deduction) if deduction is not None else None,
        reason_text=reason or None,
        reason_code=code or None,
        locator=locator,
    )


def _invoice_number(cell: Sequence[Value]) -> str | None:
    """The first invoice number of a column's values, with the short groups of digits written
    after it (``2026 0412``, or ``F202608 120`` as a scan split it)."""
    start = next(
        (index for index, value in enumerate(cell) if value.kind == "text" and invoice_like(value.text)), None
    )
    if start is None:
        return None
    end = start + 1
    while end < len(cell) and cell[end].kind == "text" and _DIGIT_GROUP.fullmatch(cell[end].text):
        end += 1
    return "".join(value.text for value in cell[start:end])


def _continues(
    values: Sequence[Value], header: TableHeader, lines: Sequence[TextLine], last_row: int, index: int
) -> bool:
    """A text-only line right below a row, under its reason column: more of the reason."""
    if "reason_text" not in header.fields or any(value.kind != "text" for value in values):
        return False
    if index != last_row + 1 or lines[index].page != lines[last_row].page:
        return False
    return set(assign(values, header)) == {"reason_text"}


def _read_prose(lines: Sequence[TextLine], conventions: Conventions, known: set[str]) -> list[ProseLine]:
    found = [
        read_prose_line(part, locator)
        for locator, values in sentences([(line.locator, line_values(line, conventions)) for line in lines])
        for part in split_invoices(values)
    ]
    return [
        line
        for line in merge_prose([line for line in found if line])
        if fold(line.invoice_number) not in known
    ]


def _attach_reasons(
    records: list[RemittanceLineRecord], lines: Sequence[TextLine], conventions: Conventions
) -> list[RemittanceLineRecord]:
    """``Motif déduction FA-0413 : marchandise endommagée``: the reason of a listed invoice's deduction."""
    by_number = {fold(record.invoice_number): index for index, record in enumerate(records)}
    for line in lines:
        values = line_values(line, conventions)
        if any(value.amount is not None for value in values) or not _REASON_WORDS.search(fold(line.text)):
            continue
        for position, value in enumerate(values):
            index = by_number.get(fold(clean_invoice_number(value.text)))
            if index is None or records[index].reason_text:
                continue
            reason = " ".join(other.text for other in values[position + 1 :]).strip(" :-–")
            if reason:
                records[index] = records[index].model_copy(update={"reason_text": reason})
    return records


def _payer(name: str | None, source: str) -> str | None:
    """The payer's name, its legal form as it is when a scan misread it (``Lid`` → ``Ltd``)."""
    return scanned_legal_form(name) if name is not None and source == "ocr" else name


def _conformed(records: list[RemittanceLineRecord]) -> tuple[list[RemittanceLineRecord], list[str]]:
    """Scanned lines whose invoice numbers differ from the others' shape only by characters
    OCR confuses, brought to it (:func:`~ingest.remittance.shapes.conform_numbers`), with a
    note for each."""
    numbers, notes = conform_numbers([record.invoice_number for record in records])
    return [
        record if record.invoice_number == number else record.model_copy(update={"invoice_number": number})
        for record, number in zip(records, numbers, strict=True)
    ], notes


def _reading_that_adds_up(
    prose: list[ProseLine], table: Sequence[RemittanceLineRecord], total: Decimal | None
) -> list[ProseLine]:
    """Sentences whose one amount could be paid or gross, read the way that adds up to the total."""
    if total is None or all(line.stated is None for line in prose):
        return prose
    flipped = [other_reading(line) for line in prose]

    def paid(lines: Sequence[ProseLine]) -> Decimal:
        return paid_total(table) + sum((line.paid_amount or Decimal(0) for line in lines), Decimal(0))

    return flipped if paid(prose) != total and paid(flipped) == total else prose


def _prose_record(line: ProseLine) -> RemittanceLineRecord:
    return RemittanceLineRecord(
        invoice_number=line.invoice_number,
        invoice_date=line.invoice_date,
        invoice_amount=line.invoice_amount,
        paid_amount=line.paid_amount,
        discount_amount=line.discount_amount,
        deduction_amount=line.deduction_amount,
        reason_text=line.reason_text,
        locator=line.locator,
    )


def _currency(
    stated: str | None,
    in_table: Counter[str],
    outside: Sequence[TextLine],
    conventions: Conventions,
    default: str,
) -> str:
    if stated:
        return normalise_currency(stated)
    seen = Counter(in_table)
    for line in outside:
        seen.update(value.currency for value in line_values(line, conventions) if value.currency)
    return normalise_currency(seen.most_common(1)[0][0]) if seen else normalise_currency(default)
