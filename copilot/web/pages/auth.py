"""Log in, log out and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import RedirectResponse, Response

from copilot.api.deps import SESSION_USER
from copilot.db.engine import transaction
from copilot.services.audit import record_action
from copilot.services.users import authenticate, identity_of
from copilot.web.context import AnyPage, CsrfChecked
from copilot.web.i18n import SESSION_LANGUAGE, parse_language

router = APIRouter()


def _safe_next(next_url: str | None) -> str:
    """Only a path of this site, never another site (``//evil``, ``https://…``)."""
    if next_url and next_url.startswith("/") and not next_url.startswith("//"):
        return next_url
    return "/review"


@router.get("/")
def home() -> Response:
    """The review queue is the home page."""
    return RedirectResponse("/review", status_code=303)


@router.get("/login")
def login_form(page: AnyPage, next: str | None = None) -> Response:
    """The log-in form."""
    return page.render("login.html", {"next": _safe_next(next), "failed": False})


@router.post("/login", dependencies=[CsrfChecked])
def login(
    page: AnyPage,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str | None, Form()] = None,
) -> Response:
    """Check the password; on success a fresh session holds the user (and a new CSRF token)."""
    with transaction(page.engine) as session:
        user = authenticate(session, name.strip(), password)
        identity = identity_of(user) if user is not None else None
        if identity is not None:
            record_action(
                session,
                actor=identity.actor,
                action="web.login",
                entity_type="user",
                entity_id=identity.user_pk,
            )
    if identity is None:
        return page.render("login.html", {"next": _safe_next(next), "failed": True}, status_code=401)
    language = page.request.session.get(SESSION_LANGUAGE)
    page.request.session.clear()
    page.request.session[SESSION_USER] = identity.user_pk
    if language:
        page.request.session[SESSION_LANGUAGE] = language
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[CsrfChecked])
def logout(page: AnyPage) -> Response:
    """Forget the session."""
    page.request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.post("/language", dependencies=[CsrfChecked])
def switch_language(
    page: AnyPage, language: Annotated[str, Form()], back: Annotated[str | None, Form()] = None
) -> Response:
    """Keep the chosen language in the session and go back to the page it was chosen on."""
    chosen = parse_language(language)
    if chosen is not None:
        page.request.session[SESSION_LANGUAGE] = chosen
    return RedirectResponse(_safe_next(back), status_code=303)
