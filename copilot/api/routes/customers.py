"""Customers and invoices: the ledger as imported, with open receivables."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from copilot.api import schemas
from copilot.api.deps import EngineDep, Reader, SettingsDep
from copilot.api.routes.common import AsOf, Limit, Offset, day_or_today, not_found
from copilot.db.engine import session_factory
from copilot.services.ledger_views import customer_detail, find_invoice, list_customers, list_invoices

customers = APIRouter(prefix="/customers", tags=["customers"])
invoices = APIRouter(prefix="/invoices", tags=["invoices"])


@customers.get("", summary="List customers", response_model=schemas.CustomerList)
def get_customers(
    engine: EngineDep,
    settings: SettingsDep,
    _: Reader,
    search: Annotated[str | None, Query(max_length=255, description="Part of the id or name.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> schemas.CustomerList:
    """Customers by id with how many invoices they have open and the amounts per currency."""
    with session_factory(engine)() as session:
        total, rows = list_customers(
            session, default_currency=settings.default_currency, search=search, limit=limit, offset=offset
        )
    return schemas.CustomerList.model_validate(
        {"total": total, "limit": limit, "offset": offset, "customers": rows}
    )


@customers.get("/{customer_id}", summary="One customer", response_model=schemas.CustomerDetail)
def get_customer(
    customer_id: str, engine: EngineDep, settings: SettingsDep, _: Reader, as_of: AsOf = None
) -> schemas.CustomerDetail:
    """A customer with its open invoices, the payments applied to them and its promises."""
    with session_factory(engine)() as session:
        detail = customer_detail(
            session, customer_id, as_of=day_or_today(as_of), default_currency=settings.default_currency
        )
    if detail is None:
        not_found(f"customer {customer_id}")
    return schemas.CustomerDetail.model_validate(detail)


@invoices.get("", summary="List invoices", response_model=schemas.InvoiceList)
def get_invoices(
    engine: EngineDep,
    _: Reader,
    customer_id: Annotated[str | None, Query(max_length=64, description="Only this customer's.")] = None,
    status: Annotated[
        str | None, Query(pattern="^(open|partially_paid|paid)$", description="open, partially_paid or paid.")
    ] = None,
    overdue_on: Annotated[
        date | None, Query(description="Only invoices still open and past due on this day.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> schemas.InvoiceList:
    """Invoices, oldest due first."""
    with session_factory(engine)() as session:
        total, rows = list_invoices(
            session, customer_id=customer_id, status=status, overdue_on=overdue_on, limit=limit, offset=offset
        )
    return schemas.InvoiceList.model_validate(
        {"total": total, "limit": limit, "offset": offset, "invoices": rows}
    )


@invoices.get("/{invoice_number}", summary="One invoice", response_model=schemas.Invoice)
def get_invoice(invoice_number: str, engine: EngineDep, _: Reader) -> schemas.Invoice:
    """An invoice with its open amount and status."""
    with session_factory(engine)() as session:
        found = find_invoice(session, invoice_number)
    if found is None:
        not_found(f"invoice {invoice_number}")
    return schemas.Invoice.model_validate(found)
