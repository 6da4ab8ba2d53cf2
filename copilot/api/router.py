"""The HTTP API under ``/api``: every resource's router, role-checked, errors as problem+json."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from copilot.api.problems import API_PREFIX, PROBLEM_RESPONSES, install_problem_handlers
from copilot.api.routes import admin, ask, cash, collection, customers, documents, dunning, kpis, review

api_router = APIRouter(prefix=API_PREFIX, responses=PROBLEM_RESPONSES)
for resource in (
    customers.customers,
    customers.invoices,
    cash.payments,
    cash.allocations,
    cash.deductions,
    documents.documents,
    documents.jobs,
    review.suggestions,
    review.second_approvals,
    kpis.kpis,
    ask.ask_router,
    dunning.dunning,
    collection.promises,
    collection.notes,
    admin.audit,
    admin.users,
):
    api_router.include_router(resource)


def mount_api(app: FastAPI) -> None:
    """Serve the API on ``app`` and answer its errors as RFC 9457 problems."""
    app.include_router(api_router)
    install_problem_handlers(app)
