"""``arcopilot payments``: the payments recorded so far."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from copilot.cli.context import app_context, console, print_json
from copilot.db.engine import transaction
from copilot.services.views import list_payments


def payments_command(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option(help="Only payments in this state (unapplied, applied, …).")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the payments as JSON.")] = False,
) -> None:
    """List recorded bank payments, each with the files and positions that reported it.

    Example:

        arcopilot payments --status unapplied --json
    """
    context = app_context(ctx)
    with transaction(context.engine()) as session:
        payments = list_payments(session, status=status, limit=limit)
    if as_json:
        print_json({"payments": payments})
        return
    table = Table(title=f"{len(payments)} payments")
    for column in (
        "id",
        "booking_date",
        "amount",
        "currency",
        "payer_name",
        "reference",
        "status",
        "seen in",
    ):
        table.add_column(column, justify="right" if column == "amount" else "left")
    for payment in payments:
        table.add_row(
            payment["id"],
            payment["booking_date"],
            payment["amount"],
            payment["currency"],
            payment["payer_name"] or "",
            payment["reference"] or "",
            payment["status"],
            str(len(payment["sources"])),
        )
    console.print(table)
