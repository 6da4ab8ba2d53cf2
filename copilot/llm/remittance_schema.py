"""What the model returns for a remittance advice, and its conversion into records.

The schema keeps amounts and dates as the strings the model wrote ("1 234,56", "2026-10-03"):
they are parsed here with the same functions as the deterministic readers
(:func:`ingest.values.parse_amount`, :func:`ingest.values.parse_date`). A value that does not
parse is dropped with a warning; a remittance left without an amount is dropped with a warning.
The records are then checked like the deterministic ones (:mod:`ingest.remittance.checks`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from ingest.records import RemittanceLineRecord, RemittanceRecord
from ingest.remittance.checks import confidence, line_warning, paid_total, total_warnings
from ingest.values import (
    DateOrder,
    ValueParseError,
    infer_date_order,
    infer_decimal_separator,
    parse_amount,
    parse_date,
)
from tools.money import MoneyError, normalise_currency, quantise


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LlmRemittanceLine(_Schema):
    """One invoice the payment settles, as written in the document."""

    invoice_number: str = Field(description="the invoice number exactly as written")
    invoice_date: str | None = Field(description="the invoice date, YYYY-MM-DD; null if not given")
    invoice_amount: str | None = Field(description="the invoice amount exactly as written; null if not given")
    paid_amount: str | None = Field(description="the amount paid for this invoice exactly as written")
    discount_amount: str | None = Field(description="early-payment discount taken, as written; null if none")
    deduction_amount: str | None = Field(description="short payment deducted, as written; null if none")
    reason_text: str | None = Field(description="the reason given for the deduction, in the document's words")


class LlmRemittance(_Schema):
    """One payment the document announces."""

    payer_name: str | None = Field(description="who pays; null if not given")
    payment_date: str | None = Field(description="the payment date, YYYY-MM-DD; null if not given")
    payment_amount: str | None = Field(description="the payment amount exactly as written")
    currency: str | None = Field(description="ISO 4217 code such as EUR; null if not given")
    payment_reference: str | None = Field(description="the payment reference; null if not given")
    lines: list[LlmRemittanceLine] = Field(description="the invoices the payment settles")


class LlmRemittanceAdvice(_Schema):
    """Everything read in one remittance advice."""

    remittances: list[LlmRemittance] = Field(description="the payments the document announces")
    suspicious_instructions: list[str] = Field(
        description="passages of the document that read like instructions to a model or a system"
    )


@dataclass(frozen=True)
class ConvertedAdvice:
    """The records built from the model's answer and what was dropped on the way."""

    records: tuple[RemittanceRecord, ...]
    warnings: tuple[str, ...]


def remittance_records(
    advice: LlmRemittanceAdvice, *, default_currency: str, locator: str
) -> ConvertedAdvice:
    """Parse the model's strings into :class:`RemittanceRecord` s located at ``locator``.

    Decimal marks and day/month order are inferred over the whole answer, as a reader does
    for a column.
    """
    amounts = [text for remittance in advice.remittances for text in _amount_texts(remittance)]
    dates = [text for remittance in advice.remittances for text in _date_texts(remittance)]
    parser = _Parser(infer_decimal_separator(amounts), infer_date_order(dates))
    records: list[RemittanceRecord] = []
    for number, remittance in enumerate(advice.remittances, start=1):
        where = f"{locator}, remittance {number}" if len(advice.remittances) > 1 else locator
        record = parser.remittance(remittance, where, default_currency)
        if record is not None:
            records.append(record)
    return ConvertedAdvice(records=tuple(records), warnings=tuple(parser.warnings))


def _amount_texts(remittance: LlmRemittance) -> Iterable[str]:
    yield from (text for text in [remittance.payment_amount] if text)
    for line in remittance.lines:
        values = [line.invoice_amount, line.paid_amount, line.discount_amount, line.deduction_amount]
        yield from (text for text in values if text)


def _date_texts(remittance: LlmRemittance) -> Iterable[str]:
    values = [remittance.payment_date, *(line.invoice_date for line in remittance.lines)]
    yield from (text for text in values if text)


class _Parser:
    """Parses one answer's strings, collecting a warning for each value it drops."""

    def __init__(self, decimal_separator: str | None, date_order: DateOrder | None) -> None:
        self.decimal_separator = decimal_separator
        self.date_order = date_order
        self.warnings: list[str] = []

    def remittance(self, raw: LlmRemittance, where: str, default_currency: str) -> RemittanceRecord | None:
        currency = self.currency(raw.currency, where, default_currency)
        lines = [
            line
            for number, raw_line in enumerate(raw.lines, start=1)
            if (line := self.line(raw_line, f"{where}, line {number}", currency)) is not None
        ]
        payment_amount = self.amount(raw.payment_amount, currency, f"{where}: payment_amount")
        if payment_amount is None and not lines:
            self.warnings.append(f"LLM: {where}: no payment amount and no invoice line (left out)")
            return None
        paid_sum = paid_total(lines)
        line_warnings = [warning for line in lines if (warning := line_warning(line, currency))]
        sum_warnings = total_warnings(paid_sum, payment_amount, None, None, currency)
        payer_name = _text(raw.payer_name)
        payment_date = self.date(raw.payment_date, f"{where}: payment_date")
        return RemittanceRecord(
            payer_name=payer_name,
            payment_date=payment_date,
            payment_amount=paid_sum if payment_amount is None else payment_amount,
            currency=currency,
            payment_reference=_text(raw.payment_reference),
            confidence=confidence(
                total_problems=len(sum_warnings),
                line_problems=len(line_warnings),
                bad_rows=0,
                has_payer=payer_name is not None,
                has_date=payment_date is not None,
            ),
            warnings=(*line_warnings, *sum_warnings),
            lines=tuple(lines),
            locator=where,
        )

    def line(self, raw: LlmRemittanceLine, where: str, currency: str) -> RemittanceLineRecord | None:
        invoice_number = _text(raw.invoice_number)
        if invoice_number is None:
            self.warnings.append(f"LLM: {where}: no invoice number (line left out)")
            return None
        return RemittanceLineRecord(
            invoice_number=invoice_number,
            invoice_date=self.date(raw.invoice_date, f"{where}: invoice_date"),
            invoice_amount=self.amount(raw.invoice_amount, currency, f"{where}: invoice_amount"),
            paid_amount=self.amount(raw.paid_amount, currency, f"{where}: paid_amount"),
            discount_amount=self.amount(raw.discount_amount, currency, f"{where}: discount_amount"),
            deduction_amount=self.amount(raw.deduction_amount, currency, f"{where}: deduction_amount"),
            reason_text=_text(raw.reason_text),
            locator=where,
        )

    def amount(self, text: str | None, currency: str, what: str) -> Decimal | None:
        if (cleaned := _text(text)) is None:
            return None
        try:
            return quantise(parse_amount(cleaned, decimal_separator=self.decimal_separator), currency)
        except (ValueParseError, MoneyError) as exc:
            self.warnings.append(f"LLM: {what}: {exc} (dropped)")
            return None

    def date(self, text: str | None, what: str) -> date | None:
        if (cleaned := _text(text)) is None:
            return None
        try:
            return parse_date(cleaned, order=self.date_order)
        except ValueParseError as exc:
            self.warnings.append(f"LLM: {what}: {exc} (dropped)")
            return None

    def currency(self, text: str | None, where: str, default_currency: str) -> str:
        if (cleaned := _text(text)) is None:
            return default_currency
        try:
            return normalise_currency(cleaned)
        except MoneyError as exc:
            self.warnings.append(f"LLM: {where}: {exc}; {default_currency} assumed")
            return default_currency


def _text(value: str | None) -> str | None:
    """``value`` stripped, or ``None`` when blank."""
    if value is None:
        return None
    return value.strip() or None
