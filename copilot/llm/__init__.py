"""Language models behind an OpenAI-compatible endpoint; ``None`` when the offline rules are used."""

from copilot.llm.provider import ProviderConfigError, chat_model

__all__ = ["ProviderConfigError", "chat_model"]
