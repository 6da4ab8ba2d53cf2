"""The day's dunning plan from the database: :func:`tools.dunning.plan` on the loaded facts, with
the late-payment amounts of each item (the ``dunning plan --json`` contract)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from copilot.dunning.errors import DunningError
from copilot.dunning.facts import DunningInputs, load_inputs
from copilot.locales import language_of
from copilot.settings import Settings
from tools.dunning import (
    LateCharges,
    PlanItem,
    RatesError,
    RateTables,
    Scenario,
    ScenarioError,
    charges_for,
    load_rates,
    load_scenarios,
    plan,
    total_charges,
)
from tools.money import format_amount


def scenarios_of(settings: Settings) -> dict[str, Scenario]:
    """The configured scenarios (``dunning_scenarios_file``, else the packaged ones)."""
    try:
        return load_scenarios(settings.dunning_scenarios_file)
    except (ScenarioError, OSError) as error:
        raise DunningError(str(error)) from error


def rates_of(settings: Settings) -> RateTables:
    """The configured rate tables (``dunning_rates_file``, else the packaged ones)."""
    try:
        return load_rates(settings.dunning_rates_file)
    except (RatesError, OSError) as error:
        raise DunningError(str(error)) from error


def item_charges(item: PlanItem, *, as_of: date, rates: RateTables) -> list[LateCharges]:
    """The item's late-payment amounts per invoice (empty where no rule applies)."""
    try:
        return charges_for(item, as_of=as_of, rates=rates)
    except RatesError as error:
        raise DunningError(str(error)) from error


@dataclass(frozen=True)
class PlannedAction:
    """One item of the plan and the late-payment amounts its invoices carry on ``as_of``."""

    item: PlanItem
    charges: tuple[LateCharges, ...]

    def as_json(self) -> dict[str, Any]:
        """The action as ``dunning plan --json`` prints it (amounts as strings, ISO dates).

        ``late_penalties`` and ``recovery_indemnity`` are ``None`` when no late-payment rule
        applies to the customer's country and currency.
        """
        item = self.item
        totals = total_charges(self.charges, item.currency) if self.charges else None
        return {
            "customer_id": item.customer_id,
            "customer_name": item.customer_name,
            "segment": item.segment,
            "stage": item.stage.key,
            "channel": item.stage.channel,
            "action": item.action,
            "language": language_of(item.language),
            "hold": item.holds[0].reason if item.holds else None,
            "holds": [{"reason": hold.reason, "detail": hold.detail} for hold in item.holds],
            "alerts": list(item.alerts),
            "total_overdue": format_amount(item.total_open, item.currency),
            "currency": item.currency,
            "invoices": [
                {
                    "invoice_number": line.invoice_number,
                    "open_amount": format_amount(line.open_amount, item.currency),
                    "due_date": line.due_date.isoformat(),
                    "days_overdue": line.days_late,
                }
                for line in item.lines
            ],
            "late_penalties": format_amount(totals.interest, item.currency) if totals else None,
            "recovery_indemnity": format_amount(totals.fixed_sums, item.currency) if totals else None,
        }


@dataclass(frozen=True)
class DayPlan:
    """The plan of ``as_of`` and the inputs it was made from."""

    as_of: date
    actions: tuple[PlannedAction, ...]
    inputs: DunningInputs

    def as_json(self) -> dict[str, Any]:
        """``{"as_of": ..., "actions": [...]}``."""
        return {"as_of": self.as_of.isoformat(), "actions": [action.as_json() for action in self.actions]}


def day_plan(session: Session, settings: Settings, *, as_of: date) -> DayPlan:
    """Who gets which reminder on ``as_of``, largest amounts first (rules: :mod:`tools.dunning.planner`),
    with each item's late-payment amounts."""
    inputs = load_inputs(session, settings, as_of=as_of)
    rates = rates_of(settings)
    ledger = inputs.ledger
    items = plan(
        ledger.customers,
        ledger.invoices,
        ledger.promises,
        inputs.plans,
        inputs.reminders,
        as_of=as_of,
        scenarios=scenarios_of(settings),
        grades=inputs.grades,
        unapplied_customers=inputs.unapplied_customers,
        queued_customers=inputs.queued_customers,
    )
    return DayPlan(as_of, tuple(_planned(item, as_of=as_of, rates=rates) for item in items), inputs)


def _planned(item: PlanItem, *, as_of: date, rates: RateTables) -> PlannedAction:
    """The item with its late-payment amounts; when the rate tables cannot give them (an invoice
    due before the table starts) the item says so in an alert instead of stopping the plan."""
    try:
        return PlannedAction(item, tuple(charges_for(item, as_of=as_of, rates=rates)))
    except RatesError as error:
        alert = f"late-payment amounts not computed: {error}"
        return PlannedAction(replace(item, alerts=(*item.alerts, alert)), ())
