"""The copilot agent: tools, model providers (offline rules or an OpenAI-compatible LLM), grounding guard."""
