"""The rows the KPI tools need, read in bulk (one query each)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from copilot.db.models import Allocation, Payment
from copilot.services.match_store import ENGINE_ACTOR
from copilot.settings import Settings
from tools.kpis import Application, KpiResult, PaymentPosition, automation_rate, unapplied_cash

_ACTIVE = Allocation.reversed_at.is_(None)


def unapplied_kpi(session: Session, settings: Settings, as_of: date) -> KpiResult:
    """``kpi unapplied``."""
    applied = (
        select(Allocation.payment_pk, func.sum(Allocation.amount).label("applied"))
        .where(_ACTIVE)
        .group_by(Allocation.payment_pk)
        .subquery()
    )
    query = (
        select(Payment, applied.c.applied)
        .outerjoin(applied, applied.c.payment_pk == Payment.id)
        .where(Payment.booking_date <= as_of)
    )
    positions = [
        PaymentPosition(
            payment.bank_id,
            payment.booking_date,
            payment.currency,
            payment.amount,
            total if total is not None else Decimal(0),
            payment.status,
            payment.payer_name,
        )
        for payment, total in session.execute(query)
    ]
    return unapplied_cash(positions, as_of=as_of, currency=settings.default_currency)


def automation_kpi(session: Session, as_of: date) -> KpiResult:
    """``kpi automation``."""
    query = (
        select(
            Payment.bank_id,
            Payment.booking_date,
            func.min(Allocation.created_by),
            func.count(Allocation.id),
        )
        .join(Allocation, and_(Allocation.payment_pk == Payment.id, _ACTIVE))
        .group_by(Payment.id, Payment.bank_id, Payment.booking_date)
    )
    applications = [
        Application(bank_id, booked, actor == ENGINE_ACTOR, int(count))
        for bank_id, booked, actor, count in session.execute(query)
    ]
    received = (
        session.scalar(select(func.count()).select_from(Payment).where(Payment.booking_date <= as_of)) or 0
    )
    return automation_rate(applications, as_of=as_of, received=int(received))
