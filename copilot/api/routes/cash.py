"""Payments received, the allocations that applied them to invoices, and the deductions kept."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from copilot.api import schemas
from copilot.api.deps import EngineDep, Reader
from copilot.api.routes.common import Limit, Offset, not_found
from copilot.db.engine import session_factory
from copilot.services.cash_views import list_allocations, list_deductions, payment_exists
from copilot.services.views import list_payments

payments = APIRouter(prefix="/payments", tags=["payments"])
allocations = APIRouter(prefix="/allocations", tags=["allocations"])
deductions = APIRouter(prefix="/deductions", tags=["deductions"])

PaymentStatus = Annotated[
    str | None,
    Query(
        pattern="^(unapplied|unmatched|queued|applied|manual)$",
        description="unapplied, unmatched, queued (waiting for review), applied or manual.",
    ),
]


@payments.get("", summary="List payments", response_model=schemas.PaymentList)
def get_payments(
    engine: EngineDep, _: Reader, status: PaymentStatus = None, limit: Limit = 100
) -> schemas.PaymentList:
    """Payments from bank statements, oldest booking first, each with the files that reported it."""
    with session_factory(engine)() as session:
        rows = list_payments(session, status=status, limit=limit)
    return schemas.PaymentList.model_validate({"payments": rows})


@payments.get(
    "/{payment_id}/allocations", summary="Allocations of one payment", response_model=schemas.AllocationList
)
def get_payment_allocations(
    payment_id: str, engine: EngineDep, _: Reader, include_reversed: bool = False
) -> schemas.AllocationList:
    """Where a payment's cash went (reversed allocations too with ``include_reversed``)."""
    with session_factory(engine)() as session:
        if not payment_exists(session, payment_id):
            not_found(f"payment {payment_id}")
        total, rows = list_allocations(
            session, payment_id=payment_id, include_reversed=include_reversed, limit=500
        )
    return schemas.AllocationList.model_validate(
        {"total": total, "limit": 500, "offset": 0, "allocations": rows}
    )


@allocations.get("", summary="List allocations", response_model=schemas.AllocationList)
def get_allocations(
    engine: EngineDep,
    _: Reader,
    payment_id: Annotated[str | None, Query(max_length=200, description="The bank's payment id.")] = None,
    invoice_number: Annotated[str | None, Query(max_length=64)] = None,
    customer_id: Annotated[str | None, Query(max_length=64)] = None,
    include_reversed: Annotated[bool, Query(description="Also the allocations undone by a reopen.")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> schemas.AllocationList:
    """Cash applied to invoices, newest first."""
    with session_factory(engine)() as session:
        total, rows = list_allocations(
            session,
            payment_id=payment_id,
            invoice_number=invoice_number,
            customer_id=customer_id,
            include_reversed=include_reversed,
            limit=limit,
            offset=offset,
        )
    return schemas.AllocationList.model_validate(
        {"total": total, "limit": limit, "offset": offset, "allocations": rows}
    )


@deductions.get("", summary="List deductions", response_model=schemas.DeductionList)
def get_deductions(
    engine: EngineDep,
    _: Reader,
    status: Annotated[str | None, Query(max_length=16, description="open or resolved.")] = None,
    reason_code: Annotated[str | None, Query(max_length=16, description="DAMAGE, PRICING, …")] = None,
    customer_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> schemas.DeductionList:
    """Short payments kept as deductions, newest first."""
    with session_factory(engine)() as session:
        total, rows = list_deductions(
            session,
            status=status,
            reason_code=reason_code,
            customer_id=customer_id,
            limit=limit,
            offset=offset,
        )
    return schemas.DeductionList.model_validate(
        {"total": total, "limit": limit, "offset": offset, "deductions": rows}
    )
