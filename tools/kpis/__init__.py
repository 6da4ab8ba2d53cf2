"""Receivables KPIs as pure functions of ledger rows and an explicit ``as_of`` date."""

from tools.kpis.cash import Application, KpiResult, PaymentPosition, automation_rate, unapplied_cash

__all__ = ["Application", "KpiResult", "PaymentPosition", "automation_rate", "unapplied_cash"]
