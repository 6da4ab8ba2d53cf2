"""``arcopilot demo``: the sample company, from nothing to a summary."""

from __future__ import annotations

import shutil
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import typer
import uvicorn
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from copilot.cli.context import app_context, console, fail, print_json
from copilot.db.engine import make_engine
from copilot.db.migrate import upgrade_to_head
from copilot.demo.company import generate_company
from copilot.demo.files import write_demo_files
from copilot.demo.matching_report import matching_report
from copilot.server.app import create_app
from copilot.services.ingest import FileOutcome, ingest_paths
from copilot.services.ledger import import_customers, import_invoices
from copilot.services.matching import policy_from_settings, run_matching
from copilot.settings import Settings
from copilot.web.demo_serving import demo_login
from tools.money import format_amount

DEMO_ACTOR = "demo"


def demo_command(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The demo's 'today' (YYYY-MM-DD); default: today.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed of the sample company.")] = 7,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    serve: Annotated[
        bool, typer.Option("--serve", help="Then serve the web UI on the demo data (a reviewer is created).")
    ] = False,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port of --serve.")] = 8000,
) -> None:
    """Build a sample company (≈40 customers, ≈400 invoices, a month of bank statements in
    camt.053, MT940 and CSV) and load it into a fresh database.

    Without --db the demo lives in its own folder of the data directory (demo/), wiped and
    rebuilt on every run, so it never touches your real data.

    Example:

        arcopilot demo --as-of 2026-10-31
        arcopilot demo --as-of 2026-10-31 --serve --port 8000
    """
    context = app_context(ctx)
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()  # noqa: DTZ011 - the CLI edge reads today
    except ValueError:
        fail(f"--as-of must be a date like 2026-10-31, got {as_of!r}", code=2)
    settings = _demo_settings(context.settings)
    company = generate_company(as_of=day, seed=seed)
    files = write_demo_files(company, settings.data_dir / "files")
    engine = make_engine(settings.resolved_database_url())
    upgrade_to_head(engine)
    customers = import_customers(engine, settings, files.customers_csv, actor=DEMO_ACTOR)
    invoices = import_invoices(engine, settings, files.invoices_xlsx, actor=DEMO_ACTOR)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        disable=as_json,
    ) as progress:
        task = progress.add_task("bank statements", total=len(files.statements))

        def advance(outcome: FileOutcome) -> None:
            progress.update(task, advance=1, description=outcome.path.name[:40])

        summary = ingest_paths(engine, settings, files.statements, actor=DEMO_ACTOR, on_file=advance)
        matching = progress.add_task("cash application", total=None)
        run = run_matching(
            engine,
            policy_from_settings(settings),
            on_start=lambda total: progress.update(matching, total=total),
            on_progress=lambda done: progress.update(matching, advance=done),
        )
    engine.dispose()
    open_totals: dict[str, Decimal] = defaultdict(Decimal)
    for invoice in company.invoices:
        open_totals[invoice.currency] += invoice.open_amount
    result: dict[str, Any] = {
        "as_of": day.isoformat(),
        "database": settings.resolved_database_url(),
        "files": str(settings.data_dir / "files"),
        "customers": customers.created + customers.updated + customers.unchanged,
        "invoices": invoices.created + invoices.updated + invoices.unchanged,
        "open_receivables": {c: format_amount(v, c) for c, v in sorted(open_totals.items())},
        "statements": len(files.statements),
        "payments": summary.payments_new,
        "duplicates_skipped": summary.duplicates,
        "quarantined": summary.count("quarantined"),
        "rejected_rows": len(customers.errors) + len(invoices.errors),
        "matching": matching_report(run, company),
    }
    if as_json:
        print_json(result)
    else:
        _print(result, summary.outcomes)
    if result["quarantined"] or result["rejected_rows"]:
        fail("the demo's own files were not all read; see the summary above")
    fresh = summary.count("ingested") == len(files.statements)
    if fresh and summary.payments_new != files.expected_payments:
        fail(f"demo loaded {summary.payments_new} payments, expected {files.expected_payments}")
    if serve:
        _serve(settings, day, port)


def _serve(settings: Settings, day: date, port: int) -> None:
    """Serve the demo database with a reviewer to log in as; print where and how."""
    login = demo_login(settings, as_of=day, port=port, actor=DEMO_ACTOR)
    password = login.password or "(unchanged: the user already existed)"
    console.print(f"Log in as {login.name}, password {password}\nReview queue: {login.url}", highlight=False)
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning")


def _demo_settings(settings: Settings) -> Settings:
    """Without an explicit database the demo gets a fresh folder of its own."""
    if settings.database_url:
        return settings
    demo_dir = settings.data_dir / "demo"
    shutil.rmtree(demo_dir, ignore_errors=True)
    return settings.model_copy(update={"data_dir": demo_dir})


def _print(result: dict[str, Any], outcomes: list[FileOutcome]) -> None:
    table = Table(title="Bank statements ingested")
    for column in ("file", "format", "new payments", "duplicates skipped"):
        table.add_column(column)
    for outcome in outcomes:
        table.add_row(
            outcome.path.name,
            outcome.format or outcome.status,
            str(outcome.payments_new),
            str(outcome.duplicates),
        )
    console.print(table)
    receivables = ", ".join(f"{amount} {currency}" for currency, amount in result["open_receivables"].items())
    console.print(
        f"Sample company as of {result['as_of']}: {result['customers']} customers, "
        f"{result['invoices']} open invoices ({receivables}), {result['payments']} payments from "
        f"{result['statements']} statements, {result['duplicates_skipped']} duplicates skipped.",
        highlight=False,
    )
    _print_matching(result["matching"])
    console.print(f"Database: {result['database']}\nFiles:    {result['files']}", highlight=False)
    console.print(
        f"Next:     arcopilot --db {result['database']} review list\n"
        f"          arcopilot --db {result['database']} kpi aging --as-of {result['as_of']}\n"
        f'          arcopilot --db {result["database"]} ask "which clients are over 60 days?" '
        f"--as-of {result['as_of']}\n"
        f"          arcopilot extract {outcomes[0].path} --json",
        highlight=False,
    )


def _print_matching(report: dict[str, Any]) -> None:
    applied, queued, unmatched = (report[key] for key in ("auto_applied", "suggested", "unmatched"))
    console.print(
        f"Cash application: {applied['payments']} applied automatically ({applied['exactly_right']} exactly "
        f"as the company's ground truth), {queued['payments']} queued for review "
        f"({queued['exactly_right']} with the right proposal), {unmatched['payments']} unmatched.",
        highlight=False,
    )
    for example in report["examples"]:
        invoices = ", ".join(a["invoice_number"] for a in example["allocations"]) or "no invoice"
        console.print(
            f"\n[bold]{example['payment_id']}[/bold] → {example['status']} "
            f"(confidence {example['confidence']:.2f}): {invoices}",
            highlight=False,
        )
        for sentence in example["explanation"]:
            console.print(f"  • {sentence}", highlight=False)
