"""Scoring ``arcopilot match --json`` against a world's truth, per case type and overall.

A payment's proposal is *correct* when its set of allocations, each
``(invoice_number, amount, discount_amount, deduction_amount)``, equals the truth's exactly
(deduction codes are scored apart). Metrics:

- auto-apply precision: correct auto-applies / auto-applies;
- auto-apply coverage: correct auto-applies / matchable payments (the truth settles something);
- queued top-1 accuracy: suggested payments whose proposal is correct / suggested payments;
- unidentifiable payments auto-applied (must be 0) and the share of them left unmatched;
- straight-through invoices: truth invoices settled by a correct auto-apply / truth invoices;
- deduction-code accuracy, over correct proposals that take a deduction;
- reliability: per confidence bin, how many proposals and how many of them correct.

An ``auto_applied`` entry without allocations applies nothing: it counts as unmatched and as
a contract error, as does an unknown status or allocations plus ``unapplied_amount`` that do
not add up to the payment. A truth payment missing from the output counts as unmatched.

    python -m evals.scorecard_view truth.json match.json [--json]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from evals.world.model import CASE_TYPES, PaymentTruth, Truth

PRECISION_TARGET = 0.995
COVERAGE_TARGET = 0.90
CONFIDENCE_BINS: tuple[tuple[float, float, str], ...] = (
    (0.0, 0.5, "< 0.50"),
    (0.5, 0.8, "0.50–0.80"),
    (0.8, 0.9, "0.80–0.90"),
    (0.9, 0.95, "0.90–0.95"),
    (0.95, 0.99, "0.95–0.99"),
    (0.99, float("inf"), "≥ 0.99"),
)
_STATUSES = frozenset({"auto_applied", "suggested", "unmatched"})
_ROW_KEYS = frozenset({"payment_id", "status", "confidence", "allocations"})
_AllocationKey = tuple[str, Decimal, Decimal, Decimal]


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class CaseStats:
    """Counts for one case type (or all); every metric is a ratio of two of them."""

    payments: int = 0
    matchable: int = 0
    auto_applied: int = 0
    auto_correct: int = 0
    suggested: int = 0
    suggested_correct: int = 0
    unmatched: int = 0
    missing: int = 0
    contract_errors: int = 0
    truth_invoices: int = 0
    straight_through_invoices: int = 0
    deductions_scored: int = 0
    deduction_codes_correct: int = 0

    def add(self, other: CaseStats) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    @property
    def precision(self) -> float | None:
        return _ratio(self.auto_correct, self.auto_applied)

    @property
    def coverage(self) -> float | None:
        return _ratio(self.auto_correct, self.matchable)

    @property
    def top1(self) -> float | None:
        return _ratio(self.suggested_correct, self.suggested)

    @property
    def unmatched_share(self) -> float | None:
        return _ratio(self.unmatched, self.payments)

    @property
    def straight_through(self) -> float | None:
        return _ratio(self.straight_through_invoices, self.truth_invoices)

    @property
    def deduction_code_accuracy(self) -> float | None:
        return _ratio(self.deduction_codes_correct, self.deductions_scored)

    def to_json(self) -> dict[str, Any]:
        metrics = (
            "precision",
            "coverage",
            "top1",
            "unmatched_share",
            "straight_through",
            "deduction_code_accuracy",
        )
        return asdict(self) | {name: getattr(self, name) for name in metrics}


@dataclass
class ReliabilityBin:
    """Proposals whose confidence falls in ``[low, high)``."""

    label: str
    low: float
    high: float
    count: int = 0
    correct: int = 0
    confidence_sum: float = 0.0

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.count)

    @property
    def mean_confidence(self) -> float | None:
        return self.confidence_sum / self.count if self.count else None


def _bins() -> list[ReliabilityBin]:
    return [ReliabilityBin(label, low, high) for low, high, label in CONFIDENCE_BINS]


@dataclass
class Scorecard:
    """Per-case and overall counts, the reliability table and one row per payment."""

    cases: dict[str, CaseStats] = field(default_factory=dict)
    overall: CaseStats = field(default_factory=CaseStats)
    reliability: list[ReliabilityBin] = field(default_factory=_bins)
    rows: list[dict[str, Any]] = field(default_factory=list)
    extra_payments: int = 0  # in the output but not in the truth

    @property
    def unidentifiable_auto_applied(self) -> int:
        stats = self.cases.get("unidentifiable")
        return stats.auto_applied if stats else 0

    def checks(self) -> dict[str, tuple[str, float | int | None, bool]]:
        """Each target: (what it asks, the value, whether it is met)."""
        precision, coverage = self.overall.precision, self.overall.coverage
        return {
            "auto-apply precision": (
                f"≥ {PRECISION_TARGET:.1%}",
                precision,
                (precision or 0) >= PRECISION_TARGET,
            ),
            "auto-apply coverage": (f"≥ {COVERAGE_TARGET:.0%}", coverage, (coverage or 0) >= COVERAGE_TARGET),
            "unidentifiable auto-applied": (
                "= 0",
                self.unidentifiable_auto_applied,
                not self.unidentifiable_auto_applied,
            ),
        }

    @property
    def passed(self) -> bool:
        return all(ok for _, _, ok in self.checks().values())


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal("NaN")


def _output_allocations(entry: Mapping[str, Any]) -> Counter[_AllocationKey]:
    keys: Counter[_AllocationKey] = Counter()
    for item in entry.get("allocations") or []:
        key = (
            str(item.get("invoice_number")),
            _decimal(item.get("amount")),
            _decimal(item.get("discount_amount")),
            _decimal(item.get("deduction_amount")),
        )
        if any(key[1:]):
            keys[key] += 1
    return keys


def _truth_allocations(truth: PaymentTruth) -> Counter[_AllocationKey]:
    return Counter(
        (a.invoice_number, a.amount, a.discount_amount, a.deduction_amount) for a in truth.allocations
    )


def _judge(truth: PaymentTruth, entry: Mapping[str, Any] | None) -> dict[str, Any]:
    """The status as scored, whether the proposal is right, and what feeds the other metrics."""
    if entry is None:
        return {"status": "missing", "correct": False, "contract_error": False, "codes": (0, 0)}
    proposed = _output_allocations(entry)
    status = str(entry.get("status"))
    contract_error = status not in _STATUSES or (status == "auto_applied" and not proposed)
    if status != "unmatched" and "unapplied_amount" in entry:
        total = sum((key[1] * count for key, count in proposed.items()), Decimal(0))
        contract_error |= total + _decimal(entry.get("unapplied_amount")) != truth.amount
    if status not in _STATUSES or (status == "auto_applied" and not proposed):
        status = "unmatched"
    correct = proposed == _truth_allocations(truth)
    scored = right = 0
    if correct and status != "unmatched":
        codes = {
            str(item.get("invoice_number")): item.get("deduction_code")
            for item in entry.get("allocations") or []
        }
        for allocation in truth.allocations:
            if allocation.deduction_amount > 0:
                scored += 1
                given = codes.get(allocation.invoice_number)
                right += str(given or "").upper() == (allocation.deduction_code or "OTHER")
    return {"status": status, "correct": correct, "contract_error": contract_error, "codes": (scored, right)}


def _entries(match_output: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {str(entry.get("payment_id")): entry for entry in match_output.get("payments") or []}


def per_payment_rows(truth: Truth, match_output: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per truth payment: ``payment_id, case, status, confidence, correct`` (status
    ``missing`` when the output lacks it), the truth's ``detail``, and every other key of the
    output entry (``evidence``…), for calibrating confidence."""
    entries = _entries(match_output)
    rows = []
    for payment_id, payment in truth.payments.items():
        entry = entries.get(payment_id)
        judged = _judge(payment, entry)
        confidence = entry.get("confidence") if entry else None
        row: dict[str, Any] = {
            "payment_id": payment_id,
            "case": payment.case,
            "status": judged["status"],
            "confidence": float(confidence) if isinstance(confidence, int | float) else None,
            "correct": judged["correct"],
            "detail": payment.detail,
        }
        row |= {key: value for key, value in (entry or {}).items() if key not in _ROW_KEYS and key not in row}
        rows.append(row)
    return rows


def score(truth: Truth, match_output: Mapping[str, Any]) -> Scorecard:
    """The scorecard of one match run against ``truth``."""
    entries = _entries(match_output)
    card = Scorecard(rows=per_payment_rows(truth, match_output))
    card.extra_payments = len(set(entries) - set(truth.payments))
    for payment_id, payment in truth.payments.items():
        entry = entries.get(payment_id)
        judged = _judge(payment, entry)
        stats = card.cases.setdefault(payment.case, CaseStats())
        _count(stats, payment, judged)
        confidence = entry.get("confidence") if entry else None
        if (
            judged["status"] != "unmatched"
            and judged["status"] != "missing"
            and isinstance(confidence, int | float)
        ):
            for bin_ in card.reliability:
                if bin_.low <= confidence < bin_.high:
                    bin_.count += 1
                    bin_.correct += judged["correct"]
                    bin_.confidence_sum += float(confidence)
    for stats in card.cases.values():
        card.overall.add(stats)
    return card


def _count(stats: CaseStats, payment: PaymentTruth, judged: Mapping[str, Any]) -> None:
    status, correct = judged["status"], judged["correct"]
    stats.payments += 1
    stats.matchable += payment.matchable
    stats.truth_invoices += len(payment.allocations)
    stats.contract_errors += judged["contract_error"]
    if status == "auto_applied":
        stats.auto_applied += 1
        stats.auto_correct += correct
        stats.straight_through_invoices += len(payment.allocations) if correct else 0
    elif status == "suggested":
        stats.suggested += 1
        stats.suggested_correct += correct
    else:
        stats.unmatched += 1
        stats.missing += status == "missing"
    scored, right = judged["codes"]
    stats.deductions_scored += scored
    stats.deduction_codes_correct += right


def combine(cards: Iterable[Scorecard]) -> Scorecard:
    """One scorecard summing several (e.g. one per seed)."""
    total = Scorecard()
    for card in cards:
        for case, stats in card.cases.items():
            total.cases.setdefault(case, CaseStats()).add(stats)
        total.overall.add(card.overall)
        for mine, theirs in zip(total.reliability, card.reliability, strict=True):
            mine.count += theirs.count
            mine.correct += theirs.correct
            mine.confidence_sum += theirs.confidence_sum
        total.rows.extend(card.rows)
        total.extra_payments += card.extra_payments
    return total


def ordered_cases(card: Scorecard) -> list[str]:
    return [case for case in CASE_TYPES if case in card.cases] + sorted(set(card.cases) - set(CASE_TYPES))


def to_json(card: Scorecard) -> dict[str, Any]:
    """The scorecard as plain JSON data (ratios as floats or ``null``; no per-payment rows)."""
    return {
        "passed": card.passed,
        "targets": {
            name: {"target": t, "value": v, "passed": ok} for name, (t, v, ok) in card.checks().items()
        },
        "overall": card.overall.to_json(),
        "cases": {case: card.cases[case].to_json() for case in ordered_cases(card)},
        "unidentifiable_auto_applied": card.unidentifiable_auto_applied,
        "extra_payments": card.extra_payments,
        "reliability": [
            {
                "bin": b.label,
                "count": b.count,
                "correct": b.correct,
                "accuracy": b.accuracy,
                "mean_confidence": b.mean_confidence,
            }
            for b in card.reliability
        ],
    }
