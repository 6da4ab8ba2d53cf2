"""Writing notes: a dated row, an audit entry, and the note's entry in the search index."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from copilot.db.copilot_models import CustomerNote
from copilot.db.models import Customer
from copilot.notes.customers import resolve_customer
from copilot.notes.errors import NotesError
from copilot.notes.index import open_note_index
from copilot.notes.records import NOTE_KINDS, IndexedNote, note_record
from copilot.services.audit import record_action
from copilot.settings import Settings


def add_note(
    session: Session,
    settings: Settings,
    customer: Customer | str,
    text: str,
    *,
    kind: str = "note",
    noted_on: date,
    author: str,
) -> IndexedNote:
    """Record a note on ``customer`` (id or name) in the caller's transaction, audit it as
    ``note_added`` and index it for search.

    ``kind`` is ``note``, ``call`` or ``email``; promises are recorded with
    :func:`copilot.services.promises.add_promise`. Raises :class:`NotesError` for an empty text or
    author, another kind, or a customer that is unknown or ambiguous.
    """
    if kind not in NOTE_KINDS:
        raise NotesError(f"a note's kind is one of {', '.join(NOTE_KINDS)}, got {kind!r}")
    text, author = text.strip(), author.strip()
    if not text:
        raise NotesError("a note needs some text")
    if not author:
        raise NotesError("a note needs an author")
    row = resolve_customer(session, customer)
    note = CustomerNote(customer_pk=row.id, kind=kind, noted_on=noted_on, text=text, author=author)
    session.add(note)
    session.flush()
    record_action(
        session,
        actor=author,
        action="note_added",
        entity_type="customer_note",
        entity_id=note.id,
        details={"customer_id": row.customer_id, "kind": kind, "noted_on": noted_on.isoformat()},
    )
    record = note_record(note, row)
    with open_note_index(settings) as index:
        index.upsert([record])
    return record
