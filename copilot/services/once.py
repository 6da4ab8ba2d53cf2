"""Exactly once: a key claimed in the database by the first request that carries it.

Slack retries an event, a reviewer double-clicks, a script re-posts an upload: each carries
the same key, and only the first claim succeeds — across processes, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from copilot.db.access_models import OnceKey
from copilot.db.engine import transaction


def claim_once(engine: Engine, scope: str, key: str) -> bool:
    """``True`` for the first claim of ``scope:key``, ``False`` for every later one."""
    try:
        with transaction(engine) as session:
            session.add(OnceKey(key=f"{scope}:{key}"[:255], scope=scope))
    except IntegrityError:
        return False
    return True
