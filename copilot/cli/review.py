"""``arcopilot review list/show/approve/reject/reopen``: the review queue from the command line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Annotated, Any

import typer
from rich.table import Table

from copilot.cli.context import actor_name, app_context, console, errors, fail, print_json
from copilot.db.engine import session_factory
from copilot.db.models import Suggestion
from copilot.services.review import EditedLine, ReviewError, approve, reject, reopen
from copilot.services.review_views import review_queue, suggestion_view

app = typer.Typer(help="The review queue: suggestions waiting for a person.", no_args_is_help=True)
UserOption = Annotated[str | None, typer.Option("--user", help="Who is acting (default: the OS user).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


@app.command("list")
def list_command(
    ctx: typer.Context,
    status: Annotated[
        str, typer.Option(help="pending, alternative, approved, auto_applied, rejected, superseded.")
    ] = "pending",
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Suggestions waiting for review, least confident first.

    Example:

        arcopilot review list
        arcopilot review list --status auto_applied --json
    """
    engine = app_context(ctx).engine()
    with session_factory(engine)() as session:
        rows = review_queue(session, status=status, limit=limit)
    if as_json:
        print_json({"suggestions": rows})
        return
    table = Table(title=f"Suggestions ({status})")
    for column in ("id", "confidence", "payment", "amount", "payer", "customer", "invoices"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row["suggestion_id"]),
            f"{row['confidence']:.2f}",
            row["payment_id"],
            f"{row['amount']} {row['currency']}",
            row["payer_name"] or "",
            row["customer_id"] or "",
            ", ".join(line["invoice_number"] for line in row["lines"]),
        )
    console.print(table)


@app.command("show")
def show_command(ctx: typer.Context, suggestion_id: int, as_json: JsonOption = False) -> None:
    """One suggestion: the payment, the proposed allocations, the explanation and alternatives.

    Example:

        arcopilot review show 42
    """
    engine = app_context(ctx).engine()
    with session_factory(engine)() as session:
        suggestion = session.get(Suggestion, suggestion_id)
        if suggestion is None:
            fail(f"no suggestion {suggestion_id}", code=2)
        view = suggestion_view(session, suggestion, detailed=True)
    if as_json:
        print_json(view)
        return
    _print_detail(view)


def _print_detail(view: dict[str, Any]) -> None:
    console.print(
        f"[bold]Suggestion {view['suggestion_id']}[/bold] "
        f"({view['status']}, confidence {view['confidence']:.2f})\n"
        f"Payment {view['payment_id']} of {view['booking_date']}: {view['amount']} {view['currency']} "
        f"from {view['payer_name'] or 'unknown payer'}\n"
        f"Customer: {view['customer_name'] or '-'} ({view['customer_id'] or '-'})"
    )
    table = Table()
    for column in ("invoice", "open", "cash", "discount", "deduction", "code"):
        table.add_column(column)
    for line in view["lines"]:
        table.add_row(
            line["invoice_number"],
            line["invoice_open_amount"],
            line["amount"],
            line["discount_amount"],
            line["deduction_amount"],
            line["deduction_code"] or "",
        )
    console.print(table)
    console.print(f"Unapplied: {view['unapplied_amount']} {view['currency']}")
    for sentence in view["explanation"]:
        console.print(f"• {sentence}")


def _parse_edit(text: str) -> EditedLine:
    """``INV-1=950.00,deduction=50.00,code=DAMAGE,discount=0``."""
    head, *options = [part.strip() for part in text.split(",")]
    number, sep, amount = head.partition("=")
    if not sep or not number:
        raise typer.BadParameter(
            f"expected INVOICE=AMOUNT[,discount=X][,deduction=Y][,code=CODE], got {text!r}"
        )
    values: dict[str, str] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or key not in {"discount", "deduction", "code"}:
            raise typer.BadParameter(f"unknown part {option!r} in {text!r} (discount=, deduction=, code=)")
        values[key] = value.strip()
    try:
        return EditedLine(
            invoice_number=number.strip(),
            amount=Decimal(amount),
            discount_amount=Decimal(values.get("discount", "0")),
            deduction_amount=Decimal(values.get("deduction", "0")),
            deduction_code=values.get("code", "").upper() or None,
        )
    except InvalidOperation:
        raise typer.BadParameter(f"not an amount in {text!r}") from None


@app.command("approve")
def approve_command(
    ctx: typer.Context,
    suggestion_ids: Annotated[
        list[int], typer.Argument(help="One suggestion, or several to approve as proposed.")
    ],
    edit: Annotated[
        list[str] | None,
        typer.Option(
            "--edit",
            help="Replace the allocations, one per invoice: "
            "INVOICE=AMOUNT[,discount=X][,deduction=Y][,code=CODE].",
        ),
    ] = None,
    code: Annotated[str | None, typer.Option("--code", help="Change the deduction reason code.")] = None,
    user: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    """Apply suggestions as proposed, or one with edited allocations or deduction code.

    Several ids are approved one after the other, each in its own transaction; one that cannot
    be approved is reported and the others go on.

    Example:

        arcopilot review approve 42 --user marie
        arcopilot review approve 42 43 44 45
        arcopilot review approve 42 --edit "FA-2026-00123=950.00,deduction=50.00,code=DAMAGE"
        arcopilot review approve 42 --code PRICING
    """
    if (edit or code) and len(suggestion_ids) > 1:
        fail("--edit and --code apply to one suggestion at a time", code=2)
    edits = [_parse_edit(text) for text in edit or []]
    actions = [
        partial(approve, suggestion_pk=sid, edits=edits, deduction_code=code and code.upper())
        for sid in suggestion_ids
    ]
    _decide(ctx, as_json, actions, user)


@app.command("reject")
def reject_command(
    ctx: typer.Context,
    suggestion_id: int,
    reason: Annotated[str | None, typer.Option(help="Why, for the audit log.")] = None,
    user: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    """Reject a suggestion; the next alternative (if any) becomes pending.

    Example:

        arcopilot review reject 42 --reason "wrong customer"
    """
    _decide(ctx, as_json, [partial(reject, suggestion_pk=suggestion_id, reason=reason)], user)


@app.command("reopen")
def reopen_command(
    ctx: typer.Context, suggestion_id: int, user: UserOption = None, as_json: JsonOption = False
) -> None:
    """Undo a decision: reverse the allocations (balances restored) and queue the suggestion again.

    Example:

        arcopilot review reopen 42
    """
    _decide(ctx, as_json, [partial(reopen, suggestion_pk=suggestion_id)], user)


def _decide(
    ctx: typer.Context, as_json: bool, actions: Sequence[Callable[..., Suggestion]], user: str | None
) -> None:
    """Run each decision in its own transaction; report every outcome, exit 1 if any failed."""
    engine = app_context(ctx).engine()
    actor = f"user:{user}" if user else actor_name()
    views: list[dict[str, Any]] = []
    problems: list[str] = []
    for action in actions:
        try:
            suggestion = action(engine, actor=actor)
        except ReviewError as exc:
            problems.append(str(exc))
            continue
        with session_factory(engine)() as session:
            views.append(suggestion_view(session, session.get_one(Suggestion, suggestion.id)))
    if len(actions) == 1 and problems:
        fail(problems[0])
    if as_json:
        print_json(views[0] if len(actions) == 1 else {"decided": views, "errors": problems})
    else:
        for view in views:
            console.print(
                f"Suggestion {view['suggestion_id']} is now {view['status']} (payment {view['payment_id']})."
            )
        for problem in problems:
            errors.print(f"[red]error:[/red] {problem}", highlight=False)
    if problems:
        raise typer.Exit(1)
