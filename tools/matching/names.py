"""Company names as banks show them, reduced to what identifies the company.

A bank writes ``"STE DUPONT ET FILS S.A.R.L."`` where the ERP says ``"Société Dupont & Fils"``:
:func:`normalise_name` removes accents, case, punctuation, legal forms and filler words and
expands the usual abbreviations, so both become ``"SOCIETE DUPONT FILS"``. :class:`NameIndex`
finds the customers a payer name may be: exact normalised names first (O(1)), then
rapidfuzz scores against only the customers sharing one of the name's rarer words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

LEGAL_FORMS = frozenset(
    [
        "SA",
        "SAS",
        "SASU",
        "SARL",
        "EURL",
        "SNC",
        "SCI",
        "SCA",
        "SCOP",
        "SEL",
        "SELARL",
        "GIE",
        "EI",
        "EIRL",
        "SCS",
        "GMBH",
        "AG",
        "KG",
        "OHG",
        "UG",
        "KGAA",
        "EV",
        "LTD",
        "LIMITED",
        "PLC",
        "LLP",
        "LP",
        "LLC",
        "INC",
        "INCORPORATED",
        "CORP",
        "CORPORATION",
        "CO",
        "COMPANY",
        "BV",
        "NV",
        "SPA",
        "SRL",
        "SL",
        "SLU",
        "OY",
        "AB",
        "AS",
        "APS",
        "SPZOO",
    ]
)
FILLER_WORDS = frozenset(
    ["THE", "LE", "LA", "LES", "L", "D", "DE", "DU", "DES", "ET", "AND", "OF", "AU", "AUX", "UND"]
)
ABBREVIATIONS = {
    "STE": "SOCIETE",
    "SOC": "SOCIETE",
    "CIE": "COMPAGNIE",
    "ETS": "ETABLISSEMENTS",
    "ETAB": "ETABLISSEMENTS",
    "GRP": "GROUPE",
    "GROUP": "GROUPE",
    "INTL": "INTERNATIONAL",
    "INTERNATL": "INTERNATIONAL",
    "BROS": "BROTHERS",
    "MFG": "MANUFACTURING",
    "SVCS": "SERVICES",
    "SVC": "SERVICES",
    "DISTRIB": "DISTRIBUTION",
    "ASSOC": "ASSOCIATES",
    "IND": "INDUSTRIES",
    "INDUS": "INDUSTRIES",
    "TECHNOLOGIES": "TECH",
    "TECHNOLOGY": "TECH",
    "ST": "SAINT",
}
FUZZY_CUTOFF = 80.0
OTHER_FORM_SCORE = 85.0  # same name, another legal form, while a customer with the payer's form exists
_FORM_SYNONYMS = {"LIMITED": "LTD", "INCORPORATED": "INC", "CORPORATION": "CORP", "COMPANY": "CO"}


def _ascii_upper(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).upper()


def _words(name: str) -> list[str]:
    text = _ascii_upper(name).replace("&", " ")
    text = re.sub(r"(?<=\b[A-Z])\.(?=[A-Z]\b)", "", text)  # S.A.R.L. → SARL.
    text = re.sub(r"[^A-Z0-9]+", " ", text)
    return [ABBREVIATIONS.get(word, word) for word in text.split()]


def legal_forms(name: str | None) -> frozenset[str]:
    """The legal forms a name carries (``"Dupont S.A.R.L."`` → ``{"SARL"}``)."""
    if not name:
        return frozenset()
    return frozenset(_FORM_SYNONYMS.get(word, word) for word in _words(name) if word in LEGAL_FORMS)


def normalise_name(name: str | None) -> str:
    """Accent-, case- and punctuation-free words without legal forms or fillers."""
    if not name:
        return ""
    words = _words(name)
    kept = [word for word in words if word not in LEGAL_FORMS and word not in FILLER_WORDS]
    if not kept:  # a name that is only a legal form or filler ("SA") keeps its words
        kept = words
    return " ".join(kept)


@dataclass(frozen=True, slots=True)
class NameHit:
    """A customer a payer name may be, with a 0–100 score and how it was found."""

    customer_id: str
    score: float
    how: str  # "exact", "alias" or "fuzzy"
    matched: str


class NameIndex:
    """Customer names and learned aliases, for lookups by a payer name."""

    def __init__(self) -> None:
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._alias: dict[str, set[str]] = defaultdict(set)
        self._names: dict[str, list[str]] = defaultdict(list)
        self._by_word: dict[str, set[str]] = defaultdict(set)
        self._forms: dict[tuple[str, str], frozenset[str]] = {}
        self._cache: dict[tuple[str, frozenset[str]], tuple[NameHit, ...]] = {}

    def add(self, customer_id: str, name: str, *, alias: bool = False) -> None:
        """Index one name (or a learned alias) of a customer."""
        normalised = normalise_name(name)
        if not normalised:
            return
        (self._alias if alias else self._exact)[normalised].add(customer_id)
        self._forms[(customer_id, normalised)] = legal_forms(name)
        self._names[customer_id].append(normalised)
        for word in normalised.split():
            self._by_word[word].add(customer_id)
            if len(word) > 4:
                self._by_word[word[:4]].add(customer_id)
        self._cache.clear()

    def names_of(self, customer_id: str) -> list[str]:
        """The normalised names and aliases of one customer."""
        return self._names.get(customer_id, [])

    def score(self, payer_name: str | None, customer_ids: Iterable[str]) -> float:
        """The best fuzzy score (0–100) of a payer name against some customers' names."""
        query = normalise_name(payer_name)
        if not query:
            return 0.0
        scores = [_similarity(query, name) for cid in customer_ids for name in self.names_of(cid)]
        return max(scores, default=0.0)

    def lookup(self, payer_name: str | None, limit: int = 3) -> tuple[NameHit, ...]:
        """The customers a payer name most probably is, best first."""
        query = normalise_name(payer_name)
        if not query:
            return ()
        key = (query, legal_forms(payer_name))
        cached = self._cache.get(key)
        if cached is None:
            cached = self._lookup(query, key[1], limit)
            self._cache[key] = cached
        return cached

    def _lookup(self, query: str, forms: frozenset[str], limit: int) -> tuple[NameHit, ...]:
        exact = sorted(self._exact.get(query, ()))
        aliases = sorted(self._alias.get(query, set()) - set(exact))
        hits = [NameHit(cid, 100.0, "exact", query) for cid in exact]
        hits += [NameHit(cid, 100.0, "alias", query) for cid in aliases]
        if len(hits) > 1 and forms:  # "Boyer SNC" paid: "Boyer EURL" is another company
            same = {
                hit.customer_id for hit in hits if forms & self._forms.get((hit.customer_id, query), forms)
            }
            if same:
                hits = [
                    hit
                    if hit.customer_id in same
                    else NameHit(hit.customer_id, OTHER_FORM_SCORE, "fuzzy", query)
                    for hit in hits
                ]
        if hits:
            return tuple(hits[:limit])
        scored: list[NameHit] = []
        for cid in self._blocked_candidates(query):
            best = max(self.names_of(cid), key=lambda name: _similarity(query, name))
            similarity = _similarity(query, best)
            if similarity >= FUZZY_CUTOFF:
                scored.append(NameHit(cid, similarity, "fuzzy", best))
        scored.sort(key=lambda hit: (-hit.score, hit.customer_id))
        return tuple(scored[:limit])

    def _blocked_candidates(self, query: str) -> set[str]:
        """Customers sharing one of the query's two rarest words (or a word's first four letters)."""
        keys = {word for word in query.split() if len(word) >= 3}
        keys |= {word[:4] for word in keys if len(word) > 4}
        known = sorted((len(self._by_word[key]), key) for key in keys if key in self._by_word)
        candidates: set[str] = set()
        for _, key in known[:2]:
            candidates |= self._by_word[key]
        return candidates


def _similarity(query: str, name: str) -> float:
    """Order-insensitive similarity that tolerates truncation (``"BOULANGERIES DUPO"``)."""
    scores = [fuzz.token_sort_ratio(query, name), 0.95 * fuzz.token_set_ratio(query, name)]
    if len(query) >= 12 and name.startswith(query[: len(query) - 3]):
        scores.append(95.0)  # a bank cut the name short
    return float(max(scores))
