"""The agent's model providers behind one interface: a name in the settings, a chat model out.

``rules`` is the offline default (:class:`~copilot.agent.rules_model.RulesChatModel`);
``openai`` is any OpenAI-compatible endpoint (:func:`copilot.llm.provider.chat_model`). A new
provider is one more entry in :data:`PROVIDERS`: a function of the settings and the turn's
:class:`TurnContext` that returns a LangChain chat model able to ``bind_tools``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from langchain_core.language_models import BaseChatModel

from copilot.agent.intents import IntentRouter
from copilot.agent.rules_model import RulesChatModel
from copilot.customer_names import CustomerDirectory
from copilot.embeddings import LocalEmbedder
from copilot.llm.provider import ProviderConfigError, chat_model
from copilot.locales import Language
from copilot.settings import Settings

_router: IntentRouter | None = None
_router_lock = threading.Lock()


@dataclass(frozen=True)
class TurnContext:
    """What a provider may need to know of the turn: the customers, the day, the language."""

    directory: CustomerDirectory
    as_of: date
    language: Language


def shared_router() -> IntentRouter:
    """The intent router of the process (its example questions are embedded once)."""
    global _router
    with _router_lock:
        if _router is None:
            _router = IntentRouter(LocalEmbedder())
        return _router


def _rules(_settings: Settings, turn: TurnContext) -> BaseChatModel:
    return RulesChatModel(
        router=shared_router(), directory=turn.directory, as_of=turn.as_of, default_language=turn.language
    )


def _openai(settings: Settings, _turn: TurnContext) -> BaseChatModel:
    model = chat_model(settings)
    if model is None:  # pragma: no cover - chat_model returns a model for every provider but rules
        raise ProviderConfigError("llm_provider 'openai' gave no model")
    return model


PROVIDERS: dict[str, Callable[[Settings, TurnContext], BaseChatModel]] = {"rules": _rules, "openai": _openai}


def agent_model(settings: Settings, turn: TurnContext) -> BaseChatModel:
    """The chat model of the provider the settings name (``ARCOPILOT_LLM_PROVIDER``)."""
    provider = PROVIDERS.get(settings.llm_provider)
    if provider is None:
        raise ProviderConfigError(
            f"unknown llm_provider {settings.llm_provider!r}; known: {', '.join(PROVIDERS)}"
        )
    return provider(settings, turn)
