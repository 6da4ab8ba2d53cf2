"""Customer notes and promises to pay: stored in the database, searchable through Chroma.

The database rows are the record. The Chroma index (one collection per database, embedded under
the data directory or on a Chroma server) holds their local MiniLM embeddings and is rebuilt from
the rows whenever it is missing or out of date.

The promise services of :mod:`copilot.services.promises` are re-exported here on first access
(that module builds on this package, so importing it eagerly would be circular).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from copilot.notes.errors import NotesError
from copilot.notes.index import reindex
from copilot.notes.search import NoteHit, search_notes
from copilot.notes.store import add_note

if TYPE_CHECKING:
    from copilot.services.promises import PromiseView, add_promise, customer_promises

_PROMISES = frozenset({"PromiseView", "add_promise", "customer_promises"})

__all__ = [
    "NoteHit",
    "NotesError",
    "PromiseView",
    "add_note",
    "add_promise",
    "customer_promises",
    "reindex",
    "search_notes",
]


def __getattr__(name: str) -> Any:
    """The promise services, imported when first asked for."""
    if name in _PROMISES:
        from copilot.services import promises

        return getattr(promises, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
