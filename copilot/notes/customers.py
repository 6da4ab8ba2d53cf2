"""Which customer a note or promise is about, found by :class:`copilot.customer_names.CustomerDirectory`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.customer_names import UnknownCustomer, directory_of
from copilot.db.models import Customer
from copilot.notes.errors import NotesError


def resolve_customer(session: Session, customer: Customer | str) -> Customer:
    """The customer whose ``customer_id`` or name ``customer`` is (accents, case and typos forgiven).

    No name close enough, or several alike, raise :class:`NotesError` naming the closest customers.
    """
    if isinstance(customer, Customer):
        return customer
    try:
        found = directory_of(session).one(customer)
    except UnknownCustomer as error:
        raise NotesError(str(error)) from error
    return session.scalars(select(Customer).where(Customer.customer_id == found.customer_id)).one()
