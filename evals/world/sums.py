"""How many combinations of open amounts explain a payment amount (in cents)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def count_subsets(values: Sequence[int], target: int, max_size: int, *, limit: int = 2) -> int:
    """The number of sets of at most ``max_size`` of the positive ``values`` that sum to
    ``target``, counted up to ``limit`` (enough to tell none, one and several apart)."""
    ordered = sorted((value for value in values if 0 < value <= target), reverse=True)
    suffix = [0] * (len(ordered) + 1)  # sum of the largest remaining items, for pruning
    for index in range(len(ordered) - 1, -1, -1):
        suffix[index] = suffix[index + 1] + ordered[index]
    found = 0

    def walk(start: int, remaining: int, size: int) -> None:
        nonlocal found
        if found >= limit:
            return
        if remaining == 0:
            found += 1
            return
        if size == max_size:
            return
        for index in range(start, len(ordered)):
            value = ordered[index]
            if value > remaining:
                continue
            if value * (max_size - size) < remaining:  # the rest are smaller: no way to reach it
                return
            walk(index + 1, remaining - value, size + 1)
            if found >= limit:
                return

    if target > 0:
        walk(0, target, 0)
    return found


def subset_sums(values: Sequence[int], max_size: int) -> set[int]:
    """Every sum of one to ``max_size`` of ``values`` (few values only)."""
    sums: set[int] = set()
    frontier: set[tuple[int, int]] = {(0, -1)}
    for _ in range(max_size):
        grown: set[tuple[int, int]] = set()
        for total, last in frontier:
            for index in range(last + 1, len(values)):
                grown.add((total + values[index], index))
        sums.update(total for total, _ in grown)
        frontier = grown
    return sums


def cents(amount: Decimal) -> int:
    """A two-decimal amount in cents."""
    return int(amount.scaleb(2))
