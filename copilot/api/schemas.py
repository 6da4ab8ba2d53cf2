"""The API's request and response bodies. Amounts are strings with the currency's decimals
(``"1200.50"``), dates ISO 8601; a KPI, a plan or an answer keeps the shape the CLI's
``--json`` prints, documented in the CLI help."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Amount = str
"""An amount as a string with the currency's decimals, e.g. ``"1200.50"``."""


def plain_json(data: Any) -> Any:
    """``data`` with decimals and dates as strings, as the CLI prints them (never floats)."""
    return json.loads(json.dumps(data, default=str))


class Page(BaseModel):
    """Where a page of a longer list starts and how many rows it holds at most."""

    total: int = Field(description="How many rows match, over every page.")
    limit: int
    offset: int


# Customers and invoices


class CustomerSummary(BaseModel):
    customer_id: str
    name: str
    email: str | None
    language: str
    country: str | None
    segment: str | None
    credit_limit: Amount | None
    credit_currency: str | None
    payment_terms_days: int | None
    open_invoices: int
    open_amounts: dict[str, Amount] = Field(description="Open receivables per currency.")


class CustomerList(Page):
    customers: list[CustomerSummary]


class Invoice(BaseModel):
    invoice_number: str
    customer_id: str
    customer_name: str
    issue_date: str
    due_date: str
    currency: str
    amount: Amount
    open_amount: Amount
    po_number: str | None
    status: str = Field(description="open, partially_paid or paid.")
    disputed: bool


class InvoiceList(Page):
    invoices: list[Invoice]


class CustomerDetail(CustomerSummary):
    as_of: str
    contact_name: str | None
    parent_customer_id: str | None
    ibans: list[str]
    invoices: list[Invoice] = Field(description="Open and partly paid invoices, oldest due first.")
    payments: list[dict[str, Any]] = Field(description="Payments applied to its invoices, newest first.")
    promises: list[dict[str, Any]] = Field(description="Promises to pay, newest first.")


# Payments, allocations, deductions


class PaymentSource(BaseModel):
    document: str | None
    locator: str
    matched_by: str


class Payment(BaseModel):
    id: str = Field(description="The bank's id of the transaction.")
    booking_date: str
    value_date: str | None
    amount: Amount
    currency: str
    payer_name: str | None
    payer_iban: str | None
    payer_bic: str | None
    reference: str | None
    remittance_text: str | None
    end_to_end_id: str | None
    creditor_reference: str | None
    bank_transaction_code: str | None
    bank_reference: str | None
    entry_reference: str | None
    account: str | None
    status: str
    sources: list[PaymentSource]


class PaymentList(BaseModel):
    payments: list[Payment]


class Allocation(BaseModel):
    id: int
    payment_id: str
    invoice_number: str
    customer_id: str
    amount: Amount
    discount_amount: Amount
    currency: str
    suggestion_id: int | None
    created_by: str
    created_at: str
    reversed_by: str | None
    reversed_at: str | None


class AllocationList(Page):
    allocations: list[Allocation]


class Deduction(BaseModel):
    id: int
    payment_id: str
    invoice_number: str
    customer_id: str
    amount: Amount
    currency: str
    reason_code: str
    reason_text: str | None
    status: str
    created_at: str
    resolved_by: str | None
    resolved_at: str | None


class DeductionList(Page):
    deductions: list[Deduction]


# Documents and jobs


class Document(BaseModel):
    name: str
    sha256: str
    format: str | None
    kind: str
    status: str
    reason: str | None
    size_bytes: int
    payments_reported: int
    received_at: str
    stored_path: str


class DocumentList(BaseModel):
    documents: list[Document]


class Job(BaseModel):
    """A long task (an upload batch): where it stands and, once finished, what it did."""

    id: int
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    total: int
    done: int
    result: dict[str, Any] = Field(description="For an upload: per file, its status and what it added.")
    error: str | None
    created_by: str
    created_at: str
    finished_at: str | None


# Suggestions and review


class SuggestionLine(BaseModel):
    invoice_number: str
    invoice_open_amount: Amount
    due_date: str
    amount: Amount
    discount_amount: Amount
    deduction_amount: Amount
    deduction_code: str | None
    deduction_reason: str | None


class Suggestion(BaseModel):
    suggestion_id: int
    status: str
    confidence: float = Field(ge=0, le=1)
    payment_id: str
    booking_date: str
    amount: Amount
    currency: str
    payer_name: str | None
    customer_id: str | None
    customer_name: str | None
    unapplied_amount: Amount
    decided_by: str | None
    decided_at: str | None
    lines: list[SuggestionLine]


class SuggestionDetail(Suggestion):
    payer_iban: str | None
    reference: str | None
    remittance_text: str | None
    explanation: list[str]
    evidence: str
    alternatives: list[Suggestion]


class SuggestionList(BaseModel):
    suggestions: list[Suggestion]


class EditedLineIn(BaseModel):
    """A reviewer's allocation to one invoice."""

    model_config = ConfigDict(extra="forbid")

    invoice_number: str = Field(min_length=1, max_length=64)
    amount: Decimal = Field(ge=0, description='Cash applied, e.g. "950.00".')
    discount_amount: Decimal = Field(default=Decimal(0), ge=0)
    deduction_amount: Decimal = Field(default=Decimal(0), ge=0)
    deduction_code: str | None = Field(default=None, max_length=16)


class ApproveRequest(BaseModel):
    """Approve as proposed (empty body), with edited allocations, or with another deduction code."""

    model_config = ConfigDict(extra="forbid")

    edits: list[EditedLineIn] = Field(default_factory=list, max_length=200)
    deduction_code: str | None = Field(default=None, min_length=1, max_length=16)


class ReasonRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=2000, description="Why, for the audit log.")


class ApprovalOutcome(BaseModel):
    status: Literal["approved", "awaiting_second"]
    suggestion_id: int
    second_approval_id: int | None
    message: str
    suggestion: Suggestion


class SecondApproval(BaseModel):
    id: int
    suggestion_id: int
    amount: Amount
    currency: str
    proposed_by: str
    created_at: str
    edits: list[dict[str, str | None]]
    deduction_code: str | None


class SecondApprovalList(BaseModel):
    second_approvals: list[SecondApproval]


# KPIs and the agent


class KpiInfo(BaseModel):
    name: str
    summary: str
    options: list[str] = Field(description="The query parameters this KPI reads besides as_of.")
    required: list[str]
    chart: str | None = Field(description="The KPI whose result the dashboard draws for it.")


class KpiList(BaseModel):
    kpis: list[KpiInfo]


class KpiResult(BaseModel):
    """The ``kpi NAME --json`` document: headline ``value``, ``rows`` and the KPI's other figures."""

    model_config = ConfigDict(extra="allow")

    kpi: str
    as_of: str
    currency: str | None
    value: Any
    rows: list[dict[str, Any]]


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=4000, pattern=r"\S")
    thread: str | None = Field(default=None, max_length=200, description="Follow-ups share a thread.")
    as_of: date | None = Field(default=None, description="Day of the figures (default: today).")


class AskAnswer(BaseModel):
    answer: str
    language: str
    tool_calls: list[dict[str, Any]]
    grounded: bool
    thread: str | None
