"""``arcopilot serve``: the HTTP API, the web UI and the Slack endpoint."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from copilot.cli.context import app_context
from copilot.server.app import create_app


def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the API under /api (OpenAPI at /api/docs), the web UI at /, Slack at /slack/events
    and /healthz.

    Example:

        arcopilot serve --host 0.0.0.0 --port 8000
    """
    context = app_context(ctx)
    uvicorn.run(create_app(context.settings, context.engine()), host=host, port=port, log_level="info")
