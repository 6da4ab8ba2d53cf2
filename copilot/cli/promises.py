"""``arcopilot promise add/list``: promises to pay, recorded and listed."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import typer
from rich.table import Table

from copilot.cli.context import actor_name, app_context, as_of_date, console, fail, print_json
from copilot.cli.notes import parse_day
from copilot.db.engine import session_factory, transaction
from copilot.locales import parse_typed_amount
from copilot.notes.errors import NotesError
from copilot.services.promises import PromiseView, add_promise, customer_promises

app = typer.Typer(help="Promises to pay (promesses de paiement).", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def parse_amount(text: str) -> Decimal:
    """``1200``, ``1200.50`` or ``1200,50`` (spaces allowed between thousands) as a Decimal."""
    if "," in text and "." in text:
        fail(f"AMOUNT takes one decimal separator and no thousands separator, got {text!r}", code=2)
    try:
        return parse_typed_amount(text)
    except ValueError:
        fail(f"AMOUNT must be a number like 1200.50, got {text!r}", code=2)


@app.command("add")
def add_command(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(help="The customer's id, or its name.", show_default=False)],
    amount: Annotated[str, typer.Argument(help="Amount promised, e.g. 1200.50.", show_default=False)],
    promised_date: Annotated[
        str, typer.Argument(metavar="DATE", help="Day it will be paid by, YYYY-MM-DD.", show_default=False)
    ],
    made_on: Annotated[
        str | None, typer.Option("--made-on", help="Day the promise was made (default: today).")
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option("--currency", help="Default: the invoices', else the customer's credit currency."),
    ] = None,
    invoices: Annotated[
        list[str] | None, typer.Option("--invoice", help="An invoice the payment covers; repeatable.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What the customer said.")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Who records it (default: the OS user).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Record a customer's promise to pay an amount by a date.

    The promise is also a note the copilot can search, worded in the customer's language.
    AMOUNT takes a dot or a comma for decimals; the currency is --currency, else the invoices',
    else the customer's credit currency, else that of its open invoices.

    Example:

        arcopilot promise add C1 1200 2026-12-15 --invoice FA-2026-00123
        arcopilot promise add "Acme" 980,50 2026-11-30 --made-on 2026-11-20 --json
    """
    value = parse_amount(amount)
    due = parse_day(promised_date, "DATE")
    made = parse_day(made_on, "--made-on") if made_on else as_of_date(None)
    context = app_context(ctx)
    try:
        with transaction(context.engine()) as session:
            promise = add_promise(
                session,
                context.settings,
                customer,
                value,
                due,
                made_on=made,
                currency=currency,
                invoice_numbers=invoices or (),
                note=note,
                author=f"user:{user}" if user else actor_name(),
            )
    except NotesError as exc:
        fail(str(exc), code=2)
    if as_json:
        print_json(promise.as_json())
    else:
        console.print(f"Promise {promise.promise_id} recorded for {promise.customer_name}: {promise.text}.")


@app.command("list")
def list_command(
    ctx: typer.Context,
    customer: Annotated[
        str | None, typer.Argument(help="The customer's id or name (default: every customer).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Day that decides which promises are due (default: today).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Promises to pay, newest first, with their status and whether their date has come.

    A promise is due when it is still open and its date is on or before --as-of.

    Example:

        arcopilot promise list C1
        arcopilot promise list --as-of 2026-12-31 --json
    """
    day = as_of_date(as_of)
    context = app_context(ctx)
    with session_factory(context.engine())() as session:
        try:
            promises = customer_promises(session, customer, as_of=day)
        except NotesError as exc:
            fail(str(exc), code=2)
    if as_json:
        print_json({"as_of": day.isoformat(), "promises": [promise.as_json() for promise in promises]})
    else:
        _print(promises)


def _print(promises: list[PromiseView]) -> None:
    if not promises:
        console.print("No promises to pay.")
        return
    table = Table(title="Promises to pay")
    for column in ("id", "customer", "amount", "by", "made", "invoices", "status"):
        table.add_column(column)
    for promise in promises:
        table.add_row(
            str(promise.promise_id),
            promise.customer_name,
            f"{promise.as_json()['amount']} {promise.currency}",
            promise.promised_date.isoformat(),
            promise.made_on.isoformat(),
            ", ".join(promise.invoice_numbers),
            f"{promise.status} (due)" if promise.due else promise.status,
        )
    console.print(table)
