"""Find the ledger's invoice number for a number read from a document (exact or near match).

A near match forgives what reading gets wrong without ever confusing two documents:
case, spaces and separators (``inv 1001`` → ``INV-1001``), OCR look-alikes between digits
(``INV-1O01`` → ``INV-1001``), and a missing or misread letter prefix on the same digits
(``1001`` or ``FA-1001`` → ``FAC-1001``, by rapidfuzz similarity of the letters; a tie is no
match). Digits are never matched fuzzily (``INV-1002`` is not ``INV-1001``), nor is a
different prefix (``AV-1001``, a credit note, is not ``FAC-1001``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

MIN_DIGITS_FOR_PREFIX_MATCH = 4
MIN_PREFIX_SCORE = 75.0

_LOOKALIKES = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"})
_LETTERS_BETWEEN_DIGITS = re.compile(r"(?<=\d)[OQDILSBZ]+(?=\d)")


def invoice_key(number: str) -> str:
    """``number`` upper-cased, letters and digits only, look-alike letters between digits as digits."""
    compact = re.sub(r"[^0-9A-Z]", "", number.upper())
    return _LETTERS_BETWEEN_DIGITS.sub(lambda match: match.group().translate(_LOOKALIKES), compact)


def invoice_lookup(numbers: Iterable[str]) -> Callable[[str], str | None]:
    """A function giving the ledger's number among ``numbers`` for a number read, or ``None``."""
    exact = {number.strip(): number for number in numbers}
    by_key: dict[str, list[str]] = defaultdict(list)
    by_digits: dict[str, list[str]] = defaultdict(list)
    for number in exact.values():
        key = invoice_key(number)
        by_key[key].append(number)
        by_digits[_digits(key)].append(number)

    def known_invoice(number: str) -> str | None:
        if (found := exact.get(number.strip())) is not None:
            return found
        key = invoice_key(number)
        if len(same_key := by_key.get(key, [])) == 1:
            return same_key[0]
        digits = _digits(key)
        if len(digits) < MIN_DIGITS_FOR_PREFIX_MATCH:
            return None
        return _closest_prefix(_letters(key), by_digits.get(digits, []))

    return known_invoice


def _closest_prefix(letters: str, candidates: list[str]) -> str | None:
    """The candidate whose letters are closest to ``letters`` (any, when none were read);
    ``None`` when none is close enough or two are equally close."""
    if not letters:
        return candidates[0] if len(candidates) == 1 else None
    choices = {number: _letters(invoice_key(number)) for number in candidates}
    best = process.extract(letters, choices, scorer=fuzz.ratio, limit=2, score_cutoff=MIN_PREFIX_SCORE)
    if not best or (len(best) > 1 and best[1][1] == best[0][1]):
        return None
    return str(best[0][2])


def _digits(key: str) -> str:
    return re.sub(r"\D", "", key)


def _letters(key: str) -> str:
    return re.sub(r"\d", "", key)
