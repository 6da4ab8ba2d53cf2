"""Entry point: ``arcopilot [--db URL] COMMAND``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from sqlalchemy import make_url

from copilot.cli import (
    ask,
    demo,
    documents,
    evaluation,
    inbox,
    ingest,
    kpi,
    ledger,
    matching,
    payments,
    review,
    serve,
)
from copilot.cli.context import AppContext, app_context, console, fail, print_json
from copilot.cli.dunning import app as dunning_app
from copilot.cli.notes import app as note_app
from copilot.cli.payment_plans import app as payment_plan_app
from copilot.cli.promises import app as promise_app
from copilot.cli.users import app as users_app
from copilot.db.engine import make_engine
from copilot.db.migrate import upgrade_to_head
from copilot.logging_setup import configure_logging
from copilot.settings import Settings

app = typer.Typer(
    name="arcopilot",
    help="AR Copilot: cash application, dunning and receivables answers, from your files.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help="SQLAlchemy URL (default: ARCOPILOT_DATABASE_URL, then SQLite)."),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Stored files and quarantine (default: ARCOPILOT_DATA_DIR)."),
    ] = None,
) -> None:
    """AR Copilot command line. Every command that prints data takes --json."""
    configure_logging()
    overrides: dict[str, object] = {}
    if db:
        overrides["database_url"] = db
    if data_dir:
        overrides["data_dir"] = data_dir
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        fail(f"invalid settings: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}")
    ctx.obj = AppContext(settings)


@app.command()
def init(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Create the database or migrate it to the latest schema.

    Example:

        arcopilot --db postgresql+psycopg://postgres@127.0.0.1:5432/ar init
    """
    context = app_context(ctx)
    url = context.settings.resolved_database_url()
    revision = upgrade_to_head(make_engine(url))
    if as_json:
        print_json({"database": _safe_url(url), "revision": revision})
    else:
        console.print(f"Database ready at revision [bold]{revision}[/bold]: {_safe_url(url)}")


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


app.add_typer(ledger.app, name="import")
app.command(name="ingest")(ingest.ingest_command)
app.command(name="extract")(ingest.extract_command)
app.command(name="payments")(payments.payments_command)
app.command(name="documents")(documents.documents_command)
app.command(name="match")(matching.match_command)
app.add_typer(review.app, name="review")
app.command(name="kpi")(kpi.kpi_command)
app.command(name="ask")(ask.ask_command)
app.command(name="eval")(evaluation.eval_command)
app.command(name="demo")(demo.demo_command)
app.command(name="inbox")(inbox.inbox_command)
app.add_typer(note_app, name="note")
app.add_typer(promise_app, name="promise")
app.add_typer(payment_plan_app, name="plan")
app.add_typer(dunning_app, name="dunning")
app.add_typer(users_app, name="users")
app.command(name="serve")(serve.serve_command)


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
