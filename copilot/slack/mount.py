"""Slack in the FastAPI server: ``POST /slack/events`` when a signing secret is set (events,
``/ar``, buttons and modals all arrive there, signature and timestamp checked by bolt), and a
Socket Mode connection for the server's lifetime when ``SLACK_APP_TOKEN`` is set."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from copilot.settings import Settings
from copilot.slack.app import build_app
from copilot.slack.context import SlackContext

EVENTS_PATH = "/slack/events"


def mount_slack(app: FastAPI, settings: Settings, engine: Engine) -> None:
    """Add Slack to ``app`` when the settings configure it (a signing secret or an app token)."""
    if settings.slack_signing_secret is None and settings.slack_app_token is None:
        return
    context = SlackContext(settings, engine)
    bolt = build_app(context)
    app.state.slack = context
    app.state.slack_bolt = bolt
    if settings.slack_signing_secret is not None:

        @app.post(EVENTS_PATH, tags=["slack"], include_in_schema=False)
        async def slack_events(request: Request) -> Response:
            """Everything Slack sends over HTTP; answered within Slack's three seconds."""
            bolt_request = to_bolt_request(request, await request.body())
            return to_starlette_response(await run_in_threadpool(bolt.dispatch, bolt_request))

    if settings.slack_app_token is not None:
        handler = SocketModeHandler(bolt, settings.slack_app_token.get_secret_value())
        outer = app.router.lifespan_context

        @asynccontextmanager
        async def with_socket_mode(server: Any) -> AsyncIterator[Any]:
            async with outer(server) as state:
                await run_in_threadpool(handler.connect)
                try:
                    yield state
                finally:
                    await run_in_threadpool(handler.close)

        app.router.lifespan_context = with_socket_mode
