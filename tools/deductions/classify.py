"""Classify the reason of a short payment (deduction) from its remittance text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from tools.deductions.catalogue import ReasonCatalogue, compile_keyword, normalise_text

Method = Literal["keyword", "similarity", "none"]

_MIN_WORD = 3


class ReasonGuess(BaseModel):
    """The reason code found for a text, how sure it is and what decided it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(description="a code of the catalogue; its fallback code when no reason is found")
    score: float = Field(ge=0, le=1, description="1.0 for an unambiguous keyword; the cosine for similarity")
    method: Method = Field(description="keyword, similarity, or none when nothing was recognised")
    matched: str | None = Field(
        default=None, description="the keyword or example phrase that decided, for explanations"
    )


class ReasonSimilarity(Protocol):
    """Finds the catalogue example closest in meaning to a text (e.g. by sentence embeddings)."""

    def best(self, text: str, catalogue: ReasonCatalogue) -> tuple[str, float, str] | None:
        """``(code, cosine similarity, example phrase)`` of the closest example, or None."""
        ...


@dataclass(frozen=True, slots=True)
class _Hits:
    code: str
    order: int
    keywords: tuple[str, ...]
    lengths: tuple[int, ...]  # of the text each keyword matched

    @property
    def rank(self) -> tuple[int, int, int]:
        # most distinct keywords, then longest matches, then first in the file
        return (len(self.keywords), sum(self.lengths), -self.order)

    @property
    def decisive(self) -> str:
        """The keyword with the longest match (the first listed on a tie)."""
        longest = max(self.lengths)
        return self.keywords[self.lengths.index(longest)]


def reason_text(text: str, catalogue: ReasonCatalogue) -> str:
    """The part of ``text`` that keywords are matched on.

    Tokens containing a digit (invoice numbers such as ``FA-2026-00012`` or ``INV-PORT-0042``,
    amounts, dates) are dropped, the rest is normalised (:func:`normalise_text`) and the
    catalogue's ``ignore`` phrases are removed.
    """
    words = " ".join(token for token in text.split() if not any(char.isdigit() for char in token))
    cleaned = normalise_text(words)
    for phrase in catalogue.ignore:
        cleaned = compile_keyword(phrase).sub(" ", cleaned)
    return " ".join(cleaned.split())


def keyword_hits(text: str, catalogue: ReasonCatalogue) -> dict[str, tuple[str, ...]]:
    """The keywords of each code found in ``text`` (codes with none are left out).

    Keywords are matched on :func:`reason_text`: references are dropped, case, accents and
    punctuation are normalised and ``ignore`` phrases removed, so ``"RETOUR VIREMENT"`` finds nothing.
    """
    return {hit.code: hit.keywords for hit in _find_keywords(reason_text(text, catalogue), catalogue)}


def _find_keywords(cleaned: str, catalogue: ReasonCatalogue) -> list[_Hits]:
    hits: list[_Hits] = []
    for order, reason in enumerate(catalogue.codes):
        found = [
            (keyword, match.end() - match.start())
            for keyword in reason.keywords
            if (match := compile_keyword(keyword).search(cleaned)) is not None
        ]
        if found:
            keywords, lengths = zip(*found, strict=True)
            hits.append(_Hits(reason.code, order, keywords, lengths))
    return hits


def has_reason_words(text: str, catalogue: ReasonCatalogue) -> bool:
    """Whether ``text`` has any word that could state a reason.

    False for ``"VIREMENT FA-2026-00012"`` or ``"payment inv 10023"``: only payment vocabulary,
    references containing digits and words of one or two letters.
    """
    noise = set(catalogue.noise_words)
    return any(
        len(word) >= _MIN_WORD and word not in noise and not word.isdigit()
        for word in reason_text(text, catalogue).split()
    )


def _by_keywords(text: str, catalogue: ReasonCatalogue) -> ReasonGuess | None:
    hits = _find_keywords(reason_text(text, catalogue), catalogue)
    if not hits:
        return None
    winner = max(hits, key=lambda hit: hit.rank)
    total = sum(len(hit.keywords) for hit in hits)
    return ReasonGuess(
        code=winner.code, score=len(winner.keywords) / total, method="keyword", matched=winner.decisive
    )


def classify_reason(
    text: str | None, catalogue: ReasonCatalogue, similarity: ReasonSimilarity | None = None
) -> ReasonGuess:
    """Classify a deduction's remittance text into one of the catalogue's reason codes.

    1. Empty text: the fallback code, method ``"none"``, score 0.
    2. Keywords (accent- and case-insensitive stems, never inside references with digits): the
       code with the most distinct keywords found, then the longest matches, then the first in the
       catalogue. The score is that code's share of all keywords found (1.0 if only one code matched).
    3. Text with no reason words (only payment vocabulary and references, see
       :func:`has_reason_words`): the fallback code, method ``"none"``, without asking ``similarity``.
    4. When ``similarity`` is given: the code of the closest example phrase if its cosine similarity
       reaches ``catalogue.similarity_threshold``, with method ``"similarity"`` (this may be the
       fallback code itself, when the closest example is one of its "no reason" phrases).
    5. Otherwise the fallback code, method ``"none"``.

    Example::

        classify_reason("MARCHANDISE ENDOMMAGEE", load_reason_codes())
        # ReasonGuess(code='DAMAGE', score=1.0, method='keyword', matched='endommag')
    """
    nothing = ReasonGuess(code=catalogue.fallback_code, score=0.0, method="none")
    if text is None or not text.strip():
        return nothing
    by_keyword = _by_keywords(text, catalogue)
    if by_keyword is not None:
        return by_keyword
    if similarity is None or not has_reason_words(text, catalogue):
        return nothing
    found = similarity.best(text, catalogue)
    if found is None:
        return nothing
    code, cosine, example = found
    if cosine < catalogue.similarity_threshold:
        return nothing
    if code not in catalogue.code_names:
        raise ValueError(f"similarity returned {code!r}, which is not a code of the catalogue")
    return ReasonGuess(code=code, score=min(1.0, cosine), method="similarity", matched=example)
