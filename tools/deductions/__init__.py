"""Deduction reasons: classify why a customer paid less than the invoice (damage, pricing, ...).

Keywords first (French and English stems, accent- and case-insensitive), then, if the caller
provides one, similarity to example phrases (``copilot.embeddings.EmbeddingReasonSimilarity``).
Codes, keywords and examples live in a YAML catalogue: the packaged ``reason_codes.yml`` or the
user's own file.
"""

from tools.deductions.catalogue import (
    ReasonCatalogue,
    ReasonCatalogueError,
    ReasonCode,
    ReasonLabel,
    load_reason_codes,
    normalise_text,
    parse_reason_codes,
)
from tools.deductions.classify import (
    ReasonGuess,
    ReasonSimilarity,
    classify_reason,
    has_reason_words,
    keyword_hits,
    reason_text,
)

__all__ = [
    "ReasonCatalogue",
    "ReasonCatalogueError",
    "ReasonCode",
    "ReasonGuess",
    "ReasonLabel",
    "ReasonSimilarity",
    "classify_reason",
    "has_reason_words",
    "keyword_hits",
    "load_reason_codes",
    "normalise_text",
    "parse_reason_codes",
    "reason_text",
]
