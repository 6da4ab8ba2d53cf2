"""Invoice numbers in the words payers type, and an index to look them up in O(1).

Payers copy invoice numbers badly: ``FA-2026-00123`` arrives as ``FA 2026 00123``,
``fa2026123`` (leading zeros dropped), ``2026-00123`` (prefix lost), ``FA-2O26-OO123`` (OCR
reading 0 as O) or just ``123``. Every invoice number is indexed under several keys, from
strongest to weakest (:class:`Strength`), and every candidate string of a text is reduced the
same way, so a lookup is a few dictionary probes whatever the ledger's size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum

from tools.matching.mentions import candidates, number_groups


class Strength(IntEnum):
    """How closely a text reproduces an invoice number, strongest last."""

    LAST_GROUP = 1  # only its final digits ("00123" of FA-2026-00123)
    DIGITS = 2  # its digits without the letters ("202600123")
    TRIMMED = 3  # letters and digits, leading zeros dropped ("FA2026123")
    EXACT = 4  # every letter and digit, separators aside ("FA202600123")


def _trim_group(group: str) -> str:
    return (group.lstrip("0") or "0") if group.isdigit() else group


def reference_keys(groups: list[str]) -> dict[Strength, str]:
    """The lookup keys of an invoice number or candidate string, from its groups."""
    keys = {Strength.EXACT: "".join(groups), Strength.TRIMMED: "".join(map(_trim_group, groups))}
    numeric = [part for part in groups if part.isdigit()]
    if numeric:
        digits = "".join(numeric).lstrip("0")
        if len(digits) >= 3:
            keys[Strength.DIGITS] = digits
        last = numeric[-1].lstrip("0")
        if groups[-1].isdigit() and len(last) >= 3:
            keys[Strength.LAST_GROUP] = last
    return keys


@dataclass(frozen=True, slots=True)
class ReferenceHit:
    """An invoice a text refers to, how strongly, and the words that did."""

    invoice: int
    strength: Strength
    text: str


class ReferenceIndex:
    """Invoice numbers under every key of :func:`reference_keys`; values are caller row indexes."""

    def __init__(self) -> None:
        self._keys: dict[Strength, dict[str, list[int]]] = {
            strength: defaultdict(list) for strength in Strength
        }

    def add(self, number: str, row: int) -> None:
        """Index one invoice number."""
        keys = self._keys
        for strength, key in reference_keys(number_groups(number)).items():
            keys[strength][key].append(row)

    def lookup(self, candidate: str, groups: list[str]) -> Iterator[ReferenceHit]:
        """Invoices a candidate string may denote, each with the strongest key that matched."""
        seen: set[int] = set()
        for strength, key in sorted(reference_keys(groups).items(), reverse=True):
            for row in self._keys[strength].get(key, ()):
                if row not in seen:
                    seen.add(row)
                    yield ReferenceHit(row, strength, candidate)

    def find(self, text: str | None) -> list[ReferenceHit]:
        """Every invoice a free text mentions (joined groups, several numbers, ranges)."""
        if not text:
            return []
        best: dict[int, ReferenceHit] = {}
        for candidate, groups in candidates(text):
            for hit in self.lookup(candidate, groups):
                known = best.get(hit.invoice)
                if known is None or (hit.strength, -len(hit.text)) > (known.strength, -len(known.text)):
                    best[hit.invoice] = hit
        return sorted(best.values(), key=lambda hit: (-hit.strength, hit.invoice))
