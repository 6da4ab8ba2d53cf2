"""The offline ``rules`` provider: a LangChain chat model that turns a question into tool calls and
writes the answer from templates, with no network and no generative model.

On a question it routes to a tool (:mod:`copilot.agent.intents`), reads the arguments from the
words (:mod:`copilot.agent.arguments`) and answers with tool calls; once the tools have
answered, it writes the reply from the answer templates (:mod:`copilot.agent.answers`). A
follow-up (``and for Acme?``, ``et en octobre ?``) reuses the previous turn's tool and
arguments with what the new words change. It is bound like any chat model (``bind_tools``), so
:func:`langchain.agents.create_agent` drives it exactly as it drives an LLM.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from pydantic import ConfigDict

from copilot.agent.answers import ToolOutcome, help_answer, write_answer
from copilot.agent.arguments import CUSTOMER_TOOLS, carried_arguments, extract_arguments
from copilot.agent.intents import IntentRouter, IntentScore
from copilot.agent.language import detect_language
from copilot.agent.tools import TOOLS_BY_NAME
from copilot.customer_names import CustomerDirectory
from copilot.locales import Language
from copilot.words import fold

_FOLLOW_UP = re.compile(
    r"^\s*(?:(?:ok|okay|d'accord|merci|thanks|thank you|alright|great|super|parfait)\W+)?"
    r"(?:and|et|what about|how about|same|idem|pareil|et pour|and for|et si|and if|et au|and at|also|now"
    r"|maintenant)\b",
    re.IGNORECASE,
)
_SECOND_TOOL_MARGIN = 0.15
_CUSTOMER_BONUS = 0.1


class RulesChatModel(BaseChatModel):
    """Routes questions to tools and answers from templates; deterministic and offline."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    router: IntentRouter
    directory: CustomerDirectory
    as_of: date
    default_language: Language = "en"

    @property
    def _llm_type(self) -> str:
        return "arcopilot-rules"

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Remember which tools exist; the routing only ever calls those."""
        names = [
            tool.name if isinstance(tool, BaseTool) else getattr(tool, "__name__", str(tool))
            for tool in tools
        ]
        return self.bind(tool_names=names, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        question_at = max(i for i, message in enumerate(messages) if isinstance(message, HumanMessage))
        question = str(messages[question_at].content)
        language = detect_language(question, self._thread_language(messages[:question_at]))
        turn = messages[question_at + 1 :]
        if any(isinstance(message, ToolMessage) for message in turn):
            reply = AIMessage(content=write_answer(_outcomes(turn), language))
        else:
            available = set(kwargs.get("tool_names") or ())
            calls = self._plan(question, messages[:question_at], available)
            reply = (
                AIMessage(content="", tool_calls=calls) if calls else AIMessage(content=help_answer(language))
            )
        return ChatResult(generations=[ChatGeneration(message=reply)])

    def _thread_language(self, history: list[BaseMessage]) -> Language:
        for message in reversed(history):
            if isinstance(message, HumanMessage):
                return detect_language(str(message.content), self.default_language)
        return self.default_language

    def _plan(self, question: str, history: list[BaseMessage], available: set[str]) -> list[dict[str, Any]]:
        """The tool calls that answer ``question`` (empty when it asks for nothing the tools know)."""
        mentions = self.directory.find_all(question)
        ranked = [
            IntentScore(
                s.tool,
                s.score + (_CUSTOMER_BONUS if mentions and s.tool in CUSTOMER_TOOLS else 0),
                s.keywords,
            )
            for s in self.router.scores(question, masked_words=tuple(m.words for m in mentions))
            if (not available or s.tool in available) and (not mentions or _takes_customer(s.tool))
        ]
        ranked.sort(key=lambda s: -s.score)
        previous = _previous_calls(history)
        best = next((score for score in ranked if score.confident), None)
        if previous and self._is_follow_up(question, best, bool(mentions), previous):
            named = bool(mentions)
            return [self._follow_up(call["name"], call["args"], question, named) for call in previous]
        if best is None and mentions:
            best = IntentScore("customer_open_items", 0.0, ())  # a customer named on its own: its account
        if best is None:
            return []
        tools = [best.tool]
        if re.search(r"\b(?:and|et)\b|,|&", fold(question)):
            tools += [
                s.tool
                for s in ranked[1:3]
                if s.keywords and s.confident and s.score >= best.score - _SECOND_TOOL_MARGIN
            ][:1]
        return [self._call(tool, question, context=previous) for tool in tools]

    def _is_follow_up(
        self, question: str, best: IntentScore | None, names_customer: bool, previous: list[dict[str, Any]]
    ) -> bool:
        """Whether ``question`` reworks the previous turn: it asks for no tool by its own words but
        changes something the previous call took (customer, period, threshold, grouping, currency)."""
        if best is not None and best.keywords:
            return False
        read = (
            extract_arguments(call["name"], question, as_of=self.as_of, directory=self.directory)
            for call in previous
        )
        changes = names_customer or any(set(arguments) - {"query"} for arguments in read)
        return (bool(_FOLLOW_UP.search(fold(question))) and changes) or (best is None and changes)

    def _follow_up(
        self, tool: str, inherited: dict[str, Any], question: str, names_customer: bool
    ) -> dict[str, Any]:
        """The previous call again with what the follow-up changes; a customer named after a
        portfolio question ("and for Acme?") asks for that customer's account."""
        if names_customer and tool not in CUSTOMER_TOOLS:
            return self._call("customer_open_items", question)
        return self._call(tool, question, inherited=inherited)

    def _call(
        self,
        tool: str,
        question: str,
        *,
        inherited: dict[str, Any] | None = None,
        context: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        args = dict(inherited or {})
        new = extract_arguments(tool, question, as_of=self.as_of, directory=self.directory)
        if tool == "search_notes" and inherited:
            new.pop("query", None)
        args.update(carried_arguments(tool, question, context or [], new))
        args.update(new)
        return {"name": tool, "args": args, "id": f"call_{uuid.uuid4().hex[:12]}", "type": "tool_call"}


def _takes_customer(tool: str) -> bool:
    """Whether ``tool`` can be about one customer: a question naming one goes only to such tools."""
    return "customer" in TOOLS_BY_NAME[tool].args.model_fields


def _previous_calls(history: list[BaseMessage]) -> list[dict[str, Any]]:
    """The tool calls of the last turn that made any."""
    for message in reversed(history):
        if isinstance(message, AIMessage) and message.tool_calls:
            return [{"name": call["name"], "args": call["args"]} for call in message.tool_calls]
    return []


def _outcomes(turn: list[BaseMessage]) -> list[ToolOutcome]:
    """The turn's tool calls paired with what each returned."""
    results = {message.tool_call_id: message for message in turn if isinstance(message, ToolMessage)}
    outcomes = []
    for message in turn:
        if isinstance(message, AIMessage):
            for call in message.tool_calls:
                answered = results.get(call["id"] or "")
                if answered is not None:
                    outcomes.append(ToolOutcome.from_message(call["name"], call["args"], answered))
    return outcomes
