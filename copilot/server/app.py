"""The application ``arcopilot serve`` runs: the API under ``/api``, the web UI at ``/``,
Slack at ``/slack/events`` and ``/healthz``; settings and engine are passed in, never read at
import, so tests and ``--db`` build their own."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.middleware.sessions import SessionMiddleware

from copilot.api.router import mount_api
from copilot.db.engine import make_engine
from copilot.db.migrate import current_revision, head_revision, upgrade_to_head
from copilot.server.secrets import session_secret
from copilot.settings import Settings
from copilot.slack.mount import mount_slack
from copilot.web import mount_web

SESSION_COOKIE = "arcopilot_session"


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """The whole server for ``settings``; the database is migrated to the latest schema."""
    engine = engine or make_engine(settings.resolved_database_url())
    if current_revision(engine) != head_revision(engine):
        upgrade_to_head(engine)
    app = FastAPI(
        title="AR Copilot",
        version="0.1.0",
        summary="Cash application, dunning and receivables answers.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=SESSION_COOKIE,
        max_age=int(settings.session_max_age_hours * 3600),
        same_site="lax",
    )

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, Any]:
        """Liveness and the database's schema revision."""
        return {"status": "ok", "revision": current_revision(engine)}

    mount_api(app)
    mount_slack(app, settings, engine)
    mount_web(app)
    return app
