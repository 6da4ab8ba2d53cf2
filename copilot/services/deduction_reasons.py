"""The reason reader matching uses: the deduction catalogue's keywords, then the local embedding model.

The model loads only when a text has reason-like words that no keyword explains, so a run
whose remittance texts are all keywords or references never pays its start-up time.
"""

from __future__ import annotations

from pathlib import Path

from copilot.embeddings import EmbeddingReasonSimilarity, LocalEmbedder
from tools.deductions import classify_reason, load_reason_codes
from tools.matching.amounts import ReasonFound, ReasonReader


def reason_reader(codes_file: Path | None = None, *, use_model: bool = True) -> ReasonReader:
    """A function from a remittance text to its deduction reason code (``None`` when it gives none)."""
    catalogue = load_reason_codes(codes_file)
    similarity = EmbeddingReasonSimilarity(LocalEmbedder()) if use_model else None

    def read(text: str | None) -> ReasonFound | None:
        guess = classify_reason(text, catalogue, similarity)
        if guess.method == "none" or guess.code == catalogue.fallback_code:
            return None
        return ReasonFound(guess.code, guess.matched or guess.code)

    return read
