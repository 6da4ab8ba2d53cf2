"""The reason reader matching uses: the deduction catalogue's keywords, then the local embedding model.

The model loads only when a text has reason-like words that no keyword explains, so a run
whose remittance texts are all keywords or references never pays its start-up time. Texts
are classified by their words without numbers ("FA-2026-00123 moins avoir litige" and
"FA-2026-00456 moins avoir litige" are one question), and each distinct question is asked once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from copilot.embeddings import EmbeddingReasonSimilarity, LocalEmbedder
from tools.deductions import classify_reason, load_reason_codes, reason_text
from tools.matching.amounts import ReasonFound, ReasonReader


def reason_reader(codes_file: Path | None = None, *, use_model: bool = True) -> ReasonReader:
    """A function from a remittance text to its deduction reason code (``None`` when it gives none)."""
    catalogue = load_reason_codes(codes_file)
    similarity = EmbeddingReasonSimilarity(LocalEmbedder()) if use_model else None

    @lru_cache(maxsize=65_536)
    def classify(words: str) -> ReasonFound | None:
        guess = classify_reason(words, catalogue, similarity)
        if guess.method == "none" or guess.code == catalogue.fallback_code:
            return None
        return ReasonFound(guess.code, guess.matched or guess.code)

    def read(text: str | None) -> ReasonFound | None:
        words = reason_text(text, catalogue) if text else ""
        return classify(words) if words else None

    return read
