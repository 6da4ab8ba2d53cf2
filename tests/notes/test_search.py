"""Searching notes and promises through Chroma and keywords, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import socket
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete

from copilot.db.copilot_models import CustomerNote
from copilot.db.engine import session_factory, transaction
from copilot.notes.embedding import LocalEmbeddingFunction
from copilot.notes.errors import NotesError
from copilot.notes.index import chroma_client, collection_name, open_note_index, reindex
from copilot.notes.search import NoteHit, search_notes
from copilot.settings import Settings
from tests.notes.conftest import World


def search(engine: Engine, settings: Settings, query: str, **options: Any) -> list[NoteHit]:
    with session_factory(engine)() as session:
        return search_notes(session, settings, query, **options)


def test_what_did_dupont_promise_finds_the_promise_with_its_date(
    engine: Engine, settings: Settings, world: World
) -> None:
    for question in ("what did Dupont promise?", "qu'a promis Dupont ?", "promesse de paiement Dupont"):
        first = search(engine, settings, question)[0]
        assert first.note_id == world.dupont_promise.note_id, question
        assert (first.customer_id, first.kind, first.date) == ("C1", "promise", date(2026, 11, 24))
        assert first.text == (
            "Promesse de paiement de 1\u202f200,00\u00a0€ pour le 15/12/2026 (faite le 24/11/2026), "
            "facture FA-2026-00123"
        )


def test_the_other_customer_and_other_questions(engine: Engine, settings: Settings, world: World) -> None:
    acme = search(engine, settings, "What has Acme promised to pay?")[0]
    assert acme.note_id == world.acme_promise.note_id
    assert acme.text == "Promise to pay £980.00 by 30 Nov 2026 (made 20 Nov 2026)"
    assert search(engine, settings, "is the cheque in the post?")[0].note_id == world.acme_call.note_id
    assert (
        search(engine, settings, "which customer disputes an invoice?")[0].note_id
        == world.dupont_call.note_id
    )
    assert search(engine, settings, "litige marchandise abimee")[0].note_id == world.dupont_call.note_id
    assert search(engine, settings, "Dupond")[0].customer_id == "C1"  # a typo still finds the customer


def test_scores_are_ranked_and_unrelated_notes_left_out(
    engine: Engine, settings: Settings, world: World
) -> None:
    hits = search(engine, settings, "what did Dupont promise?", limit=10)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    # the promise matches both words (keyword 1.0); the other Dupont note only the name (0.5)
    assert hits[0].score >= 0.6 > hits[1].score
    assert world.acme_email.note_id not in {hit.note_id for hit in hits}
    assert search(engine, settings, "xylophone quantum") == []


def test_filters_by_customer_kind_and_dates(engine: Engine, settings: Settings, world: World) -> None:
    acme_only = search(engine, settings, "promise", customer="Acme Widgets Ltd", limit=10)
    assert acme_only and {hit.customer_id for hit in acme_only} == {"C2"}
    assert acme_only[0].note_id == world.acme_promise.note_id
    calls = search(engine, settings, "Dupont Acme call appel", kinds=["call"], limit=10)
    assert {hit.note_id for hit in calls} == {world.dupont_call.note_id, world.acme_call.note_id}
    november = search(engine, settings, "Acme", since=date(2026, 11, 6), until=date(2026, 11, 20), limit=10)
    assert {hit.note_id for hit in november} == {world.acme_call.note_id, world.acme_promise.note_id}
    assert search(engine, settings, "Acme", customer="C1", limit=10) == []


def test_bad_searches_say_why(engine: Engine, settings: Settings, world: World) -> None:
    with pytest.raises(NotesError, match="unknown kind 'memo'"):
        search(engine, settings, "Dupont", kinds=["memo"])
    with pytest.raises(NotesError, match="needs some words"):
        search(engine, settings, "  ")
    with pytest.raises(NotesError, match="unknown customer 'Zebra Corp'"):
        search(engine, settings, "promise", customer="Zebra Corp")


def test_the_index_is_rebuilt_from_the_rows(engine: Engine, settings: Settings, world: World) -> None:
    shutil.rmtree(settings.data_dir / "chroma")
    hits = search(engine, settings, "what did Dupont promise?")
    assert hits[0].note_id == world.dupont_promise.note_id
    with open_note_index(settings) as index:
        assert index.ids() == {
            world.dupont_call.note_id,
            world.dupont_promise.note_id,
            world.acme_call.note_id,
            world.acme_email.note_id,
            world.acme_promise.note_id,
        }
    with transaction(engine) as session:
        session.execute(delete(CustomerNote).where(CustomerNote.id == int(world.acme_call.note_id[5:])))
    cheque = search(engine, settings, "is the cheque in the post?", limit=10)
    assert world.acme_call.note_id not in {hit.note_id for hit in cheque}
    with open_note_index(settings) as index:
        assert world.acme_call.note_id not in index.ids() and len(index.ids()) == 4
    with session_factory(engine)() as session:
        assert reindex(session, settings) == 0  # already in line
        assert reindex(session, settings, full=True) == 4


def test_the_index_uses_our_local_embeddings(engine: Engine, settings: Settings, world: World) -> None:
    with open_note_index(settings) as index:
        configuration = index.collection.configuration_json
        assert configuration["embedding_function"]["name"] == LocalEmbeddingFunction.name()
        assert configuration["hnsw"]["space"] == "cosine"
        assert index.collection.name == collection_name(settings.resolved_database_url())
        stored = index.collection.get(ids=[world.dupont_promise.note_id], include=["metadatas", "embeddings"])
    assert stored["metadatas"] is not None and stored["embeddings"] is not None
    assert stored["metadatas"][0] == {
        "customer_id": "C1",
        "customer_name": "Boulangerie Dupont SAS",
        "kind": "promise",
        "date": "2026-11-24",
        "day": 20261124,
    }
    assert len(stored["embeddings"][0]) == 384


def test_the_guards_refuse_chromas_own_model_and_the_network(tmp_path: Path) -> None:
    """What the tests above rely on: Chroma's default model and outside hosts are refused."""
    client = chroma_client(Settings(data_dir=tmp_path))
    try:
        collection = client.get_or_create_collection("default_model")
        with pytest.raises(AssertionError, match="default ONNX embedding model was used"):
            collection.add(ids=["1"], documents=["hello"])
    finally:
        client.close()
    with pytest.raises(OSError, match="tests stay on this machine"):
        socket.create_connection(("example.com", 80), timeout=1)


def test_each_database_has_its_own_collection() -> None:
    assert collection_name("sqlite:///a.db") != collection_name("sqlite:///b.db")
    assert collection_name("postgresql://u:secret@h/db") == collection_name("postgresql://u:other@h/db")
    assert (
        collection_name("sqlite:///a.db").startswith("notes_")
        and len(collection_name("sqlite:///a.db")) == 22
    )


def test_a_customers_latest_notes_answer_a_question_that_names_no_subject(
    engine: Engine, settings: Settings, world: World
) -> None:
    latest = search(engine, settings, "anything logged in the notes about them", customer="C2", limit=10)
    assert latest and {hit.customer_id for hit in latest} == {"C2"}
    assert [hit.date for hit in latest] == sorted((hit.date for hit in latest), reverse=True)
    assert {hit.note_id for hit in latest} >= {world.acme_call.note_id}
