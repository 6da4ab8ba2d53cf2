"""``arcopilot ask "QUESTION"``: the copilot on the command line, the same agent as Slack and the web."""

from __future__ import annotations

from typing import Annotated

import typer
from openai import OpenAIError

from copilot.cli.context import app_context, as_of_date, console, fail, print_json
from copilot.llm.provider import ProviderConfigError


def ask_command(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question, in French or English.")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The day the figures are computed for, YYYY-MM-DD (default: today)."),
    ] = None,
    thread: Annotated[
        str | None,
        typer.Option("--thread", help="A conversation name: follow-ups in the same thread keep its context."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the answer and the tool calls as JSON.")
    ] = False,
) -> None:
    """Ask the copilot; every figure in the answer comes from a deterministic tool.

    Example:

        arcopilot ask "which clients are over 60 days?" --as-of 2026-10-31
        arcopilot ask "DSO du trimestre ?" --thread monday --json
        arcopilot ask "et en octobre ?" --thread monday
    """
    if not question.strip():
        fail("the question is empty", code=2)
    from copilot.agent.runner import ask  # langchain and the embedding model load only for this command

    context = app_context(ctx)
    day = as_of_date(as_of)
    try:
        result = ask(context.engine(), context.settings, question, as_of=day, thread=thread, channel="cli")
    except ProviderConfigError as error:
        fail(str(error), code=2)
    except OpenAIError as error:
        fail(f"the LLM endpoint failed: {error}")
    if as_json:
        print_json(result.to_json())
        return
    console.print(result.answer, highlight=False, markup=False)
    if result.tool_calls:
        names = ", ".join(call["name"] for call in result.tool_calls)
        console.print(f"[dim]tools: {names}[/dim]", highlight=False)
