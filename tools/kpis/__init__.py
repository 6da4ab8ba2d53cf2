"""Receivables KPIs as pure functions of ledger rows and an explicit ``as_of`` date."""

from tools.kpis.aging import DEFAULT_BUCKETS, Buckets, aging, parse_buckets
from tools.kpis.cash import Application, KpiResult, PaymentPosition, automation_rate, unapplied_cash
from tools.kpis.collection import average_days_delinquent, cei
from tools.kpis.deductions import GROUPINGS, GroupBy, deductions
from tools.kpis.dso import METHODS, Method, dso, dso_trend
from tools.kpis.exposure import disputes, due_soon, open_items, overdue, top_debtors

__all__ = [
    "DEFAULT_BUCKETS",
    "GROUPINGS",
    "METHODS",
    "Application",
    "Buckets",
    "GroupBy",
    "KpiResult",
    "Method",
    "PaymentPosition",
    "aging",
    "automation_rate",
    "average_days_delinquent",
    "cei",
    "deductions",
    "disputes",
    "dso",
    "dso_trend",
    "due_soon",
    "open_items",
    "overdue",
    "parse_buckets",
    "top_debtors",
    "unapplied_cash",
]
