"""The web interface's words in French and English: one YAML catalogue per language.

``messages/en.yaml`` and ``messages/fr.yaml`` map the same keys to each language's text; a
test checks they hold the same keys. The language of a request is the one chosen with the
switch (kept in the session), else the user's, else ``settings.default_language``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, get_args

import yaml
from starlette.requests import Request

from copilot.locales import Language

LANGUAGES: tuple[Language, ...] = get_args(Language)
SESSION_LANGUAGE = "language"
_CATALOGUES = Path(__file__).parent / "messages"


@cache
def catalogue(language: Language) -> Mapping[str, str]:
    """Every message of ``language`` by key."""
    loaded: dict[str, Any] = yaml.safe_load((_CATALOGUES / f"{language}.yaml").read_text(encoding="utf-8"))
    return {key: str(text) for key, text in loaded.items()}


def translator(language: Language) -> Callable[..., str]:
    """``t(key, **values)``: the message in ``language`` with ``{values}`` filled in; an unknown
    key shows as itself so a missing word is visible, never an error page."""
    messages = catalogue(language)

    def translate(key: str, **values: object) -> str:
        text = messages.get(key, key)
        return text.format(**values) if values else text

    return translate


def parse_language(code: str | None) -> Language | None:
    """``fr``/``en`` (any case, ``fr-FR`` too) as a :data:`Language`, ``None`` for anything else."""
    prefix = (code or "").strip().lower()[:2]
    return next((language for language in LANGUAGES if language == prefix), None)


def request_language(request: Request, user_language: str | None, default: Language) -> Language:
    """The session's choice, else the user's language, else the default."""
    return parse_language(request.session.get(SESSION_LANGUAGE)) or parse_language(user_language) or default
