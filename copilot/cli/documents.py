"""``arcopilot documents``: the files received, and why any is in quarantine."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from copilot.cli.context import app_context, console, print_json
from copilot.db.engine import transaction
from copilot.services.views import list_documents


def documents_command(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option(help="Only files in this state (ingested, partial, quarantined).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the files as JSON.")] = False,
) -> None:
    """List the files received (stored by SHA-256), newest first, with quarantine reasons.

    Example:

        arcopilot documents --status quarantined
    """
    context = app_context(ctx)
    with transaction(context.engine()) as session:
        documents = list_documents(session, status=status)
    if as_json:
        print_json({"documents": documents})
        return
    table = Table(title=f"{len(documents)} files")
    for column in ("name", "format", "status", "payments", "reason"):
        table.add_column(column)
    for document in documents:
        table.add_row(
            document["name"],
            document["format"] or "-",
            document["status"],
            str(document["payments_reported"]),
            document["reason"] or "",
        )
    console.print(table)
