"""``arcopilot init``: create or migrate the database with Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration bound to ``engine`` (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade_to_head(engine: Engine) -> str:
    """Apply every pending migration; return the revision now in place."""
    config = alembic_config(engine)
    command.upgrade(config, "head")
    return current_revision(engine) or ""


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` when never initialised)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """The latest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
