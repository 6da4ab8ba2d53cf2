"""The Chroma index of notes: one collection per database, embedded or on a Chroma server.

Embedded, the store lives under ``settings.data_dir / "chroma"``; with ``ARCOPILOT_CHROMA_URL``
set, a Chroma server holds it. Each database gets its own collection, named from a hash of its
URL, so several databases can share one store. The database rows are the truth: :func:`sync_index`
adds the rows the index lacks and drops entries whose row is gone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

import chromadb
from chromadb.api.client import Client
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Embeddable, EmbeddingFunction, Where
from chromadb.config import Settings as ChromaSettings
from sqlalchemy import make_url
from sqlalchemy.orm import Session

from copilot.embeddings import TextEmbedder
from copilot.notes.embedding import LocalEmbeddingFunction
from copilot.notes.errors import NotesError
from copilot.notes.records import IndexedNote, load_records
from copilot.settings import Settings

BATCH = 256  # notes embedded and written per call


class NoteIndex:
    """One database's notes in a Chroma collection, keyed by note id (``note-12``, ``promise-3``)."""

    def __init__(self, client: Client, name: str, embedding: LocalEmbeddingFunction) -> None:
        self.collection: Collection = client.get_or_create_collection(
            name,
            # chromadb's protocol is invariant in the input type; ours embeds documents only
            embedding_function=cast(EmbeddingFunction[Embeddable], embedding),
            configuration={"hnsw": {"space": "cosine"}},
        )

    def ids(self) -> set[str]:
        """The ids of every indexed note."""
        return set(self.collection.get(include=[])["ids"])

    def upsert(self, notes: Sequence[IndexedNote]) -> None:
        """Embed ``notes`` and write them, replacing entries with the same ids."""
        for start in range(0, len(notes), BATCH):
            batch = notes[start : start + BATCH]
            self.collection.upsert(
                ids=[note.note_id for note in batch],
                documents=[note.document for note in batch],
                metadatas=[note.metadata for note in batch],
            )

    def delete(self, ids: Iterable[str]) -> None:
        """Drop the entries with these ids."""
        if ids := list(ids):
            self.collection.delete(ids=ids)

    def similarities(self, query: str, *, where: Where | None, limit: int) -> dict[str, float]:
        """Cosine similarity (1 − cosine distance) of the ``limit`` notes closest to ``query``."""
        if limit < 1:
            return {}
        result = self.collection.query(
            query_texts=[query], n_results=limit, where=where, include=["distances"]
        )
        distances = result["distances"]
        if distances is None:  # pragma: no cover - asked for above
            return {}
        return {
            note_id: 1.0 - float(distance)
            for note_id, distance in zip(result["ids"][0], distances[0], strict=True)
        }


def collection_name(database_url: str) -> str:
    """``notes_`` and 16 hex digits of the database's identity (an SQLite file's absolute path,
    or the URL without its password)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        identity = f"sqlite:{Path(url.database).expanduser().resolve()}"
    else:
        identity = url.render_as_string(hide_password=True)
    return f"notes_{hashlib.sha256(identity.encode()).hexdigest()[:16]}"


def chroma_client(settings: Settings) -> Client:
    """An HTTP client of ``settings.chroma_url`` when set, else the embedded store in the data
    directory; anonymous telemetry off either way. Close it when done."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_url:
        path = settings.data_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        # PersistentClient and HttpClient are typed ClientAPI but build a Client (which can close)
        return cast(Client, chromadb.PersistentClient(path=str(path), settings=chroma_settings))
    parts = urlsplit(settings.chroma_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise NotesError(f"ARCOPILOT_CHROMA_URL must look like http://host:8000, got {settings.chroma_url!r}")
    ssl = parts.scheme == "https"
    try:
        client = chromadb.HttpClient(
            host=parts.hostname, port=parts.port or (443 if ssl else 8000), ssl=ssl, settings=chroma_settings
        )
    except ValueError as exc:  # what chromadb raises when the server does not answer
        raise NotesError(f"cannot reach the Chroma server at {settings.chroma_url}: {exc}") from exc
    return cast(Client, client)


@contextmanager
def open_note_index(settings: Settings, embedder: TextEmbedder | None = None) -> Iterator[NoteIndex]:
    """The notes index of ``settings``' database, its client closed on exit."""
    client = chroma_client(settings)
    try:
        yield NoteIndex(
            client, collection_name(settings.resolved_database_url()), LocalEmbeddingFunction(embedder)
        )
    finally:
        client.close()


def sync_index(index: NoteIndex, records: Sequence[IndexedNote], *, full: bool = False) -> int:
    """Make ``index`` hold exactly ``records``: embed the missing ones (all with ``full``), drop
    the others. Returns how many entries were written or dropped."""
    present = index.ids()
    wanted = {record.note_id for record in records}
    missing = [record for record in records if full or record.note_id not in present]
    stale = present - wanted
    index.delete(stale)
    index.upsert(missing)
    return len(missing) + len(stale)


def reindex(session: Session, settings: Settings, *, full: bool = False) -> int:
    """Rebuild the index from the database rows when it is missing, empty or out of date (its ids
    differ from the rows'); ``full`` re-embeds every row. Returns the entries written or dropped."""
    records = load_records(session)
    with open_note_index(settings) as index:
        return sync_index(index, records, full=full)
