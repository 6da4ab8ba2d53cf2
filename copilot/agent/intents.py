"""Which tool a question asks for: nearest example questions (MiniLM embeddings) plus keywords.

Each tool has example questions in English and French and keywords in ``prompts/agent/
examples.yml``. A question's score for a tool is the cosine similarity of its two nearest
examples (averaged) plus a bonus per keyword found in the folded question: all-MiniLM-L6-v2
is English-centric, so French questions and jargon (DSO, CEI, *lettrage*) lean on the keywords.
Numbers and customer names are masked before embedding, so "over 60 days" and "over 90 days"
look alike and a name never drags a question toward an example that mentions it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import yaml

from copilot.embeddings import TextEmbedder, Vectors
from copilot.words import fold
from prompts import read_prompt

KEYWORD_BONUS = 0.12
MAX_KEYWORD_BONUS = 0.3
MIN_SCORE = 0.5
MIN_SCORE_WITH_KEYWORD = 0.32
NEIGHBOURS = 2


@dataclass(frozen=True, slots=True)
class IntentScore:
    """A tool and how strongly the question asks for it."""

    tool: str
    score: float
    keywords: tuple[str, ...]

    @property
    def confident(self) -> bool:
        """Whether the question asks for this tool clearly enough to call it (a keyword lowers the bar)."""
        return self.score >= (MIN_SCORE_WITH_KEYWORD if self.keywords else MIN_SCORE)


@dataclass(frozen=True)
class IntentExamples:
    """The example questions and keywords of every tool."""

    examples: tuple[tuple[str, str], ...]  # (tool, question)
    keywords: dict[str, tuple[str, ...]]

    @classmethod
    def packaged(cls) -> IntentExamples:
        """The examples shipped in ``prompts/agent/examples.yml`` (read once per process)."""
        return _packaged_examples()

    @classmethod
    def parse(cls, text: str) -> IntentExamples:
        """Examples from the YAML text of an examples file."""
        data = yaml.safe_load(text)
        examples = tuple(
            (tool, question)
            for tool, entry in data.items()
            for lang in ("en", "fr")
            for question in entry.get(lang, ())
        )
        keywords = {
            tool: tuple(fold(word) for word in entry.get("keywords", ())) for tool, entry in data.items()
        }
        return cls(examples, keywords)

    def few_shot(self, per_tool: int = 1) -> list[tuple[str, str]]:
        """A few ``(question, tool)`` pairs per tool, English and French, for an LLM's system prompt."""
        seen: dict[tuple[str, bool], int] = {}
        chosen = []
        for tool, question in self.examples:
            key = (tool, question.isascii())
            if seen.get(key, 0) < per_tool:
                seen[key] = seen.get(key, 0) + 1
                chosen.append((question, tool))
        return chosen


@cache
def _packaged_examples() -> IntentExamples:
    return IntentExamples.parse(read_prompt("agent/examples.yml"))


def mask(question: str) -> str:
    """The question with numbers replaced by ``N`` (their size tells nothing of the intent)."""
    return re.sub(r"\d+(?:[.,]\d+)?", "N", question)


class IntentRouter:
    """Scores every tool for a question; the examples are embedded once per router."""

    def __init__(self, embedder: TextEmbedder, examples: IntentExamples | None = None) -> None:
        self._embedder = embedder
        self._examples = examples or IntentExamples.packaged()
        self._lock = threading.Lock()

    @cached_property
    def _vectors(self) -> Vectors:
        with self._lock:
            return self._embedder.encode([mask(question) for _, question in self._examples.examples])

    @property
    def tools(self) -> list[str]:
        """Every tool the examples cover."""
        return list(self._examples.keywords)

    def scores(self, question: str, *, masked_words: tuple[str, ...] = ()) -> list[IntentScore]:
        """Every tool's score for ``question``, best first (``masked_words`` are left out first)."""
        text = question
        for word in masked_words:
            text = re.sub(re.escape(word), " ", text, flags=re.IGNORECASE)
        query = self._embedder.encode([mask(text)])[0]
        cosines = self._vectors @ query
        folded = f" {' '.join(re.findall(r'[a-z0-9]+', fold(text)))} "
        results = []
        for tool in self.tools:
            indices = [i for i, (name, _) in enumerate(self._examples.examples) if name == tool]
            nearest = np.sort(cosines[indices])[-NEIGHBOURS:]
            found = tuple(word for word in self._examples.keywords[tool] if _has_keyword(folded, word))
            bonus = min(MAX_KEYWORD_BONUS, KEYWORD_BONUS * len(found))
            results.append(IntentScore(tool, float(nearest.mean()) + bonus, found))
        return sorted(results, key=lambda s: -s.score)

    def best(self, question: str, *, masked_words: tuple[str, ...] = ()) -> IntentScore | None:
        """The tool the question asks for, or ``None`` when no tool scores high enough."""
        return next(
            (score for score in self.scores(question, masked_words=masked_words) if score.confident), None
        )


def _has_keyword(folded: str, keyword: str) -> bool:
    """Whether the folded question holds the keyword as whole words (a prefix of the last word)."""
    words = re.findall(r"[a-z0-9]+", keyword)
    return bool(words) and re.search(r"\b" + r"\W+".join(map(re.escape, words)), folded) is not None
