"""Keyword matching of a question against notes, in French and English, accents and typos forgiven.

The local MiniLM model is English-centric, so French notes and questions are also matched by
words: the question's words that carry meaning (no stop words) are looked up in each note, as
whole words or word prefixes, through a small bilingual table of the trade's concepts (``promis``
finds ``Promise to pay``, ``litige`` finds ``dispute``) and, for longer words, by rapidfuzz
partial similarity (``Dupond`` finds ``Dupont``, at half credit).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from rapidfuzz import fuzz

from copilot.words import words

MIN_PREFIX = 4  # a query word this long also matches the words it begins (``paie`` → ``paiement``)
MIN_FUZZY = 5  # words at least this long may match with a typo
FUZZY_SCORE = 80.0  # rapidfuzz partial_ratio needed for a typo match (one letter in 6 wrong: 83)
FUZZY_CREDIT = 0.5  # what a typo match is worth against an exact one

_ENGLISH_STOP_WORDS = """
    a about all also an and any anything are as at be been being but by can could customer customers
    did do does done for from get give had has have he her him his how i if in into is it its just
    last latest me my no not note notes of on or our please recent said say says she show so some
    tell than that the their them then there these they this those to up us was we were what when
    where which who whom whose why will with would you your
"""
_FRENCH_STOP_WORDS = """
    a ai aie au aux avec avait avez avons c ca ce ceci cela ces cet cette client clients comment d dans
    de des dit dire donne du elle elles en est et etait ete etre fait faite il ils j je l la le les
    leur leurs m ma me mes moi mon n ne nos notre nous on ont ou par pas plus pour pourquoi qu quand
    que quel quelle quelles quels qui quoi s sa sans se ses son sont sur t te tous tout toute toutes
    un une vos votre vous y
"""
STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS.split()) | frozenset(_FRENCH_STOP_WORDS.split())

# Concepts of the trade, each a set of folded word prefixes in French and English.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "promise": ("promis", "promet", "promes", "engag", "commit"),
    "payment": ("pay", "paid", "paie", "regl", "virem", "transfer", "wire", "settl"),
    "cheque": ("cheque", "check", "chq"),
    "call": ("call", "phone", "appel", "telephon"),
    "email": ("email", "mail", "courriel", "wrote", "ecrit"),
    "dispute": ("disput", "litig", "contest", "claim", "reclam", "complain", "plaint"),
    "damage": ("damag", "broken", "abim", "endommag", "cass", "defect", "defectu"),
    "invoice": ("invoice", "factur"),
    "late": ("late", "retard", "overdue", "echu"),
    "due": ("due", "echeanc"),
    "reminder": ("remind", "relanc", "dunning"),
    "delivery": ("deliver", "livr", "ship", "expedi"),
    "cash": ("tresor", "cash", "liquidit"),
    "instalment": ("instal", "partial", "partiel", "acompte", "echelonn"),
    "credit_note": ("credit",),
}


def query_terms(query: str) -> list[str]:
    """The words of ``query`` that carry meaning (stop words left out), each once, in order."""
    return list(dict.fromkeys(word for word in words(query) if word not in STOP_WORDS))


@cache
def concepts_of(word: str) -> frozenset[str]:
    """The concepts a folded word belongs to (it starts with one of their prefixes)."""
    return frozenset(name for name, prefixes in CONCEPTS.items() if word.startswith(prefixes))


def keyword_score(terms: Sequence[str], text: str) -> float:
    """The share of ``terms`` found in ``text``, between 0 and 1.

    A term counts 1 when it is one of the text's words, begins one of them (terms of at least
    :data:`MIN_PREFIX` letters) or shares a concept with one; :data:`FUZZY_CREDIT` when, at
    least :data:`MIN_FUZZY` letters long, its rapidfuzz ``partial_ratio`` against the text
    reaches :data:`FUZZY_SCORE`; 0 otherwise.
    """
    if not terms:
        return 0.0
    text_words = set(words(text))
    text_concepts = frozenset().union(*(concepts_of(word) for word in text_words))
    folded = " ".join(sorted(text_words))
    total = 0.0
    for term in terms:
        if (
            term in text_words
            or (len(term) >= MIN_PREFIX and any(word.startswith(term) for word in text_words))
            or concepts_of(term) & text_concepts
        ):
            total += 1.0
        elif len(term) >= MIN_FUZZY and fuzz.partial_ratio(term, folded) >= FUZZY_SCORE:
            total += FUZZY_CREDIT
    return total / len(terms)
