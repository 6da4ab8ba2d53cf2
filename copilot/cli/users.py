"""``arcopilot users add/list/token``: who may use the copilot, with which role."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from copilot.access import ROLE_NAMES, Role
from copilot.cli.context import actor_name, app_context, console, fail, print_json
from copilot.db.engine import session_factory, transaction
from copilot.services.users import UserError, add_user, issue_token, list_users, user_named, user_view

app = typer.Typer(help="Users and their roles (viewer, collector, reviewer, admin).", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


@app.command("add")
def add_command(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(help="The user's name (default: the Slack id).", show_default=False)
    ] = None,
    role: Annotated[str, typer.Option("--role", help=f"One of {', '.join(ROLE_NAMES)}.")] = "viewer",
    slack_id: Annotated[str | None, typer.Option("--slack-id", help="The Slack member id, U…")] = None,
    email: Annotated[str | None, typer.Option("--email", help="E-mail address.")] = None,
    language: Annotated[str | None, typer.Option("--language", help="fr or en, for the web UI.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read a web log-in password from standard input.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Add a user with a role, or change an existing one's role, Slack id or password.

    Only reviewers and admins can approve money (matches, write-offs, reminders to send);
    collectors ask, note, promise and draft; viewers read.

    Example:

        arcopilot users add --slack-id U024BE7LH --role reviewer
        echo 's3cret-passphrase' | arcopilot users add marie --role admin --password-stdin
    """
    try:
        parsed_role = Role.parse(role)
    except ValueError as exc:
        fail(str(exc), code=2)
    if slack_id is not None and not slack_id.strip().isalnum():
        fail(f"--slack-id must be a Slack member id like U024BE7LH, got {slack_id!r}", code=2)
    if language is not None and language not in {"fr", "en"}:
        fail(f"--language must be fr or en, got {language!r}", code=2)
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    if password is not None and len(password) < 8:
        fail("the password must have at least 8 characters", code=2)
    context = app_context(ctx)
    try:
        with transaction(context.engine()) as session:
            user = add_user(
                session,
                name=name or slack_id or "",
                role=parsed_role,
                actor=actor_name(),
                slack_user_id=slack_id.strip() if slack_id else None,
                email=email,
                language=language,
                password=password,
            )
            shown = user_view(user)
    except UserError as exc:
        fail(str(exc), code=2)
    if as_json:
        print_json(shown)
    else:
        console.print(f"User [bold]{shown['name']}[/bold] is {shown['role']}.")


@app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List users and their roles.

    Example:

        arcopilot users list --json
    """
    with session_factory(app_context(ctx).engine())() as session:
        rows = [user_view(user) for user in list_users(session)]
    if as_json:
        print_json(rows)
        return
    table = Table("name", "role", "Slack id", "e-mail", "web log-in")
    for row in rows:
        table.add_row(
            str(row["name"]),
            str(row["role"]),
            str(row["slack_user_id"] or ""),
            str(row["email"] or ""),
            "yes" if row["web_login"] else "no",
        )
    console.print(table)


@app.command("token")
def token_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user the token acts as.", show_default=False)],
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "api",
    as_json: JsonOption = False,
) -> None:
    """Issue an API token (shown once; only its hash is stored). Send it as `Authorization: Bearer …`.

    Example:

        arcopilot users token erp-sync --label "nightly ERP export"
    """
    try:
        with transaction(app_context(ctx).engine()) as session:
            token = issue_token(session, user_named(session, name), label=label, actor=actor_name())
    except UserError as exc:
        fail(str(exc), code=2)
    if as_json:
        print_json({"user": name, "label": label, "token": token})
    else:
        console.print(token, highlight=False)
