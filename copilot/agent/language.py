"""The language of a question: French or English."""

from __future__ import annotations

import re

from copilot.locales import Language
from copilot.words import vocabulary, words


def detect_language(text: str, default: Language = "en") -> Language:
    """``fr`` or ``en`` from common words and accents; ``default`` when nothing tells them apart."""
    tokens = words(text)
    french = sum(token in vocabulary("french") for token in tokens) + 2 * len(
        re.findall(r"[éèêàùçôîû]", text.casefold())
    )
    english = sum(token in vocabulary("english") for token in tokens)
    if re.search(r"\b(qu|l|d|j|n|s|c)'", text.casefold()):
        french += 1
    if french == english:
        return default
    return "fr" if french > english else "en"
