"""Confidence calibration from scored evaluation rows: per evidence pattern, seen and right."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from tools.matching import Calibration


def calibration_from_rows(rows: Iterable[Mapping[str, Any]], *, source: str) -> Calibration:
    """Count, for each evidence pattern of a top suggestion, how often its allocations were right."""
    seen: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for row in rows:
        evidence = row.get("evidence")
        if not evidence or row.get("status") not in {"auto_applied", "suggested"}:
            continue
        seen[evidence] += 1
        right[evidence] += int(bool(row.get("correct")))
    return Calibration({key: (seen[key], right[key]) for key in seen}, source=source)
