"""Confidence that means something: measured precision of each kind of evidence.

A suggestion's evidence is summarised as a pattern — who the payer is by (IBAN, name, a
reference), how closely the reference matched, how the amount fits, whether another customer
is a credible rival — e.g. ``iban+name+ref|exact|exact|sole``. ``arcopilot eval --calibrate``
counts, over generated worlds with ground truth, how often suggestions of each pattern were
exactly right; the confidence is the lower bound of the 95 % (one-sided) Wilson interval of
that rate, so "0.95" is right at least 95 % of the time on the evaluation data. Patterns seen
fewer than :data:`MIN_OBSERVATIONS` times get a conservative prior that never reaches the
auto-apply threshold.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MIN_OBSERVATIONS = 30
PACKAGED_TABLE = Path(__file__).with_name("calibration.json")
PRIOR_CAP = 0.9
Z_ONE_SIDED_95 = 1.645
_FIT_PRIOR = {
    "remittance": 0.9,
    "remittance_short": 0.6,
    "remittance_over": 0.5,
    "exact": 0.9,
    "discount": 0.85,
    "listed_subset": 0.75,
    "listed_plus_subset": 0.6,
    "deduction_reason": 0.8,
    "deduction_stated": 0.7,
    "deduction_unexplained": 0.55,
    "partial": 0.55,
    "overpaid": 0.55,
    "subset_single": 0.7,
    "subset_multi": 0.6,
    "subset_discount": 0.6,
    "subset_ambiguous": 0.3,
    "oldest_first": 0.15,
    "amount_only": 0.2,
}
_REFERENCE_PRIOR = {"remit": 1.0, "exact": 1.0, "trimmed": 0.97, "digits": 0.9, "last": 0.75, "none": 1.0}
_WHO_PRIOR = {"iban": 0.95, "name": 0.9, "fuzzy": 0.75, "ref": 0.85}


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a suggestion rests on; :attr:`key` is its calibration pattern."""

    who: tuple[str, ...]
    reference: str
    fit: str
    rival: bool

    @property
    def key(self) -> str:
        """``"iban+ref|exact|exact|sole"``."""
        who = "+".join(self.who) or "none"
        return f"{who}|{self.reference}|{self.fit}|{'rival' if self.rival else 'sole'}"

    def prior(self) -> float:
        """A conservative hand-set score for patterns too rare to be measured."""
        who = max((_WHO_PRIOR[signal] for signal in self.who), default=0.5)
        if "ref" in self.who and len(self.who) > 1:
            who = 1.0
        score = _FIT_PRIOR.get(self.fit, 0.2) * _REFERENCE_PRIOR.get(self.reference, 0.7) * who
        return min(PRIOR_CAP, score * (0.6 if self.rival else 1.0))


def wilson_lower_bound(correct: int, total: int, z: float = Z_ONE_SIDED_95) -> float:
    """The lower bound of the Wilson score interval of a proportion."""
    if total == 0:
        return 0.0
    rate = correct / total
    denominator = 1 + z * z / total
    centre = rate + z * z / (2 * total)
    margin = z * math.sqrt(rate * (1 - rate) / total + z * z / (4 * total * total))
    return max(0.0, (centre - margin) / denominator)


@dataclass(frozen=True)
class Calibration:
    """Per evidence pattern: how many suggestions were seen and how many were right."""

    patterns: dict[str, tuple[int, int]] = field(default_factory=dict)
    source: str = "none"

    def confidence(self, evidence: Evidence) -> tuple[float, str]:
        """The calibrated confidence of a suggestion and a sentence saying where it comes from."""
        total, correct = self.patterns.get(evidence.key, (0, 0))
        if total >= MIN_OBSERVATIONS:
            value = round(wilson_lower_bound(correct, total), 4)
            share = f"{100 * correct / total:.1f}"
            return (
                value,
                f"Suggestions with this evidence were right {share}% of the time "
                f"in evaluation ({total} cases).",
            )
        value = round(evidence.prior(), 4)
        return value, "Evidence of this kind has not been measured enough to apply it without a person."

    def to_json(self) -> dict[str, Any]:
        """The table as written to ``calibration.json``."""
        return {
            "source": self.source,
            "min_observations": MIN_OBSERVATIONS,
            "patterns": {key: list(value) for key, value in sorted(self.patterns.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Calibration:
        """Read a table written by :meth:`to_json`."""
        patterns = {
            str(key): (int(value[0]), int(value[1])) for key, value in data.get("patterns", {}).items()
        }
        return cls(patterns=patterns, source=str(data.get("source", "file")))

    @classmethod
    def load(cls, path: Path | None = None) -> Calibration:
        """The packaged table (or one written by ``arcopilot eval --calibrate --output PATH``)."""
        source = path or PACKAGED_TABLE
        if path is None and not source.is_file():
            return cls()
        return cls.from_json(json.loads(source.read_text(encoding="utf-8")))
