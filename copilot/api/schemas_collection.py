"""Request and response bodies of dunning, promises, notes, users and the audit log (see
:mod:`copilot.api.schemas` for the conventions: amounts as strings, ISO dates)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from copilot.api.schemas import Amount, Page

# Dunning, promises and notes

StageKey = Literal["preventive", "reminder_1", "reminder_2", "call", "formal_notice", "litigation"]


class DunningPlan(BaseModel):
    """The ``dunning plan --json`` document: one action per customer and currency, largest first."""

    as_of: str
    actions: list[dict[str, Any]]


class DraftRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer: str = Field(min_length=1, max_length=255, description="The customer's id, or its name.")
    stage: StageKey | None = Field(default=None, description="Force this stage (default: the plan's).")
    language: Literal["fr", "en"] | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    as_of: date | None = Field(default=None, description="The day to plan for (default: today).")


class DunningDraft(BaseModel):
    """A reminder draft (``dunning show --json``); ``body_html`` and ``facts`` in the full view only."""

    draft_id: int
    customer_id: str
    customer_name: str
    as_of: str
    stage: str
    language: str
    channel: str
    to: str | None
    subject: str
    body: str
    attachments: list[str]
    currency: str
    total_open: str | None
    method: str
    status: str
    created_by: str
    created_at: str
    approved_by: str | None
    approved_at: str | None
    sent_on: str | None
    sent_at: str | None
    message_id: str | None
    error: str | None
    body_html: str | None = None
    facts: dict[str, Any] | None = None


class DunningDraftList(BaseModel):
    drafts: list[DunningDraft]


class SendReport(BaseModel):
    as_of: str
    sent: list[dict[str, Any]] = Field(description="Per draft: status (sent, printed, failed), to, error.")


class PromiseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer: str = Field(min_length=1, max_length=255, description="The customer's id, or its name.")
    amount: Decimal = Field(gt=0, max_digits=18, description='Amount promised, e.g. "1200.50".')
    promised_date: date
    made_on: date | None = Field(default=None, description="Day the promise was made (default: today).")
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    invoice_numbers: list[str] = Field(default_factory=list, max_length=100)
    note: str | None = Field(default=None, max_length=2000)


class Promise(BaseModel):
    promise_id: int
    note_id: str
    customer_id: str
    customer_name: str
    amount: Amount
    currency: str
    promised_date: str
    made_on: str
    invoice_numbers: list[str]
    note: str | None
    status: str
    due: bool = Field(description="Open and its date has come (on as_of).")
    created_by: str
    text: str


class PromiseList(BaseModel):
    as_of: str
    promises: list[Promise]


class NoteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer: str = Field(min_length=1, max_length=255, description="The customer's id, or its name.")
    text: str = Field(min_length=1, max_length=10_000, pattern=r"\S")
    kind: Literal["note", "call", "email"] = "note"
    day: date | None = Field(default=None, description="Day of the note (default: today).")


class Note(BaseModel):
    note_id: str
    customer_id: str
    customer_name: str
    kind: str
    date: str
    text: str
    author: str


class NoteHit(BaseModel):
    note_id: str
    customer_id: str
    customer_name: str
    kind: str
    date: str
    text: str
    score: float


class NoteSearch(BaseModel):
    query: str
    notes: list[NoteHit]


# Users and the audit log


class User(BaseModel):
    name: str
    role: Literal["viewer", "collector", "reviewer", "admin"]
    slack_user_id: str | None
    email: str | None
    language: str | None
    web_login: bool = Field(description="Whether the user has a password for the web log-in.")


class UserList(BaseModel):
    users: list[User]


class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=128, pattern=r"^[\w.@-]+$")
    role: Literal["viewer", "collector", "reviewer", "admin"]
    slack_user_id: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=255)
    language: Literal["fr", "en"] | None = None
    password: str | None = Field(default=None, min_length=8, max_length=200)


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(default="api", min_length=1, max_length=128)


class IssuedToken(BaseModel):
    name: str
    label: str
    token: str = Field(description="Shown once; only its hash is stored.")


class AuditEntry(BaseModel):
    id: int
    at: str
    actor: str
    action: str
    entity_type: str
    entity_id: str | None
    details: dict[str, Any]


class AuditPage(Page):
    entries: list[AuditEntry]
