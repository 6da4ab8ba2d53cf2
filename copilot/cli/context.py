"""What every command shares: settings, the database, JSON output and clean errors."""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from copilot.clock import local_today
from copilot.db.engine import make_engine
from copilot.db.migrate import current_revision, head_revision, upgrade_to_head
from copilot.settings import Settings

console = Console()
errors = Console(stderr=True)


@dataclass
class AppContext:
    """Settings with the command line's overrides applied; the engine is built on first use."""

    settings: Settings
    _engine: Engine | None = None

    def engine(self) -> Engine:
        """The database engine, migrated to the latest schema if it is behind."""
        if self._engine is None:
            self._engine = make_engine(self.settings.resolved_database_url())
            if current_revision(self._engine) != head_revision(self._engine):
                upgrade_to_head(self._engine)
        return self._engine


def app_context(ctx: typer.Context) -> AppContext:
    """The :class:`AppContext` the root callback stored."""
    obj = ctx.find_root().obj
    if not isinstance(obj, AppContext):  # pragma: no cover - the root callback always sets it
        raise RuntimeError("arcopilot context missing")
    return obj


def print_json(data: Any) -> None:
    """Print ``data`` as JSON on stdout (amounts are already strings)."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr and a non-zero exit, never a traceback."""
    errors.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def actor_name() -> str:
    """Who is acting from the command line (the OS user)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry in some containers
        return "cli:unknown"


def progress_bar(*, quiet: bool) -> Progress:
    """The progress bar of long commands (hidden when the output is JSON)."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=False,
    )


def as_of_date(text: str | None) -> date:
    """``--as-of``: an ISO date, or today in the local time zone when omitted."""
    if not text:
        return local_today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--as-of must be a date like 2026-10-31, got {text!r}", code=2)
