"""Server mode: with ARCOPILOT_CHROMA_URL the index lives on a Chroma server (here a local one)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from copilot.db.engine import session_factory, transaction
from copilot.notes.errors import NotesError
from copilot.notes.index import chroma_client, collection_name
from copilot.notes.search import search_notes
from copilot.notes.store import add_note
from copilot.settings import Settings
from tests.notes.conftest import add_customers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    """A Chroma server of the installed chromadb on a free local port, stopped afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "chroma"),
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/api/v2/heartbeat", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_notes_indexed_and_searched_on_a_chroma_server(
    engine: Engine, settings: Settings, chroma_url: str
) -> None:
    served = settings.model_copy(update={"chroma_url": chroma_url})
    add_customers(engine)
    with transaction(engine) as session:
        note = add_note(
            session,
            served,
            "C2",
            "Called John: the cheque is in the post",
            kind="call",
            noted_on=date(2026, 11, 10),
            author="ann",
        )
    with session_factory(engine)() as session:
        hits = search_notes(session, served, "is the cheque in the post?")
    assert [hit.note_id for hit in hits] == [note.note_id]
    assert not (settings.data_dir / "chroma").exists()  # nothing embedded
    client = chroma_client(served)
    try:
        collection = client.get_collection(collection_name(settings.resolved_database_url()))
        assert collection.count() == 1
    finally:
        client.close()


def test_an_unreachable_server_is_a_clear_error(engine: Engine, settings: Settings) -> None:
    add_customers(engine)
    served = settings.model_copy(update={"chroma_url": f"http://127.0.0.1:{free_port()}"})
    with (
        pytest.raises(NotesError, match=r"cannot reach the Chroma server at http://127\.0\.0\.1:"),
        transaction(engine) as session,
    ):
        add_note(session, served, "C1", "x", noted_on=date(2026, 11, 1), author="ann")
    bad = settings.model_copy(update={"chroma_url": "chroma.example:8000"})
    with pytest.raises(NotesError, match="must look like http://host:8000"), transaction(engine) as session:
        add_note(session, bad, "C1", "x", noted_on=date(2026, 11, 1), author="ann")
