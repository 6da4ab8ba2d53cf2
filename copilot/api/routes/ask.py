"""The copilot: a question in French or English, answered from the deterministic tools."""

from __future__ import annotations

from fastapi import APIRouter

from copilot.api import schemas
from copilot.api.deps import Collector, EngineDep, SettingsDep
from copilot.api.routes.common import day_or_today

ask_router = APIRouter(prefix="/ask", tags=["ask"])


@ask_router.post("", summary="Ask the copilot", response_model=schemas.AskAnswer)
def ask_copilot(
    body: schemas.AskRequest, engine: EngineDep, settings: SettingsDep, identity: Collector
) -> schemas.AskAnswer:
    """The answer, its language, the tool calls that produced every figure and whether the
    model's own answer was grounded; questions in the same ``thread`` keep its context."""
    from copilot.agent.runner import ask  # langchain loads on the first question, not at start-up

    result = ask(
        engine,
        settings,
        body.question,
        as_of=day_or_today(body.as_of),
        thread=body.thread,
        channel="api",
        user=identity.actor,
    )
    return schemas.AskAnswer.model_validate(schemas.plain_json(result.to_json()))
