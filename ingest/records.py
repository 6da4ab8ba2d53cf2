"""Typed, frozen records that readers produce; they carry their provenance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tools.money import format_amount, normalise_currency, quantise

DocumentFormat = Literal[
    "camt052",
    "camt053",
    "camt054",
    "mt940",
    "bai2",
    "csv",
    "pdf",
    "image",
    "eml",
    "msg",
    "xlsx",
    "customers_csv",
    "customers_xlsx",
    "invoices_csv",
    "invoices_xlsx",
]


class Record(BaseModel):
    """Base for reader output: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class MoneyRecord(Record):
    """A record whose ``amount_fields`` are exact amounts in its ``currency``."""

    amount_fields: ClassVar[tuple[str, ...]] = ("amount",)
    currency: str

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return normalise_currency(value)

    @model_validator(mode="after")
    def _exact_amounts(self) -> Self:
        for name in self.amount_fields:
            object.__setattr__(self, name, quantise(getattr(self, name), self.currency))
        return self


class BankPayment(MoneyRecord):
    """One incoming credit on a bank account, as the bank reported it.

    ``id`` is the bank's own reference for the transaction (camt ``AcctSvcrRef``, MT940
    bank reference, BAI2 bank reference, the CSV ``id`` column) or, when the bank gives
    none, a stable id derived from the file and position. ``entry_reference`` is set on the
    transactions of a batch booking: the bank reference of the entry that books them as one
    total (a camt.053 may show only that total, a camt.054 the transactions). ``locator`` says
    where in the file the payment was found (provenance).
    """

    id: str
    account: str | None = None
    booking_date: date
    value_date: date | None = None
    amount: Decimal
    currency: str
    payer_name: str | None = None
    payer_iban: str | None = None
    payer_bic: str | None = None
    end_to_end_id: str | None = None
    creditor_reference: str | None = None
    reference: str | None = None
    remittance_text: str | None = None
    bank_transaction_code: str | None = None
    bank_reference: str | None = None
    entry_reference: str | None = None
    locator: str

    @field_validator("amount")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise ValueError(f"a payment amount must be positive, got {value}")
        return value


class DocumentInfo(Record):
    """The file a result came from."""

    path: str
    sha256: str
    format: DocumentFormat


class RemittanceLineRecord(Record):
    """One invoice a remittance advice says the payment settles, as the payer wrote it.

    ``paid_amount`` is the cash for this invoice; ``discount_amount`` (early-payment
    discount taken) and ``deduction_amount`` (short payment, with its reason) settle the
    rest. An amount the advice does not give is ``None``. The amounts are quantised to the
    currency of the :class:`RemittanceRecord` that holds the line.
    """

    invoice_number: str
    invoice_date: date | None = None
    invoice_amount: Decimal | None = None
    paid_amount: Decimal | None = None
    discount_amount: Decimal | None = None
    deduction_amount: Decimal | None = None
    reason_text: str | None = None
    reason_code: str | None = None
    locator: str | None = None


LINE_AMOUNT_FIELDS = ("invoice_amount", "paid_amount", "discount_amount", "deduction_amount")


class RemittanceRecord(MoneyRecord):
    """One payment announced by a remittance advice, with the invoices it settles.

    ``confidence`` (0 to 1) says how far the extraction can be trusted; ``warnings`` say
    why it is lower (lines that do not add up, rows that could not be read).
    """

    amount_fields: ClassVar[tuple[str, ...]] = ("payment_amount",)
    payer_name: str | None = None
    payment_date: date | None = None
    payment_amount: Decimal
    currency: str
    payment_reference: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    warnings: tuple[str, ...] = ()
    lines: tuple[RemittanceLineRecord, ...] = ()
    locator: str

    @model_validator(mode="after")
    def _exact_line_amounts(self) -> Self:
        lines = tuple(
            line.model_copy(
                update={
                    name: quantise(value, self.currency)
                    for name in LINE_AMOUNT_FIELDS
                    if (value := getattr(line, name)) is not None
                }
            )
            for line in self.lines
        )
        object.__setattr__(self, "lines", lines)
        return self


class ExtractResult(Record):
    """What one reader found in one file (the ``extract --json`` shape)."""

    document: DocumentInfo
    payments: tuple[BankPayment, ...] = ()
    remittances: tuple[RemittanceRecord, ...] = ()
    warnings: tuple[str, ...] = ()


CONTRACT_ORDER = (
    "id",
    "booking_date",
    "value_date",
    "amount",
    "currency",
    "payer_name",
    "payer_iban",
    "payer_bic",
    "reference",
    "remittance_text",
    "end_to_end_id",
    "creditor_reference",
    "bank_transaction_code",
    "bank_reference",
    "entry_reference",
    "account",
    "locator",
)


def payment_contract(payment: BankPayment) -> dict[str, str | None]:
    """A payment in the ``extract --json`` contract (DESIGN.md fields first): amounts as
    strings with the currency's decimals, dates ISO 8601."""
    data = payment.model_dump(mode="json")
    data["amount"] = format_amount(payment.amount, payment.currency)
    return {name: data[name] for name in CONTRACT_ORDER}


REMITTANCE_CONTRACT_ORDER = (
    "payer_name",
    "payment_date",
    "payment_amount",
    "currency",
    "payment_reference",
    "confidence",
    "warnings",
    "lines",
)
LINE_CONTRACT_ORDER = (
    "invoice_number",
    "invoice_amount",
    "paid_amount",
    "discount_amount",
    "deduction_amount",
    "reason_text",
    "reason_code",
)


def remittance_contract(remittance: RemittanceRecord) -> dict[str, Any]:
    """A remittance in the ``extract --json`` contract, exactly the DESIGN.md keys: amounts
    as strings with the currency's decimals (``null`` when the advice gives none), dates ISO."""
    currency = remittance.currency

    def amount(value: Decimal | None) -> str | None:
        return None if value is None else format_amount(value, currency)

    lines = [
        {
            "invoice_number": line.invoice_number,
            **{name: amount(getattr(line, name)) for name in LINE_AMOUNT_FIELDS},
            "reason_text": line.reason_text,
            "reason_code": line.reason_code,
        }
        for line in remittance.lines
    ]
    data: dict[str, Any] = {
        "payer_name": remittance.payer_name,
        "payment_date": remittance.payment_date.isoformat() if remittance.payment_date else None,
        "payment_amount": format_amount(remittance.payment_amount, currency),
        "currency": currency,
        "payment_reference": remittance.payment_reference,
        "confidence": remittance.confidence,
        "warnings": list(remittance.warnings),
        "lines": [{name: line[name] for name in LINE_CONTRACT_ORDER} for line in lines],
    }
    return {name: data[name] for name in REMITTANCE_CONTRACT_ORDER}


def extract_contract(result: ExtractResult) -> dict[str, Any]:
    """The whole ``extract --json`` document: ``document``, ``payments`` and ``remittances``."""
    return {
        "document": result.document.model_dump(mode="json"),
        "payments": [payment_contract(payment) for payment in result.payments],
        "remittances": [remittance_contract(remittance) for remittance in result.remittances],
    }


class CustomerRecord(Record):
    """One customer row of an ERP export (DESIGN.md columns)."""

    customer_id: str
    name: str
    email: str | None = None
    language: str = "fr"
    country: str | None = None
    segment: str | None = None
    credit_limit: Decimal | None = None
    credit_currency: str | None = None
    payment_terms_days: int | None = None
    contact_name: str | None = None
    parent_id: str | None = None
    ibans: tuple[str, ...] = ()
    discount_terms: str | None = None
    locator: str


class InvoiceRecord(MoneyRecord):
    """One open-invoice row of an ERP export (DESIGN.md columns)."""

    amount_fields: ClassVar[tuple[str, ...]] = ("amount", "open_amount")
    invoice_number: str
    customer_id: str
    issue_date: date
    due_date: date
    currency: str
    amount: Decimal
    open_amount: Decimal
    po_number: str | None = None
    locator: str


class RowError(Record):
    """A row that could not be read: one line saying file, row, column and what is wrong."""

    file: str
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"
