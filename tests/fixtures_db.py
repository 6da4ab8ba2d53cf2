"""Database fixtures: every test that asks for ``engine`` runs on SQLite and on PostgreSQL.

PostgreSQL is ``ARCOPILOT_TEST_PG_URL`` (default the local ``test`` database); each test gets
a schema of its own. When ``CI=true`` a missing server fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import OperationalError

from copilot.db.engine import make_engine
from copilot.db.migrate import upgrade_to_head
from copilot.settings import Settings

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's settings or writes to their data directory."""
    for name in list(os.environ):
        if name.startswith("ARCOPILOT_") and name != "ARCOPILOT_TEST_PG_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("ARCOPILOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


def _postgres_schema_url() -> Iterator[str]:
    base = os.environ.get("ARCOPILOT_TEST_PG_URL", DEFAULT_PG_URL)
    admin = make_engine(base)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        message = f"PostgreSQL not reachable at {make_url(base).render_as_string()}: {exc.orig}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'arcopilot.db'}"
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    """Settings pointing at the test database and a temporary data directory."""
    return Settings(database_url=db_url, data_dir=tmp_path / "data")


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """A migrated engine on the test database."""
    engine = make_engine(settings.resolved_database_url())
    upgrade_to_head(engine)
    yield engine
    engine.dispose()
