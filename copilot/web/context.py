"""What every web page depends on: the logged-in person, their language, the CSRF token.

A page needing a log-in sends the browser to ``/login`` (not a bare 401); a role too low for
an action is a 403 page. Forms that change something carry the session's CSRF token, checked
by :func:`check_csrf` before anything is done.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine
from starlette.responses import Response

from copilot.access import Permission, allows
from copilot.api.deps import EngineDep, SettingsDep, optional_identity
from copilot.clock import local_today
from copilot.db.access_models import User
from copilot.db.engine import session_factory
from copilot.locales import Language
from copilot.services.users import Identity
from copilot.settings import Settings
from copilot.web.i18n import request_language, translator
from copilot.web.rendering import templates

SESSION_CSRF = "csrf"
SESSION_AS_OF = "as_of"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class LoginRequired(Exception):
    """No one is logged in; the browser goes to the log-in page, then back to ``next_url``."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class WebForbidden(Exception):
    """The request is refused (role too low, or a form without the session's CSRF token)."""

    def __init__(self, reason_key: str) -> None:
        super().__init__(reason_key)
        self.reason_key = reason_key


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


async def check_csrf(request: Request) -> None:
    """Refuse a form whose ``csrf_token`` field (or ``X-CSRF-Token`` header) is not the session's."""
    expected = request.session.get(SESSION_CSRF)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        field = (await request.form()).get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not isinstance(expected, str) or sent is None or not hmac.compare_digest(expected, sent):
        raise WebForbidden("error.csrf")


CsrfChecked = Depends(check_csrf)
Csrf = Annotated[None, CsrfChecked]


def _user_language(engine: Engine, identity: Identity | None) -> str | None:
    if identity is None:
        return None
    with session_factory(engine)() as session:
        user = session.get(User, identity.user_pk)
        return user.language if user else None


@dataclass(frozen=True)
class WebPage:
    """One request of the web interface: who, in which language, and how to answer with a page."""

    request: Request
    identity: Identity | None
    language: Language
    settings: Settings
    engine: Engine

    def can(self, permission: Permission) -> bool:
        """Whether the person may do what ``permission`` guards."""
        return self.identity is not None and allows(self.identity.role, permission)

    @property
    def as_of(self) -> date:
        """The date the figures are for: ``?as_of=`` (remembered in the session), else today."""
        chosen = self.request.query_params.get(SESSION_AS_OF) or self.request.session.get(SESSION_AS_OF)
        try:
            day = date.fromisoformat(chosen) if isinstance(chosen, str) else None
        except ValueError:
            day = None
        if day is None:
            return local_today()
        self.request.session[SESSION_AS_OF] = day.isoformat()
        return day

    def render(
        self, template: str, context: dict[str, Any] | None = None, *, status_code: int = 200
    ) -> Response:
        """``template`` filled with ``context`` and what every page shows (menu, language, user)."""
        base = {
            "t": translator(self.language),
            "lang": self.language,
            "user": self.identity,
            "csrf": csrf_token(self.request),
            "can_collect": self.can(Permission.COLLECT),
            "can_approve": self.can(Permission.APPROVE),
            "as_of": self.as_of,
        }
        return templates.TemplateResponse(
            self.request, template, base | (context or {}), status_code=status_code
        )


def any_page(
    request: Request,
    settings: SettingsDep,
    engine: EngineDep,
    identity: Annotated[Identity | None, Depends(optional_identity)],
) -> WebPage:
    """The page of whoever is calling, logged in or not (the log-in page itself)."""
    language = request_language(request, _user_language(engine, identity), settings.default_language)
    return WebPage(request, identity, language, settings, engine)


class WebAllowed:
    """A page for people whose role allows ``permission``: log-in first, 403 page if too low."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    def __call__(self, page: Annotated[WebPage, Depends(any_page)]) -> WebPage:
        if page.identity is None:
            query = page.request.url.query
            raise LoginRequired(page.request.url.path + (f"?{query}" if query else ""))
        if not page.can(self.permission):
            raise WebForbidden("error.role")
        return page


AnyPage = Annotated[WebPage, Depends(any_page)]
ReaderPage = Annotated[WebPage, Depends(WebAllowed(Permission.READ))]
CollectorPage = Annotated[WebPage, Depends(WebAllowed(Permission.COLLECT))]
ReviewerPage = Annotated[WebPage, Depends(WebAllowed(Permission.APPROVE))]
