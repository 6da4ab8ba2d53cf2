"""The dunning vocabulary shared by the planner, the legal computations and the drafts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Channel = Literal["email", "letter", "call"]
HoldReason = Literal["dispute", "promise", "payment_plan", "unapplied_cash", "recently_reminded"]


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of a scenario: when (days after the due date; negative = before), how and in what tone.

    ``min_interval_days``: no reminder of this stage or an earlier one to the same customer if
    one was sent less than this many days ago.
    """

    key: str
    offset_days: int
    channel: Channel
    tone: str
    min_interval_days: int = 7
    legal_notice: bool = False


@dataclass(frozen=True, slots=True)
class Scenario:
    """The stages a segment of customers goes through, in order of ``offset_days``."""

    segment: str
    stages: tuple[Stage, ...]


@dataclass(frozen=True, slots=True)
class SentReminder:
    """A reminder already sent to a customer: its stage, day and the invoices it covered."""

    customer_id: str
    stage: str
    sent_on: date
    invoice_numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Instalment:
    """One instalment of a payment plan (*échéancier*) and what was paid of it."""

    due_date: date
    amount: Decimal
    paid: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class PaymentPlanFacts:
    """A customer's payment plan: its instalments, in one currency."""

    customer_id: str
    currency: str
    instalments: tuple[Instalment, ...]
    status: str = "active"


@dataclass(frozen=True, slots=True)
class Hold:
    """Why a customer is not chased today, with the words a collector reads."""

    reason: HoldReason
    detail: str


@dataclass(frozen=True, slots=True)
class PlanLine:
    """An overdue (or, for the preventive stage, soon due) invoice a reminder covers."""

    invoice_number: str
    issue_date: date
    due_date: date
    currency: str
    amount: Decimal
    open_amount: Decimal
    days_late: int


@dataclass(frozen=True)
class PlanItem:
    """Today's decision for one customer: the stage due, the invoices, holds and alerts.

    ``action`` is ``send`` (a reminder of ``stage`` should go out), ``call`` (a call task),
    or ``hold`` (``holds`` say why nothing goes out).
    """

    customer_id: str
    customer_name: str
    language: str
    country: str | None
    segment: str
    stage: Stage
    action: Literal["send", "call", "hold"]
    lines: tuple[PlanLine, ...]
    currency: str
    total_open: Decimal
    holds: tuple[Hold, ...] = ()
    alerts: tuple[str, ...] = ()
    previous: tuple[SentReminder, ...] = field(default_factory=tuple)
