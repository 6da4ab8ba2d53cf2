"""The typed arguments of the agent's tools (pydantic: they are also the JSON schemas the LLM sees)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ToolArgs(BaseModel):
    """Base: unknown arguments are refused, so a model's typo is an error and not ignored."""

    model_config = ConfigDict(extra="forbid")


class CurrencyArgs(ToolArgs):
    currency: str | None = Field(default=None, description="ISO 4217 code; default: the company's currency")


class SnapshotArgs(CurrencyArgs):
    on: date | None = Field(default=None, description="day of the figures (YYYY-MM-DD); default: today")


class OverdueArgs(SnapshotArgs):
    min_days_late: int = Field(
        default=1, ge=1, le=3650, description="only invoices at least this many days late"
    )


class TopArgs(SnapshotArgs):
    limit: int = Field(default=10, ge=1, le=100, description="how many customers")


class CustomerArgs(ToolArgs):
    customer: str = Field(description="customer name (as typed, fuzzy) or customer id")


class CustomerPeriodArgs(CustomerArgs):
    period_start: date | None = Field(default=None, description="first day; default: the whole history")
    period_end: date | None = Field(default=None, description="last day; default: today")


class DueSoonArgs(CurrencyArgs):
    days: int = Field(default=7, ge=1, le=366, description="invoices due within this many days")


class PeriodArgs(CurrencyArgs):
    period_start: date | None = Field(default=None, description="first day of the period; default: 90 days")
    period_end: date | None = Field(default=None, description="last day of the period; default: today")


class DsoArgs(PeriodArgs):
    method: Literal["standard", "countback"] = Field(
        default="standard", description="standard (receivables ÷ sales × days) or countback"
    )


class DeductionArgs(PeriodArgs):
    group_by: Literal["reason", "customer"] = Field(
        default="reason", description="totals per reason or customer"
    )


class ForecastArgs(CurrencyArgs):
    weeks: int = Field(default=8, ge=1, le=52, description="weeks ahead")


class RiskArgs(CurrencyArgs):
    customer: str | None = Field(default=None, description="one customer; default: every customer")


class NotesArgs(ToolArgs):
    query: str = Field(description="what to look for in notes, calls, e-mails and promises")
    customer: str | None = Field(default=None, description="only this customer's notes")


class ReviewArgs(ToolArgs):
    limit: int = Field(default=20, ge=1, le=200, description="how many suggestions, least confident first")


class ProposalArgs(ToolArgs):
    suggestion_id: int = Field(ge=1, description="the match suggestion a person should approve")


class DraftArgs(CustomerArgs):
    stage: Literal["preventive", "reminder_1", "reminder_2", "call", "formal_notice", "litigation"] | None = (
        Field(default=None, description="force a stage; default: the one the plan gives today")
    )
    language: Literal["fr", "en"] | None = Field(default=None, description="default: the customer's language")


class NoArgs(ToolArgs):
    pass
