"""Words as the copilot compares them: folded (no case, no accents) and its word lists."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import yaml

from prompts import read_prompt


@cache
def vocabulary(name: str) -> frozenset[str]:
    """A word list of ``prompts/agent/vocabulary.yml`` (french, english, trade, legal_forms)."""
    return frozenset(str(yaml.safe_load(read_prompt("agent/vocabulary.yml"))[name]).split())


def common_words() -> frozenset[str]:
    """Words that name no customer on their own, in either language or the trade's vocabulary."""
    return vocabulary("french") | vocabulary("english") | vocabulary("trade")


def fold(text: str) -> str:
    """Lower case without accents, for comparing words typed with or without them."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits; everything else separates)."""
    return re.findall(r"[a-z0-9]+", fold(text))
