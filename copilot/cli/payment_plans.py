"""``arcopilot plan add/list``: payment plans (*échéanciers*), which hold dunning while they are kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import typer
from rich.table import Table

from copilot.cli.context import actor_name, app_context, as_of_date, console, fail, print_json
from copilot.cli.notes import parse_day
from copilot.cli.promises import parse_amount
from copilot.customer_names import UnknownCustomer
from copilot.db.engine import session_factory, transaction
from copilot.dunning.errors import DunningError
from copilot.dunning.payment_plans import PlanView, add_plan, customer_plans

app = typer.Typer(help="Payment plans (échéanciers): instalments a customer agreed to.", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def parse_instalment(text: str) -> tuple[date, Decimal]:
    """``2026-11-30=500.00`` as a due day and an amount, or a usage error."""
    day, separator, amount = text.partition("=")
    if not separator:
        fail(f"--instalment takes DATE=AMOUNT, e.g. 2026-11-30=500.00, got {text!r}", code=2)
    return parse_day(day.strip(), "--instalment DATE"), parse_amount(amount)


@app.command("add")
def add_command(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(help="The customer's id, or its name.", show_default=False)],
    instalments: Annotated[
        list[str],
        typer.Option(
            "--instalment",
            help="An instalment as DATE=AMOUNT (e.g. 2026-11-30=500.00); repeat for each.",
            show_default=False,
        ),
    ],
    currency: Annotated[
        str | None,
        typer.Option("--currency", help="Default: that of the open invoices, else the credit currency."),
    ] = None,
    made_on: Annotated[
        str | None,
        typer.Option("--made-on", help="Day the plan was agreed (default: today); payments count from it."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What was agreed, in words.")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Who records it (default: the OS user).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Record a payment plan: the instalments a customer agreed to pay, in one currency.

    While every instalment due so far is paid, the customer is not chased; a missed instalment
    raises the next reminder one stage and is flagged. Payments on the customer's invoices in
    the plan's currency from --made-on on are counted against the instalments in date order.
    A new plan replaces the customer's active plan in the same currency.

    Example:

        arcopilot plan add C1 --instalment 2026-11-30=500.00 --instalment 2026-12-31=500.00
        arcopilot plan add "Dupont" --instalment 2026-12-15=1200,50 --note "agreed by phone" --json
    """
    schedule = [parse_instalment(text) for text in instalments]
    day = parse_day(made_on, "--made-on") if made_on else as_of_date(None)
    context = app_context(ctx)
    try:
        with transaction(context.engine()) as session:
            plan = add_plan(
                session,
                context.settings,
                customer,
                schedule,
                made_on=day,
                currency=currency,
                note=note,
                actor=f"user:{user}" if user else actor_name(),
            )
    except (DunningError, UnknownCustomer) as error:
        fail(str(error), code=2)
    if as_json:
        print_json(plan.as_json())
    else:
        console.print(
            f"Payment plan {plan.plan_id} recorded for {plan.customer_name}: "
            f"{len(plan.instalments)} instalments, {plan.as_json()['total']} {plan.currency}."
        )


@app.command("list")
def list_command(
    ctx: typer.Context,
    customer: Annotated[
        str | None, typer.Argument(help="The customer's id or name (default: every customer).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Day up to which payments count (default: today).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Payment plans, newest first, with what was paid of each instalment.

    Example:

        arcopilot plan list C1
        arcopilot plan list --as-of 2026-12-31 --json
    """
    day = as_of_date(as_of)
    context = app_context(ctx)
    with session_factory(context.engine())() as session:
        try:
            plans = customer_plans(session, customer, as_of=day)
        except UnknownCustomer as error:
            fail(str(error), code=2)
    if as_json:
        print_json({"as_of": day.isoformat(), "plans": [plan.as_json() for plan in plans]})
    else:
        _print(plans)


def _print(plans: list[PlanView]) -> None:
    if not plans:
        console.print("No payment plans.")
        return
    table = Table(title="Payment plans")
    for column in ("id", "customer", "status", "made", "instalments (due: paid / amount)"):
        table.add_column(column)
    for plan in plans:
        data = plan.as_json()
        table.add_row(
            str(plan.plan_id),
            plan.customer_name,
            plan.status,
            plan.made_on.isoformat(),
            "\n".join(
                f"{i['due_date']}: {i['paid']} / {i['amount']} {plan.currency}" for i in data["instalments"]
            ),
        )
    console.print(table)
