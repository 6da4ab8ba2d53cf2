"""``arcopilot ingest`` and ``arcopilot extract``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from copilot.cli.context import actor_name, app_context, console, fail, print_json, progress_bar
from copilot.services.document_reading import extract_document
from copilot.services.ingest import (
    FileOutcome,
    IngestSummary,
    failure_reason,
    ingest_paths,
    iter_files,
    retry_quarantined,
)
from ingest.records import extract_contract


def ingest_command(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (folders recurse).")] = None,
    retry_quarantined_files: Annotated[
        bool, typer.Option("--retry-quarantined", help="Read every quarantined file again.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Ingest bank statements and remittance advices; the format is detected from content.

    Statements: camt.052/053/054, MT940, BAI2, CSV. Remittance advices: PDF (text or
    scanned), images, emails (.eml/.msg, attachments included), CSV/XLSX sheets; each is
    linked to the payment it announces.

    The same file twice, or the same transaction in two files, is recorded once. A file that
    cannot be read is quarantined with a one-line reason and the batch goes on; the exit code
    is 1 when any file was quarantined.

    Example:

        arcopilot ingest statements/ extra/2026-10-31.sta
        arcopilot ingest --retry-quarantined
    """
    context = app_context(ctx)
    if not paths and not retry_quarantined_files:
        fail("give files or folders to ingest, or --retry-quarantined", code=2)
    missing = [str(p) for p in paths or [] if not p.exists()]
    if missing:
        fail(f"no such file or folder: {', '.join(missing)}", code=2)
    engine = context.engine()
    files = list(iter_files(paths or []))
    with progress_bar(quiet=as_json) as progress:
        task = progress.add_task("ingest", total=len(files))

        def advance(outcome: FileOutcome) -> None:
            progress.update(task, advance=1, description=outcome.path.name[:40])

        if retry_quarantined_files:
            summary = retry_quarantined(engine, context.settings, actor=actor_name(), on_file=advance)
            progress.update(task, total=len(summary.outcomes) + len(files))
        else:
            summary = IngestSummary()
        summary.outcomes.extend(
            ingest_paths(engine, context.settings, files, actor=actor_name(), on_file=advance).outcomes
        )
    if as_json:
        print_json(_summary_json(summary))
    else:
        _print_summary(summary)
    if summary.count("quarantined") or summary.count("partial"):
        raise typer.Exit(1)


def extract_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A bank statement or remittance advice (PDF, scan, email, sheet).",
            exists=True,
            dir_okay=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the extraction contract as JSON.")] = False,
) -> None:
    """Show what would be extracted from one file; nothing is stored.

    Example:

        arcopilot extract statement.xml --json
        arcopilot extract avis_de_paiement.xlsx --json
        arcopilot extract remittance.pdf
        arcopilot extract forwarded.eml --json
    """
    context = app_context(ctx)
    try:
        result = extract_document(file, context.settings)
    except Exception as exc:  # a clean one-line error instead of a traceback
        fail(failure_reason(file, exc))
    data = extract_contract(result)
    if as_json:
        print_json(data)
        return
    if data["payments"]:
        _print_rows(
            f"{file.name} ({result.document.format}): {len(data['payments'])} payments",
            data["payments"],
            ("id", "booking_date", "amount", "currency", "payer_name", "reference"),
        )
    for remittance in data["remittances"]:
        title = (
            f"{file.name}: remittance of {remittance['payment_amount']} {remittance['currency']} "
            f"from {remittance['payer_name'] or 'an unnamed payer'} "
            f"(confidence {remittance['confidence']:.2f})"
        )
        _print_rows(
            title, remittance["lines"], ("invoice_number", "paid_amount", "deduction_amount", "reason_text")
        )
        for warning in remittance["warnings"]:
            console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)


def _print_rows(title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, justify="right" if "amount" in column else "left")
    for row in rows:
        table.add_row(*(str(row.get(column) or "") for column in columns))
    console.print(table)


def _summary_json(summary: IngestSummary) -> dict[str, Any]:
    return {
        "files": len(summary.outcomes),
        "ingested": summary.count("ingested") + summary.count("partial"),
        "partial": summary.count("partial"),
        "duplicate_files": summary.count("duplicate_file"),
        "quarantined": summary.count("quarantined") + summary.count("already_quarantined"),
        "payments_new": summary.payments_new,
        "duplicates_skipped": summary.duplicates,
        "remittances_new": summary.remittances_new,
        "payments_requeued": summary.requeued,
        "outcomes": [
            {
                "path": str(o.path),
                "status": o.status,
                "format": o.format,
                "payments_new": o.payments_new,
                "duplicates_skipped": o.duplicates,
                "reason": o.reason,
                "rejected_rows": list(o.rejected_rows),
                "batch_totals_replaced": o.batch_totals_replaced,
                "remittances_new": o.remittances_new,
                "remittances_linked": o.remittances_linked,
                "warnings": list(o.warnings),
            }
            for o in summary.outcomes
        ],
    }


def _print_summary(summary: IngestSummary) -> None:
    table = Table(title="Ingest summary")
    for column in ("file", "format", "status", "new payments", "duplicates skipped", "remittances (linked)"):
        table.add_column(column)
    for outcome in summary.outcomes:
        table.add_row(
            outcome.path.name,
            outcome.format or "-",
            outcome.status,
            str(outcome.payments_new),
            str(outcome.duplicates),
            f"{outcome.remittances_new} ({outcome.remittances_linked})" if outcome.remittances_new else "",
        )
    console.print(table)
    console.print(
        f"{len(summary.outcomes)} files: {summary.count('ingested')} ingested, "
        f"{summary.count('partial')} with rejected rows, "
        f"{summary.count('duplicate_file')} already known, "
        f"{summary.count('quarantined') + summary.count('already_quarantined')} quarantined; "
        f"{summary.payments_new} new payments, {summary.duplicates} duplicates skipped, "
        f"{summary.remittances_new} remittance advices."
    )
    if summary.requeued:
        console.print(
            f"{len(summary.requeued)} payments queued before their advice arrived go back to matching: "
            "run `arcopilot match`."
        )
    for outcome in summary.outcomes:
        for warning in outcome.warnings:
            console.print(f"[yellow]warning[/yellow] {outcome.path.name}: {warning}", highlight=False)
    for outcome in summary.outcomes:
        if outcome.rejected_rows:
            for row in outcome.rejected_rows:
                console.print(f"[red]rejected[/red] {row}", highlight=False)
        elif outcome.reason:
            console.print(f"[red]quarantined[/red] {outcome.reason}", highlight=False)
