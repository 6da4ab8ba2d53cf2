"""``arcopilot match``: cash application on every unapplied payment."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from copilot.cli.context import app_context, console, print_json, progress_bar
from copilot.services.match_views import match_view
from copilot.services.matching import MatchRun, policy_from_settings, run_matching
from tools.matching import Status

SHOWN = 50  # rows of the table; --json prints every payment


def match_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print one entry per payment as JSON.")] = False,
) -> None:
    """Match unapplied payments to open invoices; apply the sure ones, queue the rest for review.

    A suggestion applies itself when its confidence reaches ARCOPILOT_AUTO_APPLY_THRESHOLD
    (default 0.95); the others wait in `arcopilot review list`. Payments nothing identifies
    stay unmatched (unapplied cash).

    Example:

        arcopilot match
        arcopilot match --json > matches.json
    """
    context = app_context(ctx)
    engine = context.engine()
    policy = policy_from_settings(context.settings)
    with progress_bar(quiet=as_json) as progress:
        task = progress.add_task("match", total=None)
        run = run_matching(
            engine,
            policy,
            on_start=lambda total: progress.update(task, total=total),
            on_progress=lambda done: progress.update(task, advance=done),
        )
    if as_json:
        print_json({"payments": [match_view(result) for result in run.results]})
    else:
        _print_run(run)


def _print_run(run: MatchRun) -> None:
    if not run.results:
        console.print("No unapplied payments to match.")
        return
    table = Table(title="Cash application")
    for column in ("payment", "status", "confidence", "customer", "invoices", "unapplied"):
        table.add_column(column)
    for result in run.results[:SHOWN]:
        view = match_view(result)
        invoices = ", ".join(a["invoice_number"] for a in view["allocations"])
        table.add_row(
            view["payment_id"],
            view["status"],
            f"{view['confidence']:.2f}",
            view["customer_id"] or "",
            invoices,
            f"{view['unapplied_amount']} {view['currency']}",
        )
    console.print(table)
    if len(run.results) > SHOWN:
        console.print(f"… and {len(run.results) - SHOWN} more (all of them with --json).")
    console.print(
        f"{run.count(Status.AUTO_APPLIED)} applied automatically, {run.count(Status.SUGGESTED)} queued for "
        f"review, {run.count(Status.UNMATCHED)} unmatched. Next: arcopilot review list"
    )
