"""Prompts and templates as text files (house rule: no prompt strings in Python)."""

from __future__ import annotations

from importlib.resources import files


def read_prompt(name: str) -> str:
    """The text of the prompt file ``name`` shipped in this package (UTF-8)."""
    return files(__name__).joinpath(name).read_text(encoding="utf-8")
