"""The facts of a reminder: everything its message states, as JSON with amounts and dates as strings.

They are stored on the draft, rendered by the templates and are the only figures an LLM's
rewrite may state. Keys:

- ``as_of``, ``language``, ``currency``; ``customer`` (``customer_id``, ``name``,
  ``contact_name``, ``email``, ``country``); ``sender`` (``company``, ``signature``);
- ``stage`` (``key``, ``channel``, ``tone``, ``legal_notice``);
- ``lines``: the invoices (``invoice_number``, ``issue_date``, ``due_date``, ``amount``,
  ``open_amount``, ``days_late``); ``total_open`` their open amounts added up;
  ``oldest_days_late``;
- ``previous``: reminders already sent (``stage``, ``sent_on``, ``invoice_numbers``);
- ``promises``: the customer's promises to pay in the currency still open or broken on
  ``as_of`` (``amount``, ``promised_date``, ``made_on``, ``status``);
- ``law``: the late-payment rule of the customer's country (``fr_l441_10``,
  ``uk_late_payment_1998`` or ``None``); ``charges``: per invoice for a legal-notice stage
  (``invoice_number``, ``days``, ``reference_rate``, ``reference_date``, ``margin`` = rate −
  reference rate, ``rate``, ``principal``, ``interest``, ``fixed_sum``); ``total_interest``,
  ``total_fixed_sums`` and ``total_claimed`` = ``total_open`` + interest + fixed sums (``None``
  without charges);
- ``holds`` and ``alerts``: the planner's, for the person who reviews the draft.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from copilot.locales import Language
from tools.dunning.legal import LateCharges, rule_for, total_charges
from tools.dunning.model import PlanItem
from tools.forecast.promises import BROKEN, OPEN, PromiseOutcome
from tools.money import format_amount


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who the reminder is addressed to."""

    customer_id: str
    name: str
    contact_name: str | None
    email: str | None
    country: str | None


def message_facts(
    item: PlanItem,
    recipient: Recipient,
    *,
    as_of: date,
    language: Language,
    charges: Sequence[LateCharges],
    promises: Sequence[PromiseOutcome],
    sender: dict[str, str | None],
) -> dict[str, Any]:
    """The facts of the reminder of ``item`` (keys in the module docs)."""
    currency = item.currency

    def money(value: Any) -> str:
        return format_amount(value, currency)

    totals = total_charges(charges, currency) if charges else None
    return {
        "as_of": as_of.isoformat(),
        "language": language,
        "currency": currency,
        "customer": {
            "customer_id": recipient.customer_id,
            "name": recipient.name,
            "contact_name": recipient.contact_name,
            "email": recipient.email,
            "country": recipient.country,
        },
        "sender": dict(sender),
        "stage": {
            "key": item.stage.key,
            "channel": item.stage.channel,
            "tone": item.stage.tone,
            "legal_notice": item.stage.legal_notice,
        },
        "lines": [
            {
                "invoice_number": line.invoice_number,
                "issue_date": line.issue_date.isoformat(),
                "due_date": line.due_date.isoformat(),
                "amount": money(line.amount),
                "open_amount": money(line.open_amount),
                "days_late": str(line.days_late),
            }
            for line in item.lines
        ],
        "total_open": money(item.total_open),
        "oldest_days_late": str(max((line.days_late for line in item.lines), default=0)),
        "previous": [
            {
                "stage": reminder.stage,
                "sent_on": reminder.sent_on.isoformat(),
                "invoice_numbers": list(reminder.invoice_numbers),
            }
            for reminder in item.previous
        ],
        "promises": [
            {
                "amount": money(outcome.promise.amount),
                "promised_date": outcome.promise.promised_date.isoformat(),
                "made_on": outcome.promise.made_on.isoformat(),
                "status": outcome.status,
            }
            for outcome in promises
            if outcome.promise.customer_id == item.customer_id
            and outcome.promise.currency == currency
            and outcome.status in (OPEN, BROKEN)
        ],
        "law": rule_for(recipient.country),
        "charges": [
            {
                "invoice_number": charge.invoice_number,
                "days": str(charge.days),
                "reference_rate": f"{charge.reference_rate:f}",
                "reference_date": charge.reference_date.isoformat(),
                "margin": f"{charge.rate - charge.reference_rate:f}",
                "rate": f"{charge.rate:f}",
                "principal": money(charge.principal),
                "interest": money(charge.interest),
                "fixed_sum": money(charge.fixed_sum),
            }
            for charge in charges
        ],
        "total_interest": money(totals.interest) if totals else None,
        "total_fixed_sums": money(totals.fixed_sums) if totals else None,
        "total_claimed": money(item.total_open + totals.total) if totals else None,
        "holds": [{"reason": hold.reason, "detail": hold.detail} for hold in item.holds],
        "alerts": list(item.alerts),
    }
