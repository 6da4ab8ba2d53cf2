"""The chat panel: questions to the copilot (:func:`copilot.agent.runner.ask`), one thread per
web session so follow-up questions keep their context."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import Response

from copilot.agent.runner import ask
from copilot.llm.provider import ProviderConfigError
from copilot.web.context import Csrf, ReaderPage

router = APIRouter()
SESSION_THREAD = "chat_thread"


@router.get("/chat")
def chat(page: ReaderPage) -> Response:
    """The chat panel."""
    return page.render("chat.html")


@router.post("/chat")
def ask_copilot(
    page: ReaderPage, _csrf: Csrf, question: Annotated[str, Form(min_length=1, max_length=2000)]
) -> Response:
    """The copilot's answer, as a fragment appended to the conversation."""
    assert page.identity is not None
    thread = page.request.session.get(SESSION_THREAD)
    if not isinstance(thread, str):
        thread = f"web-{secrets.token_hex(8)}"
        page.request.session[SESSION_THREAD] = thread
    try:
        result = ask(
            page.engine,
            page.settings,
            question,
            as_of=page.as_of,
            thread=thread,
            channel="web",
            user=page.identity.name,
        )
        answer, grounded = result.answer, result.grounded
    except ProviderConfigError as exc:
        answer, grounded = str(exc), False
    context = {"question": question, "answer": answer, "grounded": grounded}
    return page.render(
        "chat_turn.html" if page.request.headers.get("HX-Request") else "chat.html", {"turns": [context]}
    )
