"""Finding the customer a note is about: by id, by name, forgiving accents and typos."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from copilot.db.engine import session_factory
from copilot.notes.customers import resolve_customer
from copilot.notes.errors import NotesError
from tests.notes.conftest import add_customers


def resolved(engine: Engine, text: str) -> str:
    with session_factory(engine)() as session:
        return resolve_customer(session, text).customer_id


def test_by_id_then_by_name(engine: Engine) -> None:
    add_customers(engine)
    assert resolved(engine, "C2") == "C2"
    assert resolved(engine, "boulangerie dupont sas") == "C1"  # the same name, any case
    assert resolved(engine, "Dupont Freres") == "C3"  # without the accent
    assert resolved(engine, "Boulangerie Dupond") == "C1"  # a typo
    assert resolved(engine, "acme") == "C2"  # part of the name


def test_ambiguous_and_unknown_names_list_the_closest(engine: Engine) -> None:
    add_customers(engine)
    with pytest.raises(NotesError) as ambiguous:
        resolved(engine, "Dupont")
    assert str(ambiguous.value) == (
        "'Dupont' could be several customers: Boulangerie Dupont SAS (C1), Dupont Frères (C3); "
        "give the customer id"
    )
    with pytest.raises(NotesError) as unknown:
        resolved(engine, "Zebra Corp")
    assert str(unknown.value).startswith("unknown customer 'Zebra Corp'; closest: ")
    assert str(unknown.value).count("(C") == 3
    with pytest.raises(NotesError, match="no customer given"):
        resolved(engine, " ")


def test_no_customers_yet(engine: Engine) -> None:
    with pytest.raises(NotesError, match="import them first"):
        resolved(engine, "C1")
