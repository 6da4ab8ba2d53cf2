"""Today at the edges: the command line, the API, the web UI and Slack default ``as_of`` to the
server's local date here; ``tools/`` and ``ingest/`` never read the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime


def local_today() -> date:
    """Today in the server's time zone."""
    return datetime.now(UTC).astimezone().date()
