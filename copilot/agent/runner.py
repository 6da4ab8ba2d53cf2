"""``ask``: one question through the agent, its answer checked by the grounding guard, the turn stored.

The agent is LangChain's :func:`~langchain.agents.create_agent` with the tools of
:mod:`copilot.agent.tools` and the configured chat model: the offline rules model, or an
OpenAI-compatible LLM. Both take the same path. An answer carrying a figure that no tool result
of the turn holds is never shown: the LLM is asked once more with the figures named, and if it
still strays the answer is written from the tool results by the templates. Every such event is
logged (``answer_not_grounded``) and the stored turn says whether the first answer was grounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import structlog
from langchain.agents import create_agent
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from sqlalchemy import Engine

from copilot.agent.answers import ToolOutcome, render, write_answer
from copilot.agent.conversations import TurnRecord, conversation, history_messages, record_turn
from copilot.agent.grounding import AllowedFigures, unsupported_figures
from copilot.agent.intents import IntentExamples
from copilot.agent.language import detect_language
from copilot.agent.providers import TurnContext, agent_model
from copilot.agent.tools import langchain_tools
from copilot.agent.workspace import Workspace
from copilot.db.engine import session_factory
from copilot.locales import Language
from copilot.settings import Settings
from prompts import read_prompt

log = structlog.get_logger(__name__)
RECURSION_LIMIT = 16
_LANGUAGE_NAMES = {"fr": "French", "en": "English"}


@dataclass
class AskResult:
    """The ``ask --json`` contract, plus the thread and whether the model's own answer was grounded."""

    answer: str
    language: Language
    tool_calls: list[dict[str, Any]]
    grounded: bool = True
    thread: str | None = None
    unsupported: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """``{"answer", "language", "tool_calls": [{"name", "args", "result"}]}`` and the guard's verdict."""
        return {
            "answer": self.answer,
            "language": self.language,
            "tool_calls": self.tool_calls,
            "grounded": self.grounded,
            "thread": self.thread,
        }


def _system_prompt(as_of: date, language: Language) -> str:
    examples = "\n".join(f"- {q} → {tool}" for q, tool in IntentExamples.packaged().few_shot())
    return read_prompt("agent/system.md").format(
        as_of=as_of.isoformat(), language_name=_LANGUAGE_NAMES[language], examples=examples
    )


def _tool_calls(messages: list[BaseMessage]) -> list[dict[str, Any]]:
    """The calls made in ``messages`` with their results, in order."""
    results = {m.tool_call_id: m for m in messages if isinstance(m, ToolMessage)}
    calls = []
    for message in messages:
        if isinstance(message, AIMessage):
            for call in message.tool_calls:
                answered = results.get(call["id"] or "")
                if answered is not None:
                    outcome = ToolOutcome.from_message(call["name"], call["args"], answered)
                    calls.append({"name": outcome.name, "args": outcome.args, "result": outcome.result})
    return calls


def _stray_figures(
    answer: str, calls: list[dict[str, Any]], as_of: date, question: str, language: Language
) -> list[str]:
    """The figures of ``answer`` that neither the tool calls nor the question hold."""
    allowed = AllowedFigures.of(calls, as_of, question)
    return [figure.text for figure in unsupported_figures(answer, allowed, language)]


def _run(agent: Any, messages: list[BaseMessage]) -> list[BaseMessage]:
    """The messages the agent adds after ``messages`` (tool calls, results, the answer)."""
    state = agent.invoke({"messages": messages}, {"recursion_limit": RECURSION_LIMIT})
    return list(state["messages"][len(messages) :])


def _final_text(messages: list[BaseMessage]) -> str:
    for message in reversed(messages):
        if isinstance(message, AIMessage) and not message.tool_calls:
            return message.text if hasattr(message, "text") else str(message.content)
    return ""


def ask(
    engine: Engine,
    settings: Settings,
    question: str,
    *,
    as_of: date,
    thread: str | None = None,
    channel: str = "cli",
    user: str | None = None,
) -> AskResult:
    """Answer ``question`` as of ``as_of``; with ``thread``, earlier turns of the thread are context."""
    with session_factory(engine)() as session:
        ws = Workspace(session, settings, as_of)
        stored = conversation(session, channel, thread, user=user) if thread else None
        history = history_messages(session, stored) if stored else []
        previous = next((str(m.content) for m in reversed(history) if isinstance(m, HumanMessage)), None)
        default: Language = (
            detect_language(previous, settings.default_language) if previous else settings.default_language
        )
        language = detect_language(question, default)
        agent = create_agent(
            agent_model(settings, TurnContext(ws.directory, as_of, language)),
            tools=langchain_tools(ws),
            system_prompt=_system_prompt(as_of, language),
        )
        messages: list[BaseMessage] = [*history, HumanMessage(question)]
        new = _run(agent, messages)
        calls = _tool_calls(new)
        answer = _final_text(new)
        missing = _stray_figures(answer, calls, as_of, question, language)
        grounded = not missing
        if missing:
            log.warning("answer_not_grounded", question=question, figures=missing, attempt=1)
            if settings.llm_provider != "rules":
                answer, calls, missing = _retry(
                    agent, messages, new, missing, calls, as_of, language, question
                )
            else:
                answer, missing = _from_templates(calls, as_of, language, question)
        result = AskResult(answer, language, calls, grounded, thread, missing)
        if stored is not None:
            record_turn(session, stored, TurnRecord(question, answer, language, as_of, calls, grounded))
        session.commit()
        return result


def _retry(
    agent: Any,
    messages: list[BaseMessage],
    new: list[BaseMessage],
    missing: list[str],
    calls: list[dict[str, Any]],
    as_of: date,
    language: Language,
    question: str,
) -> tuple[str, list[dict[str, Any]], list[str]]:
    """Ask once more naming the unsupported figures; else write the answer from the tool results."""
    correction = HumanMessage(
        "Your answer stated figures that no tool result of this turn contains: "
        + ", ".join(missing)
        + ". Answer again using only figures from the tool results (call tools if needed)."
    )
    again = _run(agent, [*messages, *new, correction])
    all_calls = calls + _tool_calls(again)
    answer = _final_text(again)
    still = _stray_figures(answer, all_calls, as_of, question, language)
    if not still and answer:
        return answer, all_calls, []
    log.warning("answer_not_grounded", question=question, figures=still, attempt=2, fallback="templates")
    answer, still = _from_templates(all_calls, as_of, language, question)
    return answer, all_calls, still


def _from_templates(
    calls: list[dict[str, Any]], as_of: date, language: Language, question: str
) -> tuple[str, list[str]]:
    """The answer the templates write from the tool results; a figure-free notice if even that strays."""
    outcomes = [ToolOutcome(call["name"], call["args"], call["result"]) for call in calls]
    answer = write_answer(outcomes, language)
    still = _stray_figures(answer, calls, as_of, question, language)
    if still:
        log.error("template_answer_not_grounded", question=question, figures=still)
        return render("not_grounded", language), still
    return answer, []
