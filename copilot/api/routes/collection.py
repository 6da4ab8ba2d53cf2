"""Promises to pay and notes on customers: what collectors record and the copilot searches."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from copilot.api import schemas_collection as schemas
from copilot.api.deps import Collector, EngineDep, Reader, SettingsDep
from copilot.api.routes.common import AsOf, day_or_today
from copilot.db.engine import session_factory, transaction
from copilot.notes.records import KINDS
from copilot.notes.search import search_notes
from copilot.notes.store import add_note
from copilot.services.promises import add_promise, customer_promises

promises = APIRouter(prefix="/promises", tags=["promises"])
notes = APIRouter(prefix="/notes", tags=["notes"])


@promises.get("", summary="List promises to pay", response_model=schemas.PromiseList)
def get_promises(
    engine: EngineDep,
    _: Reader,
    customer: Annotated[str | None, Query(max_length=255, description="The customer's id or name.")] = None,
    as_of: AsOf = None,
) -> schemas.PromiseList:
    """Promises, newest first; ``due`` when still open and their date has come on ``as_of``."""
    day = day_or_today(as_of)
    with session_factory(engine)() as session:
        rows = [promise.as_json() for promise in customer_promises(session, customer, as_of=day)]
    return schemas.PromiseList.model_validate({"as_of": day.isoformat(), "promises": rows})


@promises.post("", summary="Record a promise to pay", response_model=schemas.Promise, status_code=201)
def post_promise(
    body: schemas.PromiseRequest, engine: EngineDep, settings: SettingsDep, identity: Collector
) -> schemas.Promise:
    """A customer's promise to pay an amount by a date; also a note the copilot can search."""
    with transaction(engine) as session:
        promise = add_promise(
            session,
            settings,
            body.customer,
            body.amount,
            body.promised_date,
            made_on=day_or_today(body.made_on),
            currency=body.currency,
            invoice_numbers=body.invoice_numbers,
            note=body.note,
            author=identity.actor,
        )
    return schemas.Promise.model_validate(promise.as_json())


@notes.post("", summary="Add a note on a customer", response_model=schemas.Note, status_code=201)
def post_note(
    body: schemas.NoteRequest, engine: EngineDep, settings: SettingsDep, identity: Collector
) -> schemas.Note:
    """A remark, a call log or an e-mail; the copilot finds it when asked."""
    with transaction(engine) as session:
        note = add_note(
            session,
            settings,
            body.customer,
            body.text,
            kind=body.kind,
            noted_on=day_or_today(body.day),
            author=identity.actor,
        )
    return schemas.Note.model_validate(note.as_json())


@notes.get("", summary="Search notes", response_model=schemas.NoteSearch)
def get_notes(
    engine: EngineDep,
    settings: SettingsDep,
    _: Reader,
    q: Annotated[str, Query(min_length=1, max_length=500, pattern=r"\S", description="What to look for.")],
    customer: Annotated[
        str | None, Query(max_length=255, description="Only this customer (id or name).")
    ] = None,
    kind: Annotated[
        list[str] | None, Query(description=f"Only these kinds ({', '.join(KINDS)}); repeatable.")
    ] = None,
    since: Annotated[date | None, Query(description="Only notes from this day.")] = None,
    until: Annotated[date | None, Query(description="Only notes up to this day.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 5,
) -> schemas.NoteSearch:
    """Notes and promises by meaning and keyword, best first, each with its date."""
    with session_factory(engine)() as session:
        hits = search_notes(
            session, settings, q, customer=customer, kinds=kind, since=since, until=until, limit=limit
        )
    return schemas.NoteSearch.model_validate({"query": q, "notes": [hit.as_json() for hit in hits]})
