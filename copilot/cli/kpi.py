"""``arcopilot kpi NAME``: receivables figures computed by the deterministic KPI tools."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from copilot.cli.context import app_context, as_of_date, console, fail, print_json
from copilot.db.engine import session_factory
from copilot.services.kpi_data import automation_kpi, unapplied_kpi
from copilot.settings import Settings
from tools.kpis import KpiResult

KPIS: dict[str, Callable[[Session, Settings, date], KpiResult]] = {
    "unapplied": unapplied_kpi,
    "automation": lambda session, _settings, as_of: automation_kpi(session, as_of),
}


def kpi_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=f"One of: {', '.join(KPIS)}.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date of the figures, YYYY-MM-DD (default: today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """A receivables KPI as of a date: unapplied cash, automation rate.

    Example:

        arcopilot kpi unapplied --as-of 2026-10-31
        arcopilot kpi automation --json
    """
    if name not in KPIS:
        fail(f"unknown KPI {name!r}; choose one of: {', '.join(KPIS)}", code=2)
    day = as_of_date(as_of)
    engine = app_context(ctx).engine()
    with session_factory(engine)() as session:
        result = KPIS[name](session, app_context(ctx).settings, day)
    if as_json:
        print_json(result.to_json())
        return
    table = Table(title=f"{name} as of {day.isoformat()}: {result.value} {result.currency or ''}".strip())
    columns = list(result.rows[0]) if result.rows else []
    for column in columns:
        table.add_column(column)
    for row in result.rows:
        table.add_row(*("" if row[column] is None else str(row[column]) for column in columns))
    console.print(table)
