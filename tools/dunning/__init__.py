"""Dunning: scenarios per segment, the day's plan of reminders and statutory late-payment amounts.

Pure functions with an explicit ``as_of``: :func:`plan` decides who gets which stage today (and
who is held, and why), :func:`charges_for` / :func:`late_charges` compute the French (L441-10)
and UK (Late Payment Act 1998) interest and fixed sums from dated rate tables.
"""

from tools.dunning.legal import (
    FRENCH_RULE,
    UK_RULE,
    ChargeTotals,
    LateCharges,
    charges_for,
    late_charges,
    rule_for,
    total_charges,
)
from tools.dunning.model import (
    Channel,
    Hold,
    HoldReason,
    Instalment,
    PaymentPlanFacts,
    PlanItem,
    PlanLine,
    Scenario,
    SentReminder,
    Stage,
)
from tools.dunning.planner import plan
from tools.dunning.rates import DatedRate, FixedSumBand, RatesError, RateTables, load_rates, rate_on
from tools.dunning.scenarios import STAGE_KEYS, ScenarioError, load_scenarios, parse_scenarios, segment_of

__all__ = [
    "FRENCH_RULE",
    "STAGE_KEYS",
    "UK_RULE",
    "Channel",
    "ChargeTotals",
    "DatedRate",
    "FixedSumBand",
    "Hold",
    "HoldReason",
    "Instalment",
    "LateCharges",
    "PaymentPlanFacts",
    "PlanItem",
    "PlanLine",
    "RateTables",
    "RatesError",
    "Scenario",
    "ScenarioError",
    "SentReminder",
    "Stage",
    "charges_for",
    "late_charges",
    "load_rates",
    "load_scenarios",
    "parse_scenarios",
    "plan",
    "rate_on",
    "rule_for",
    "segment_of",
    "total_charges",
]
