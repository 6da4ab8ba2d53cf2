"""``arcopilot import customers|invoices FILE``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from copilot.cli.context import actor_name, app_context, console, fail, print_json
from copilot.services.ledger import ImportSummary, import_customers, import_invoices
from copilot.settings import Settings
from ingest.ledger import LedgerFileError

app = typer.Typer(
    help="Load customers and open invoices from ERP exports (CSV or XLSX).", no_args_is_help=True
)

FileArg = Annotated[Path, typer.Argument(help="CSV or XLSX export.", exists=True, dir_okay=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]
Importer = Callable[[Engine, Settings, Path], ImportSummary]


@app.command("customers")
def customers(ctx: typer.Context, file: FileArg, as_json: JsonOpt = False) -> None:
    """Create or update customers (key: customer_id); bad rows are listed, good rows kept.

    Example:

        arcopilot import customers clients.csv
    """
    _run(
        ctx,
        file,
        as_json,
        lambda engine, settings, path: import_customers(engine, settings, path, actor=actor_name()),
    )


@app.command("invoices")
def invoices(ctx: typer.Context, file: FileArg, as_json: JsonOpt = False) -> None:
    """Create or update open invoices (key: invoice_number); bad rows are listed, good rows kept.

    Example:

        arcopilot import invoices "Export factures.xlsx" --json
    """
    _run(
        ctx,
        file,
        as_json,
        lambda engine, settings, path: import_invoices(engine, settings, path, actor=actor_name()),
    )


def _run(ctx: typer.Context, file: Path, as_json: bool, importer: Importer) -> None:
    context = app_context(ctx)
    try:
        summary = importer(context.engine(), context.settings, file)
    except LedgerFileError as exc:
        fail(str(exc))
    if as_json:
        print_json(summary.as_json())
    else:
        console.print(
            f"{summary.file}: {summary.rows_read} rows read, {summary.created} created, "
            f"{summary.updated} updated, {summary.unchanged} unchanged, {len(summary.errors)} rejected.",
            highlight=False,
        )
        for warning in summary.warnings:
            console.print(f"[yellow]warning[/yellow] {warning}", highlight=False)
        for error in summary.errors:
            console.print(f"[red]rejected[/red] {error}", highlight=False)
    if summary.errors:
        raise typer.Exit(1)
