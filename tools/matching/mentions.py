"""Where a free text may mention invoice numbers: the candidate strings to look up.

A text is cut into alphanumeric tokens; a *chain* is up to four consecutive tokens joined by
separators a payer may put inside a number (space, ``-``, ``/``, ``.``). Every chain with a
digit is a candidate, and so are, in lists and ranges, the numbers payers abbreviate:

- ``2026-0823, 824, 0825 et 826`` — each later item repeats only the last digits of the first;
- ``FA1001 à 1003``, ``INV 10023-10025``, ``2026-0451-2026-0456`` — every number in between.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_JOINED_TOKENS = 4
MAX_RANGE = 25
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_JOINERS = re.compile(r"^[\s\-/._#:]{1,3}$")
_RANGE_SEPARATOR = re.compile(r"^\s*(?:[-–]|à|À)\s*$")
_RANGE_WORDS = frozenset({"a", "au", "to", "till", "through", "thru"})
_LIST_SEPARATOR = re.compile(r"^\s*(?:[,;/&+]|et|and|und)?\s*$", re.IGNORECASE)
_CREDITOR_REFERENCE = re.compile(r"^RF\d\d(?=[A-Z0-9])")
_OCR_FOLD = str.maketrans({"O": "0", "Q": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"})
_CONFUSABLE = frozenset("OQILSBZ")
_GROUPS = re.compile(r"[A-Z]+|[0-9]+")
_PREFIX = re.compile(r"^[A-Z]*")
Candidate = tuple[str, list[str]]  # the words as written, and their letter/digit groups


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Chain:
    first: int
    last: int
    groups: list[str]
    raw: str


def _fold(text: str) -> str:
    return text.translate(_OCR_FOLD)


def token_groups(token: str) -> list[str]:
    """A token's letter and digit groups, OCR letters inside numbers read as digits.

    A leading run of letters is a prefix (``INV``) unless every letter in it is one OCR
    confuses with a digit (``OO123`` → ``00123``); after it, ``O I L S B Z Q`` are digits.
    """
    if token.isdigit():
        return [token]
    upper = token.upper()
    if upper.isalpha() and not set(upper) <= _CONFUSABLE:
        return [upper]
    prefix = _PREFIX.match(upper)
    head = prefix.group() if prefix else ""
    if head and not set(head) <= _CONFUSABLE:
        return [head, *_GROUPS.findall(_fold(upper[len(head) :]))]
    return _GROUPS.findall(_fold(upper))


def number_groups(number: str) -> list[str]:
    """The groups of a whole invoice number, token by token."""
    return [group for token in _TOKEN.findall(number) for group in token_groups(token)]


def candidates(text: str) -> Iterator[Candidate]:
    """Every string of ``text`` that may be an invoice number."""
    tokens = [_Token(match.group(), match.start(), match.end()) for match in _TOKEN.finditer(text)]
    chains = [_chains_from(text, tokens, start) for start in range(len(tokens))]
    ending: list[list[_Chain]] = [[] for _ in tokens]
    for chain in (chain for row in chains for chain in row):
        if len(chain.groups) > 1 and chain.groups[-1].isdigit():
            ending[chain.last].append(chain)
    anchors: list[_Chain] = []
    list_end = -1
    for start, token in enumerate(tokens):
        for chain in chains[start]:
            if any(group.isdigit() for group in chain.groups):
                yield chain.raw, chain.groups
                stripped = _CREDITOR_REFERENCE.sub("", "".join(chain.groups))
                if stripped != "".join(chain.groups):
                    yield stripped, token_groups(stripped)
        items = [item for anchor in anchors if (item := _list_item(text, tokens, start, anchor, list_end))]
        if items:
            yield from ((token.text, item) for item in items)
            list_end = start
        elif ending[start]:
            anchors, list_end = ending[start], start
        yield from _ranges(text, tokens, chains, start)


def _chains_from(text: str, tokens: list[_Token], start: int) -> list[_Chain]:
    chains: list[_Chain] = []
    groups: list[str] = []
    for end in range(start, min(start + MAX_JOINED_TOKENS, len(tokens))):
        if end > start and not _JOINERS.match(text[tokens[end - 1].end : tokens[end].start]):
            break
        groups = [*groups, *token_groups(tokens[end].text)]
        chains.append(_Chain(start, end, groups, text[tokens[start].start : tokens[end].end]))
    return chains


def _list_item(
    text: str, tokens: list[_Token], index: int, anchor: _Chain | None, list_end: int
) -> list[str] | None:
    """``824`` after ``2026-0823,`` → the groups of ``2026-0824``."""
    token = tokens[index]
    if anchor is None or not token.text.isdigit() or index <= anchor.last or list_end < 0:
        return None
    tail = anchor.groups[-1]
    gap = text[tokens[list_end].end : token.start]
    if index != list_end + 1 and not (
        index == list_end + 2 and tokens[list_end + 1].text.lower() in {"et", "and", "und"}
    ):
        return None
    if not _LIST_SEPARATOR.match(gap) or len(token.text) > len(tail):
        return None
    return [*anchor.groups[:-1], tail[: len(tail) - len(token.text)] + token.text]


def _ranges(text: str, tokens: list[_Token], chains: list[list[_Chain]], start: int) -> Iterator[Candidate]:
    """Every number of a range whose first bound is a chain starting at ``start``."""
    for head in chains[start]:
        if not head.groups[-1].isdigit():
            continue
        following = head.last + 1
        if following >= len(tokens):
            return
        gap = text[tokens[head.last].end : tokens[following].start]
        if tokens[following].text.lower() in _RANGE_WORDS and not gap.strip():
            following += 1
        elif not _RANGE_SEPARATOR.match(gap):
            continue
        if following >= len(tokens):
            return
        for tail in chains[following]:
            yield from _expand(head.groups, tail.groups)


def _expand(head: list[str], tail: list[str]) -> Iterator[Candidate]:
    if not tail[-1].isdigit() or (len(tail) > 1 and tail[:-1] != head[:-1]):
        return
    low_text, high_text = head[-1], tail[-1]
    if len(high_text) < len(low_text):  # "10023-25": the upper bound repeats only the last digits
        high_text = low_text[: len(low_text) - len(high_text)] + high_text
    low, high = int(low_text), int(high_text)
    if not 0 < high - low <= MAX_RANGE:
        return
    for number in range(low, high + 1):
        groups = [*head[:-1], f"{number:0{len(low_text)}d}"]
        yield "".join(groups), groups
