"""Searching notes and promises: semantic (Chroma, local embeddings) and keyword, merged.

Each note of the requested customer, kinds and dates gets
``score = KEYWORD_WEIGHT × keyword + (1 − KEYWORD_WEIGHT) × max(semantic, 0)``, where
``semantic`` is the cosine similarity of question and note in the index (0 outside the nearest
candidates) and ``keyword`` the share of the question's words found in the note
(:func:`copilot.notes.keywords.keyword_score`). Keywords weigh more because the MiniLM model reads
French poorly. Notes with no keyword and a similarity under :data:`MIN_SEMANTIC` are left out;
the rest come best first, the most recent first on equal scores.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from chromadb.base_types import (
    InclusionExclusionOperator,
    LiteralValue,
    LogicalOperator,
    Where,
    WhereOperator,
)
from sqlalchemy.orm import Session

from copilot.db.models import Customer
from copilot.notes.customers import resolve_customer
from copilot.notes.errors import NotesError
from copilot.notes.index import open_note_index, sync_index
from copilot.notes.keywords import keyword_score, query_terms
from copilot.notes.records import KINDS, IndexedNote, day_number, load_records
from copilot.settings import Settings

KEYWORD_WEIGHT = 0.6
MIN_SEMANTIC = 0.45  # cosine similarity a note needs to be shown without any keyword in common
CANDIDATES = 4  # semantic candidates fetched per result asked for (at least MIN_CANDIDATES)
MIN_CANDIDATES = 20


@dataclass(frozen=True, slots=True)
class NoteHit:
    """A note or promise found by a search, with its date so an answer can cite it."""

    note_id: str
    customer_id: str
    customer_name: str
    kind: str
    date: date
    text: str
    score: float

    def as_json(self) -> dict[str, Any]:
        """The hit as JSON (date in ISO 8601, score rounded to 3 decimals)."""
        return {
            "note_id": self.note_id,
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "text": self.text,
            "score": self.score,
        }


def search_notes(
    session: Session,
    settings: Settings,
    query: str,
    *,
    customer: Customer | str | None = None,
    kinds: Collection[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 5,
) -> list[NoteHit]:
    """The ``limit`` notes and promises that best answer ``query`` (see the module's scoring); for
    one customer, when none answers the words, its most recent notes (score 0).

    ``customer`` (id or name), ``kinds`` (note, call, email, promise) and the dates ``since`` /
    ``until`` (included) restrict the notes searched. The index is first brought in line with the
    database rows (:func:`copilot.notes.index.sync_index`). Raises :class:`NotesError` for an
    empty query, an unknown kind or customer, or a limit under 1.
    """
    if not query.strip():
        raise NotesError("the search needs some words")
    if limit < 1:
        raise NotesError(f"limit must be at least 1, got {limit}")
    if kinds is not None and (unknown := set(kinds) - set(KINDS)):
        raise NotesError(f"unknown kind {sorted(unknown)[0]!r}; kinds are {', '.join(KINDS)}")
    target = resolve_customer(session, customer) if customer is not None else None
    candidates = load_records(
        session, customer_pk=None if target is None else target.id, kinds=kinds, since=since, until=until
    )
    if not candidates:
        return []
    unfiltered = target is None and kinds is None and since is None and until is None
    with open_note_index(settings) as index:
        sync_index(index, candidates if unfiltered else load_records(session))
        semantic = index.similarities(
            query,
            where=_where(target, kinds, since, until),
            limit=min(len(candidates), max(limit * CANDIDATES, MIN_CANDIDATES)),
        )
    terms = query_terms(query)
    hits = [
        hit
        for record in candidates
        if (hit := _scored(record, keyword_score(terms, record.keywords), semantic.get(record.note_id, 0.0)))
    ]
    if not hits and target is not None and not set(terms) - GENERIC_WORDS:  # "any notes on them?"
        hits = [hit for record in candidates if (hit := _scored(record, 0.0, 1.0)) is not None]
        hits = [replace(hit, score=0.0) for hit in hits]
    hits.sort(key=lambda hit: (-hit.score, -day_number(hit.date), hit.note_id))
    return hits[:limit]


_GENERIC_WORDS = """
    notes note logged anything something everything recent recently latest last new nouvelles
    recentes recents derniere dernieres derniers quoi rien chose choses them ils eux leur leurs
    history historique
"""
GENERIC_WORDS = frozenset(_GENERIC_WORDS.split())
"""Words that ask for a customer's notes without saying about what: its latest notes answer them."""


def _scored(record: IndexedNote, keyword: float, semantic: float) -> NoteHit | None:
    if keyword == 0 and semantic < MIN_SEMANTIC:
        return None
    score = KEYWORD_WEIGHT * keyword + (1 - KEYWORD_WEIGHT) * max(semantic, 0.0)
    return NoteHit(
        note_id=record.note_id,
        customer_id=record.customer_id,
        customer_name=record.customer_name,
        kind=record.kind,
        date=record.day,
        text=record.text,
        score=round(score, 3),
    )


def _where(
    customer: Customer | None, kinds: Collection[str] | None, since: date | None, until: date | None
) -> Where | None:
    """The Chroma filter matching :func:`load_records`' restrictions."""
    conditions: list[Where] = []
    if customer is not None:
        conditions.append({"customer_id": customer.customer_id})
    if kinds is not None:
        among: dict[InclusionExclusionOperator, list[LiteralValue]] = {"$in": list(kinds)}
        conditions.append({"kind": among})
    if since is not None:
        after: dict[WhereOperator | LogicalOperator, LiteralValue] = {"$gte": day_number(since)}
        conditions.append({"day": after})
    if until is not None:
        before: dict[WhereOperator | LogicalOperator, LiteralValue] = {"$lte": day_number(until)}
        conditions.append({"day": before})
    return _all_of(conditions)


def _all_of(conditions: Sequence[Where]) -> Where | None:
    if not conditions:
        return None
    if len(conditions) == 1:
        return conditions[0]
    return {"$and": list(conditions)}
