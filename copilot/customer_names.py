"""Customers named loosely — no legal form, no accents, a typo or two — in a question, a tool
argument or a command-line option. The one place customer names are matched, for the agent, the
``kpi`` command, notes and promises."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Customer
from copilot.words import common_words, fold, vocabulary, words

_MIN_SCORE = 86.0
_PARTIAL_PENALTY = 8.0
_TIE = 2.0
_SHOWN = 3


@dataclass(frozen=True, slots=True)
class CustomerName:
    """A customer as questions may name it."""

    customer_id: str
    name: str


@dataclass(frozen=True, slots=True)
class CustomerMention:
    """A customer named in a question, the words that named it and how closely they matched."""

    customer_id: str
    name: str
    words: str
    score: float


def core_name(name: str) -> str:
    """The name without legal forms or punctuation: ``Dupont & Fils SAS`` → ``dupont fils``."""
    kept = [word for word in words(name) if word not in vocabulary("legal_forms")]
    return " ".join(kept) or fold(name).strip()


class UnknownCustomer(LookupError):
    """No customer, or several alike, answer to a name; the message lists the closest ones."""

    def __init__(self, message: str, candidates: list[CustomerMention]) -> None:
        super().__init__(message)
        self.candidates = candidates


class CustomerDirectory:
    """Finds which customers a question names among the ledger's customers."""

    def __init__(self, customers: Iterable[CustomerName]) -> None:
        self._customers = list(customers)
        self._cores = [core_name(customer.name) for customer in self._customers]
        self._ids = {fold(customer.customer_id): customer for customer in self._customers}

    def find_all(self, question: str) -> list[CustomerMention]:
        """The customers ``question`` may name, best first: several when a shared word names them.

        A whole name matches by similarity (typos allowed); one distinctive word of a name
        (``Dupont``) matches every customer with that word, slightly below a whole name.
        """
        tokens = words(question)
        for token in tokens:
            if token in self._ids and any(char.isdigit() for char in token):
                customer = self._ids[token]
                return [CustomerMention(customer.customer_id, customer.name, token, 100.0)]
        mentions = []
        for customer, core in zip(self._customers, self._cores, strict=True):
            best = _best_phrase(tokens, core)
            if best is not None:
                mentions.append(CustomerMention(customer.customer_id, customer.name, best[0], best[1]))
        if not mentions:
            return []
        top = max(mention.score for mention in mentions)
        return sorted((m for m in mentions if m.score >= top - _TIE), key=lambda m: (-m.score, m.name))

    def find(self, question: str) -> CustomerMention | None:
        """The one customer ``question`` names, or ``None`` (none named, or several alike)."""
        mentions = self.find_all(question)
        return mentions[0] if len(mentions) == 1 else None

    def one(self, text: str) -> CustomerMention:
        """The customer ``text`` designates — its id, its exact name, else the one name close to it.

        :class:`UnknownCustomer` when none comes close, or several do (``Dupont`` for
        ``Boulangerie Dupont`` and ``Dupont Frères``); its message names the closest customers.
        """
        wanted = text.strip()
        if not wanted:
            raise UnknownCustomer("no customer given", [])
        if not self._customers:
            raise UnknownCustomer("no customers yet: import them first (arcopilot import customers FILE)", [])
        for customer in self._customers:
            if wanted == customer.customer_id or fold(wanted) == fold(customer.name):
                return CustomerMention(customer.customer_id, customer.name, wanted, 100.0)
        mentions = self.resolve(wanted)
        if len(mentions) == 1:
            return mentions[0]
        if mentions:
            raise UnknownCustomer(
                f"{wanted!r} could be several customers: {_listed(mentions)}; give the customer id", mentions
            )
        closest = self._ranked(wanted)[:_SHOWN]
        raise UnknownCustomer(f"unknown customer {wanted!r}; closest: {_listed(closest)}", [])

    def resolve(self, text: str) -> list[CustomerMention]:
        """Candidates for a name or id given on its own (a tool argument), best first."""
        mentions = self.find_all(text)
        if mentions:
            return mentions
        ranked = self._ranked(text)
        close = [mention for mention in ranked if mention.score >= _MIN_SCORE]
        if not close:
            return []
        return [mention for mention in close if mention.score >= close[0].score - _TIE][:_SHOWN]

    def _ranked(self, text: str) -> list[CustomerMention]:
        """Every customer by similarity of its name to ``text`` (rapidfuzz WRatio), best first."""
        target = core_name(text)
        scored = [
            CustomerMention(customer.customer_id, customer.name, text, fuzz.WRatio(target, core))
            for customer, core in zip(self._customers, self._cores, strict=True)
        ]
        return sorted(scored, key=lambda mention: (-mention.score, mention.name))


def _best_phrase(tokens: list[str], core: str) -> tuple[str, float] | None:
    """The words of the question that best name ``core``, with their score, if close enough."""
    core_words = core.split()
    size = len(core_words)
    best: tuple[str, float] | None = None
    for width in sorted({size, size + 1, max(1, size - 1)}):
        for start in range(len(tokens) - width + 1):
            phrase = " ".join(tokens[start : start + width])
            score = fuzz.ratio(phrase, core)
            if score >= _MIN_SCORE and (best is None or score > best[1]):
                best = (phrase, score)
    for token in tokens:
        if len(token) < 4 or token in common_words():
            continue
        for word in core_words:
            if len(word) >= 4 and word not in common_words():
                score = fuzz.ratio(token, word) - _PARTIAL_PENALTY
                if score >= _MIN_SCORE - _PARTIAL_PENALTY and (best is None or score > best[1]):
                    best = (token, score)
    return best


def _listed(mentions: list[CustomerMention]) -> str:
    return ", ".join(f"{mention.name} ({mention.customer_id})" for mention in mentions)


def directory_of(session: Session) -> CustomerDirectory:
    """The directory of every customer in the database."""
    rows = session.execute(select(Customer.customer_id, Customer.name).order_by(Customer.customer_id))
    return CustomerDirectory(CustomerName(customer_id, name) for customer_id, name in rows)
