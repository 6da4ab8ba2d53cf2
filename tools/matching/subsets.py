"""Which open invoices add up to a payment: bounded subset-sum over integer minor units.

Payers who give no reference usually pay one invoice, a few, or everything due up to a date.
:func:`find_subsets` tries, in that order of plausibility, the oldest-first runs (``1..n``
oldest invoices) and every combination of up to four invoices (meet in the middle over pair
sums, O(n²)), and reports up to ``limit`` distinct solutions so callers know when an amount
is ambiguous.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

MAX_POOL_FOR_PAIRS = 250
MAX_POOL_FOR_QUADS = 60


def find_subsets(
    values: Sequence[int], target: int, *, max_size: int = 4, limit: int = 3
) -> list[tuple[int, ...]]:
    """Index tuples of ``values`` (minor units, oldest first) that sum exactly to ``target``."""
    found: list[tuple[int, ...]] = []
    seen: set[tuple[int, ...]] = set()

    def keep(indexes: Sequence[int]) -> bool:
        key = tuple(sorted(indexes))
        if key not in seen:
            seen.add(key)
            found.append(key)
        return len(found) >= limit

    running = 0
    for end, value in enumerate(values):
        running += value
        if running == target and keep(range(end + 1)):
            return found
        if running > target:
            break
    pool = [index for index, value in enumerate(values) if 0 < value <= target]
    for size in range(1, max_size + 1):
        for indexes in _combinations_of_size(values, pool, target, size):
            if keep(indexes):
                return found
    return found


def _combinations_of_size(
    values: Sequence[int], pool: list[int], target: int, size: int
) -> list[tuple[int, ...]]:
    if size == 1:
        return [(index,) for index in pool if values[index] == target]
    if size == 2 and len(pool) <= MAX_POOL_FOR_PAIRS:
        return _pairs(values, pool, target)
    if size == 3 and len(pool) <= MAX_POOL_FOR_QUADS:
        by_value = _positions(values, pool)
        return [
            (first, second, third)
            for first, second in combinations(pool, 2)
            for third in by_value.get(target - values[first] - values[second], ())
            if third > second
        ]
    if size == 4 and len(pool) <= MAX_POOL_FOR_QUADS:
        return _quads(values, pool, target)
    return []


def _positions(values: Sequence[int], pool: list[int]) -> dict[int, list[int]]:
    positions: dict[int, list[int]] = defaultdict(list)
    for index in pool:
        positions[values[index]].append(index)
    return positions


def _pairs(values: Sequence[int], pool: list[int], target: int) -> list[tuple[int, ...]]:
    by_value = _positions(values, pool)
    return [
        (first, second)
        for first in pool
        for second in by_value.get(target - values[first], ())
        if second > first
    ]


def _quads(values: Sequence[int], pool: list[int], target: int) -> list[tuple[int, ...]]:
    pair_sums: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for first, second in combinations(pool, 2):
        pair_sums[values[first] + values[second]].append((first, second))
    results: list[tuple[int, ...]] = []
    for total, pairs in pair_sums.items():
        for low in pairs:
            for high in pair_sums.get(target - total, ()):
                if low[1] < high[0]:
                    results.append((*low, *high))
    return results
