"""The chat model the settings ask for, shared by extraction and the agent.

``llm_provider="rules"`` (the offline default) gives no model; ``"openai"`` gives a
:class:`~langchain_openai.ChatOpenAI` on any OpenAI-compatible endpoint (OpenAI, vLLM,
llama.cpp, Ollama), deterministic (temperature 0) and with one retry.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI

from copilot.settings import Settings

REQUEST_TIMEOUT_SECONDS = 120.0
MAX_RETRIES = 1


class ProviderConfigError(ValueError):
    """The settings select a provider without what it needs; the message names the setting."""


def chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or ``None`` for the offline ``rules`` provider."""
    if settings.llm_provider == "rules":
        return None
    if not settings.llm_model:
        raise ProviderConfigError("llm_provider is 'openai' but ARCOPILOT_LLM_MODEL is not set")
    if settings.openai_api_key is None:
        raise ProviderConfigError(
            "llm_provider is 'openai' but OPENAI_API_KEY is not set (a local server accepts any value)"
        )
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key,
        temperature=0,
        timeout=REQUEST_TIMEOUT_SECONDS,
        max_retries=MAX_RETRIES,
    )
