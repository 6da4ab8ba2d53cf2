"""``arcopilot note add/search/reindex``: notes on customers, searchable by the copilot."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from copilot.cli.context import actor_name, app_context, as_of_date, console, fail, print_json
from copilot.db.engine import session_factory, transaction
from copilot.notes.errors import NotesError
from copilot.notes.index import reindex
from copilot.notes.records import KINDS
from copilot.notes.search import search_notes
from copilot.notes.store import add_note

app = typer.Typer(help="Notes on customers: calls, e-mails, remarks; searchable.", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


class NoteKind(StrEnum):
    """What a note records."""

    note = "note"
    call = "call"
    email = "email"


def parse_day(text: str, option: str) -> date:
    """A YYYY-MM-DD command-line date, or a usage error naming ``option``."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{option} must be a date like 2026-11-24, got {text!r}", code=2)


@app.command("add")
def add_command(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(help="The customer's id, or its name.", show_default=False)],
    text: Annotated[str, typer.Argument(help="The note.", show_default=False)],
    kind: Annotated[NoteKind, typer.Option("--kind", help="What the note records.")] = NoteKind.note,
    day: Annotated[
        str | None, typer.Option("--date", help="Day of the note, YYYY-MM-DD (default: today).")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Who writes it (default: the OS user).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Add a note on a customer: a remark, a call log or an e-mail.

    The copilot finds it when asked ("what did Dupont say?"). CUSTOMER is a customer id, or a
    name typed loosely (accents, case and small typos forgiven); an unknown or ambiguous name
    is refused with the closest names.

    Example:

        arcopilot note add C1 "Called Mrs Dupont: cheque sent Friday" --kind call
        arcopilot note add "Dupont" "Conteste la facture FA-123" --date 2026-11-12
    """
    noted_on = parse_day(day, "--date") if day else as_of_date(None)
    context = app_context(ctx)
    try:
        with transaction(context.engine()) as session:
            note = add_note(
                session,
                context.settings,
                customer,
                text,
                kind=kind.value,
                noted_on=noted_on,
                author=f"user:{user}" if user else actor_name(),
            )
    except NotesError as exc:
        fail(str(exc), code=2)
    if as_json:
        print_json(note.as_json())
    else:
        console.print(f"Note {note.note_id} added on {note.customer_name} ({note.customer_id}), {note.day}.")


@app.command("search")
def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for, in French or English.", show_default=False)],
    customer: Annotated[
        str | None, typer.Option("--customer", help="Only this customer (id or name).")
    ] = None,
    kinds: Annotated[
        list[str] | None, typer.Option("--kind", help=f"Only these kinds ({', '.join(KINDS)}); repeatable.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only notes from this day, YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only notes up to this day, YYYY-MM-DD.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many notes.")] = 5,
    as_json: JsonOption = False,
) -> None:
    """Search notes and promises by meaning and by keyword, best first, each with its date.

    The meaning comes from the local embedding model (through Chroma); French and English
    keywords, with typos forgiven, add to it.

    Example:

        arcopilot note search "what did Dupont promise?"
        arcopilot note search "litige" --customer C1 --json
    """
    context = app_context(ctx)
    with session_factory(context.engine())() as session:
        try:
            hits = search_notes(
                session,
                context.settings,
                query,
                customer=customer,
                kinds=kinds or None,
                since=parse_day(since, "--since") if since else None,
                until=parse_day(until, "--until") if until else None,
                limit=limit,
            )
        except NotesError as exc:
            fail(str(exc), code=2)
    if as_json:
        print_json({"query": query, "notes": [hit.as_json() for hit in hits]})
        return
    if not hits:
        console.print("No note matches.")
        return
    table = Table(title=f"Notes for “{query}”")
    for column in ("date", "customer", "kind", "note", "score"):
        table.add_column(column)
    for hit in hits:
        table.add_row(hit.date.isoformat(), hit.customer_name, hit.kind, hit.text, f"{hit.score:.2f}")
    console.print(table)


@app.command("reindex")
def reindex_command(
    ctx: typer.Context,
    full: Annotated[
        bool, typer.Option("--full", help="Embed every note again, not only missing ones.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Bring the search index in line with the database.

    Searches do it by themselves when the index is missing or out of date; --full embeds every
    note again.

    Example:

        arcopilot note reindex --full
    """
    context = app_context(ctx)
    with session_factory(context.engine())() as session:
        try:
            changed = reindex(session, context.settings, full=full)
        except NotesError as exc:
            fail(str(exc))
    if as_json:
        print_json({"changed": changed})
    else:
        console.print(f"Index up to date ({changed} entries written or dropped).")
