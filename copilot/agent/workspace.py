"""What the agent's tools read during one turn: a session, the settings, the day, the ledger."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from sqlalchemy.orm import Session

from copilot.customer_names import CustomerDirectory, CustomerMention, UnknownCustomer, directory_of
from copilot.services.kpi_data import KpiSource
from copilot.settings import Settings


class CustomerNotFound(LookupError):
    """A tool was given a customer that names none, or several alike; ``result`` says which."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__(result.get("error", "customer not found"))
        self.result = result


class Workspace:
    """The session and the day the tools of one turn share; the ledger is read once, when first asked."""

    def __init__(self, session: Session, settings: Settings, as_of: date) -> None:
        self.session = session
        self.settings = settings
        self.as_of = as_of

    @cached_property
    def kpi_source(self) -> KpiSource:
        """What the KPIs are computed from; the ledger is read on the first KPI of the turn."""
        return KpiSource(self.session, self.settings)

    @cached_property
    def directory(self) -> CustomerDirectory:
        """The customers, to find the one a question or a tool argument names."""
        return directory_of(self.session)

    def currency(self, requested: str | None) -> str:
        """The currency asked for, else the company's default."""
        return (requested or self.settings.default_currency).strip().upper()

    def day(self, requested: date | None) -> date:
        """The day asked for, never after the turn's ``as_of``."""
        return min(requested, self.as_of) if requested else self.as_of

    def customer(self, name: str) -> CustomerMention:
        """The one customer ``name`` designates; :class:`CustomerNotFound` when none or several."""
        try:
            return self.directory.one(name)
        except UnknownCustomer as error:
            kind = "ambiguous_customer" if error.candidates else "unknown_customer"
            candidates = [{"customer_id": m.customer_id, "name": m.name} for m in error.candidates]
            raise CustomerNotFound({"error": kind, "customer": name, "candidates": candidates}) from error
