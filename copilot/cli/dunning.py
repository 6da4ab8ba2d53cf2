"""``arcopilot dunning plan/draft/approve/send/list/show``: the day's reminders, from plan to sending."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from openai import OpenAIError
from rich.table import Table

from copilot.cli.context import actor_name, app_context, as_of_date, console, fail, print_json
from copilot.customer_names import UnknownCustomer
from copilot.db.engine import session_factory, transaction
from copilot.dunning.approval import DraftView, approve_draft, list_drafts, show_draft
from copilot.dunning.drafting import create_draft
from copilot.dunning.errors import DunningError
from copilot.dunning.planning import PlannedAction, day_plan
from copilot.dunning.sending import SendOutcome, send_approved
from copilot.llm.provider import ProviderConfigError

app = typer.Typer(
    help="Dunning: who to chase today, reminder drafts, approval and sending.", no_args_is_help=True
)
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="The day to plan for, YYYY-MM-DD (default: today).")
]


class StageKey(StrEnum):
    """A dunning stage, in order (the keys of tools.dunning.STAGE_KEYS)."""

    preventive = "preventive"
    reminder_1 = "reminder_1"
    reminder_2 = "reminder_2"
    call = "call"
    formal_notice = "formal_notice"
    litigation = "litigation"


class DraftLanguage(StrEnum):
    """The language a draft is written in."""

    fr = "fr"
    en = "en"


class DraftStatus(StrEnum):
    """Where a draft stands."""

    draft = "draft"
    approved = "approved"
    sending = "sending"
    sent = "sent"
    cancelled = "cancelled"


@app.command("plan")
def plan_command(ctx: typer.Context, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """Who gets which reminder today: one action per customer and currency, largest first.

    Each action has the stage due (preventive, reminder_1, reminder_2, call, formal_notice,
    litigation), what to do (send, call, hold), why it is held, alerts (broken promises,
    missed instalments), the invoices and the late-payment amounts the law allows.

    Example:

        arcopilot dunning plan --as-of 2026-10-31
        arcopilot dunning plan --json
    """
    day = as_of_date(as_of)
    context = app_context(ctx)
    with session_factory(context.engine())() as session:
        try:
            plan = day_plan(session, context.settings, as_of=day)
        except DunningError as error:
            fail(str(error))
    if as_json:
        print_json(plan.as_json())
    else:
        _print_plan(list(plan.actions))


@app.command("draft")
def draft_command(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(help="The customer's id, or its name.", show_default=False)],
    stage: Annotated[
        StageKey | None, typer.Option("--stage", help="Force this stage (default: the plan's).")
    ] = None,
    language: Annotated[
        DraftLanguage | None, typer.Option("--lang", help="Write in this language (default: the customer's).")
    ] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help="For a customer owing in several currencies.")
    ] = None,
    as_of: AsOfOption = None,
    user: Annotated[str | None, typer.Option("--user", help="Who drafts it (default: the OS user).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Draft the reminder of one customer, for a person to read and approve.

    The stage is the plan's (a held customer needs --stage); the text comes from the templates
    in the customer's language, personalised by the LLM when one is configured and only if it
    keeps every amount, date and invoice number. A formal notice or a letter also gets a PDF.

    Example:

        arcopilot dunning draft C1 --as-of 2026-10-31
        arcopilot dunning draft "Acme" --stage formal_notice --lang en --json
    """
    day = as_of_date(as_of)
    context = app_context(ctx)
    try:
        with transaction(context.engine()) as session:
            draft = create_draft(
                session,
                context.settings,
                customer,
                as_of=day,
                stage=stage.value if stage else None,
                language=language.value if language else None,
                currency=currency.upper() if currency else None,
                actor=f"user:{user}" if user else actor_name(),
            )
            view = show_draft(session, draft.id)
    except (UnknownCustomer, ProviderConfigError) as error:
        fail(str(error), code=2)
    except (DunningError, OpenAIError) as error:
        fail(str(error))
    if as_json:
        print_json(view.as_json(full=False))
        return
    console.print(f"[bold]Draft {draft.id}[/bold] ({draft.stage}, {draft.channel}, {draft.method})")
    console.print(f"To: {view.email or '—'}", highlight=False, markup=False)
    console.print(f"Subject: {draft.subject}", highlight=False, markup=False)
    console.print(draft.body_text, highlight=False, markup=False)
    if draft.pdf_path:
        console.print(f"Letter: {draft.pdf_path}", highlight=False, markup=False)


@app.command("approve")
def approve_command(
    ctx: typer.Context,
    draft_id: Annotated[int, typer.Argument(metavar="ID", help="The draft's id.", show_default=False)],
    user: Annotated[str, typer.Option("--user", help="Who approves it.", show_default=False)],
    as_json: JsonOption = False,
) -> None:
    """Approve a draft: `dunning send` will send it.

    Example:

        arcopilot dunning approve 12 --user marie
    """
    context = app_context(ctx)
    try:
        with transaction(context.engine()) as session:
            view = approve_draft(session, draft_id, user=user)
    except DunningError as error:
        fail(str(error))
    if as_json:
        print_json(view.as_json(full=False))
    else:
        console.print(f"Draft {draft_id} approved by {user}.", highlight=False)


@app.command("send")
def send_command(
    ctx: typer.Context,
    draft_ids: Annotated[
        list[int] | None,
        typer.Argument(metavar="[ID]...", help="Only these drafts (default: every approved one)."),
    ] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Send every approved draft once (or only the IDs given): e-mails over SMTP, letters marked printed.

    The SMTP server is ARCOPILOT_SMTP_URL (smtp://user:password@host:587, smtps:// for TLS) and
    the sender ARCOPILOT_DUNNING_FROM_ADDRESS. Running it again sends nothing new.

    Example:

        arcopilot dunning send
        arcopilot dunning send 12 --json
    """
    day = as_of_date(as_of)
    context = app_context(ctx)
    try:
        outcomes = send_approved(
            context.engine(), context.settings, as_of=day, actor=actor_name(), draft_ids=draft_ids or None
        )
    except DunningError as error:
        fail(str(error))
    if as_json:
        print_json({"as_of": day.isoformat(), "sent": [outcome.as_json() for outcome in outcomes]})
    else:
        _print_outcomes(outcomes)
    if any(outcome.status == "failed" for outcome in outcomes):
        raise typer.Exit(1)


@app.command("list")
def list_command(
    ctx: typer.Context,
    status: Annotated[
        DraftStatus | None, typer.Option("--status", help="Only drafts in this status.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Reminder drafts, oldest first.

    Example:

        arcopilot dunning list --status draft
        arcopilot dunning list --json
    """
    context = app_context(ctx)
    with session_factory(context.engine())() as session:
        views = list_drafts(session, status=status.value if status else None)
    if as_json:
        print_json({"drafts": [view.as_json(full=False) for view in views]})
    else:
        _print_drafts(views)


@app.command("show")
def show_command(
    ctx: typer.Context,
    draft_id: Annotated[int, typer.Argument(metavar="ID", help="The draft's id.", show_default=False)],
    as_json: JsonOption = False,
) -> None:
    """One draft in full: text, status, and with --json its HTML body and facts.

    Example:

        arcopilot dunning show 12
        arcopilot dunning show 12 --json
    """
    context = app_context(ctx)
    with session_factory(context.engine())() as session:
        try:
            view = show_draft(session, draft_id)
        except DunningError as error:
            fail(str(error))
    if as_json:
        print_json(view.as_json())
        return
    draft = view.draft
    console.print(
        f"[bold]Draft {draft.id}[/bold] {view.customer_name} ({view.customer_id}): {draft.stage}, "
        f"{draft.channel}, {draft.status}",
        highlight=False,
    )
    console.print(f"To: {view.email or '—'}\nSubject: {draft.subject}", highlight=False, markup=False)
    console.print(draft.body_text, highlight=False, markup=False)
    if draft.error:
        console.print(f"Last error: {draft.error}", highlight=False, markup=False)


def _print_plan(actions: list[PlannedAction]) -> None:
    if not actions:
        console.print("Nobody to chase today.")
        return
    table = Table(title="Dunning plan")
    for column in ("customer", "stage", "action", "total", "invoices", "holds / alerts"):
        table.add_column(column)
    for action in actions:
        data = action.as_json()
        notes = [hold["detail"] for hold in data["holds"]] + data["alerts"]
        table.add_row(
            f"{data['customer_name']} ({data['customer_id']})",
            data["stage"],
            data["action"],
            f"{data['total_overdue']} {data['currency']}",
            ", ".join(line["invoice_number"] for line in data["invoices"]),
            "\n".join(notes),
        )
    console.print(table)


def _print_drafts(views: list[DraftView]) -> None:
    if not views:
        console.print("No drafts.")
        return
    table = Table(title="Dunning drafts")
    for column in ("id", "customer", "as of", "stage", "channel", "total", "status"):
        table.add_column(column)
    for view in views:
        draft = view.draft
        table.add_row(
            str(draft.id),
            view.customer_name,
            draft.as_of.isoformat(),
            draft.stage,
            draft.channel,
            f"{draft.facts.get('total_open')} {draft.currency}",
            draft.status,
        )
    console.print(table)


def _print_outcomes(outcomes: list[SendOutcome]) -> None:
    if not outcomes:
        console.print("Nothing to send.")
        return
    for outcome in outcomes:
        where = outcome.to if outcome.status == "sent" else outcome.pdf_path
        line = f"Draft {outcome.draft_id} ({outcome.customer_id}, {outcome.stage}): {outcome.status}"
        console.print(f"{line} {where or ''} {outcome.error or ''}".rstrip(), highlight=False, markup=False)
