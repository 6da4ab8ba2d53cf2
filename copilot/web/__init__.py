"""The web interface: server-rendered pages (Jinja2 and htmx) on the same app as the API.

:func:`mount_web` adds the static files, the page routers and what turns a missing log-in
into a redirect to ``/login`` and a refusal into a 403 page.

``static/htmx.min.js`` is htmx 2.0.11 as published in the npm package ``htmx.org`` (licence:
Zero-Clause BSD, in ``static/htmx.LICENSE``); nothing is loaded from a CDN. Charts are SVG
drawn on the server (:mod:`copilot.web.svg_charts`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.responses import RedirectResponse, Response

from copilot.api.deps import optional_identity
from copilot.web.context import LoginRequired, WebForbidden, any_page
from copilot.web.pages import auth, chat, customers, dashboard, dunning, review, upload

STATIC = Path(__file__).parent / "static"


def mount_web(app: FastAPI) -> None:
    """Serve the web interface from ``app``: pages at ``/``, files under ``/static``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, review, upload, dashboard, customers, dunning, chat):
        app.include_router(module.router, include_in_schema=False)

    @app.exception_handler(LoginRequired)
    def to_login(request: Request, exc: LoginRequired) -> Response:
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse(f"/login?next={quote(exc.next_url, safe='')}", status_code=303)

    @app.exception_handler(WebForbidden)
    def forbidden(request: Request, exc: WebForbidden) -> Response:
        engine = app.state.engine
        page = any_page(request, app.state.settings, engine, optional_identity(request, engine, None))
        return page.render("forbidden.html", {"reason_key": exc.reason_key}, status_code=403)
