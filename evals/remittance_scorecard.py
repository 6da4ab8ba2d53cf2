"""Scoring remittance extraction against generated ground truth, and its rich and JSON forms.

Lines are compared as ``(invoice number, paid amount, deduction amount or 0)``; the invoice
number upper-cased with accents, spaces and punctuation removed. Per document: true
positives are the lines found in both (as multisets), false positives the extra lines read,
false negatives the lines missed. A document whose extraction raised scores as all missed,
with its one-line reason. Header fields are compared per remittance (each truth remittance
paired with the read one sharing most lines): payer name after case, accent and punctuation
normalisation; date, amount and currency exactly; the reference (when the document has one)
ignoring case and spaces.

Targets (line F1): native PDFs ≥ 0.98, scans ≥ 0.93, emails ≥ 0.97.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rich.table import Table

from evals.remittance_docs.model import KINDS, DocumentTruth, TruthRemittance
from evals.world.names import strip_accents
from ingest.records import ExtractResult, RemittanceRecord
from tools.money import format_amount

F1_TARGETS = {"native": 0.98, "scan": 0.93, "email": 0.97}
HEADER_FIELDS = ("payer_name", "payment_date", "payment_amount", "currency", "payment_reference")
LineKey = tuple[str, Decimal, Decimal]
_LISTED = 10


def normalise_invoice(number: str) -> str:
    """``"fa-2026 / 0412"`` → ``"FA20260412"``."""
    return re.sub(r"[^0-9A-Z]", "", strip_accents(number).upper())


def normalise_name(name: str) -> str:
    """Case, accents and punctuation removed (``S.A.S.`` → ``sas``), spaces collapsed."""
    folded = re.sub(r"[.'’]", "", strip_accents(name).casefold())
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


def _reference(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def truth_keys(remittance: TruthRemittance) -> Counter[LineKey]:
    return Counter(
        (normalise_invoice(line.invoice_number), line.paid_amount, line.deduction_amount)
        for line in remittance.lines
    )


def read_keys(remittance: RemittanceRecord) -> Counter[LineKey]:
    """The lines a reader found; a line without a paid amount can match nothing."""
    return Counter(
        (normalise_invoice(line.invoice_number), line.paid_amount, line.deduction_amount or Decimal(0))
        for line in remittance.lines
        if line.paid_amount is not None
    ) + Counter({("", Decimal(-1), Decimal(-1)): sum(line.paid_amount is None for line in remittance.lines)})


def _header(truth: TruthRemittance, read: RemittanceRecord | None) -> dict[str, bool | None]:
    """Each header field right (``True``), wrong (``False``) or not scored (``None``)."""
    if read is None:
        return {
            name: (False if name != "payment_reference" or truth.payment_reference else None)
            for name in HEADER_FIELDS
        }
    reference = None
    if truth.payment_reference:
        reference = read.payment_reference is not None and _reference(read.payment_reference) == _reference(
            truth.payment_reference
        )
    return {
        "payer_name": read.payer_name is not None
        and normalise_name(read.payer_name) == normalise_name(truth.payer_name),
        "payment_date": read.payment_date == truth.payment_date,
        "payment_amount": read.currency == truth.currency and read.payment_amount == truth.payment_amount,
        "currency": read.currency == truth.currency,
        "payment_reference": reference,
    }


def _pair(
    truths: Sequence[TruthRemittance], reads: Sequence[RemittanceRecord]
) -> list[RemittanceRecord | None]:
    """For each truth remittance, the unused read one sharing most lines (then the same amount)."""
    free = list(reads)
    paired: list[RemittanceRecord | None] = []
    for truth in truths:
        wanted = truth_keys(truth)

        def closeness(
            read: RemittanceRecord, wanted: Counter[LineKey] = wanted, truth: TruthRemittance = truth
        ) -> tuple[int, bool]:
            return (sum((wanted & read_keys(read)).values()), read.payment_amount == truth.payment_amount)

        best = max(free, key=closeness, default=None)
        if best is not None:
            free.remove(best)
        paired.append(best)
    return paired


@dataclass
class DocumentScore:
    """One document's line counts, header fields and, when extraction failed, why."""

    file: str
    kind: str
    layout: str
    adversarial: bool
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    remittances_read: int = 0
    header: list[dict[str, bool | None]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    error: str | None = None


def _describe(key: LineKey, currency: str) -> str:
    number, paid, deduction = key
    if paid < 0:
        return "(a line without paid amount)"
    return f"{number} paid {format_amount(paid, currency)} deduction {format_amount(deduction, currency)}"


def score_document(
    truth: DocumentTruth, result: ExtractResult | None, error: str | None = None
) -> DocumentScore:
    """Score one extraction (``result`` ``None`` with ``error``: the reader raised)."""
    score = DocumentScore(truth.file, truth.kind, truth.layout, truth.adversarial, error=error)
    reads = list(result.remittances) if result is not None else []
    score.remittances_read = len(reads)
    wanted: Counter[LineKey] = sum((truth_keys(item) for item in truth.remittances), Counter())
    found: Counter[LineKey] = sum((read_keys(item) for item in reads), Counter())
    common = wanted & found
    score.true_positives = sum(common.values())
    score.false_negatives = sum(wanted.values()) - score.true_positives
    score.false_positives = sum(found.values()) - score.true_positives
    currency = truth.remittances[0].currency
    score.missed = [_describe(key, currency) for key in (wanted - found).elements()][:_LISTED]
    score.extra = [_describe(key, currency) for key in (found - wanted).elements()][:_LISTED]
    score.header = [
        _header(item, read)
        for item, read in zip(truth.remittances, _pair(truth.remittances, reads), strict=True)
    ]
    return score


@dataclass
class Totals:
    """Line counts and header fields summed over documents."""

    documents: int = 0
    failed: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    fields_right: Counter[str] = field(default_factory=Counter)
    fields_scored: Counter[str] = field(default_factory=Counter)

    def add(self, score: DocumentScore) -> None:
        self.documents += 1
        self.failed += score.error is not None
        self.true_positives += score.true_positives
        self.false_positives += score.false_positives
        self.false_negatives += score.false_negatives
        for header in score.header:
            for name, right in header.items():
                if right is not None:
                    self.fields_scored[name] += 1
                    self.fields_right[name] += right

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else None

    @property
    def f1(self) -> float | None:
        if self.precision is None or self.recall is None:
            return None if self.true_positives + self.false_negatives == 0 else 0.0
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def field_accuracy(self, name: str) -> float | None:
        scored = self.fields_scored[name]
        return self.fields_right[name] / scored if scored else None

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "failed": self.failed,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "header_accuracy": {name: self.field_accuracy(name) for name in HEADER_FIELDS},
        }


@dataclass
class RemittanceScorecard:
    """Every document's score, summed per kind and per layout, the corpus checks and the targets."""

    documents: list[DocumentScore] = field(default_factory=list)
    corpus: list[dict[str, Any]] = field(default_factory=list)

    def totals(self, key: str) -> dict[str, Totals]:
        """Totals grouped by ``"kind"`` or ``"layout"`` (in first-seen order; kinds in fixed order)."""
        groups: dict[str, Totals] = {kind: Totals() for kind in KINDS} if key == "kind" else {}
        for score in self.documents:
            groups.setdefault(getattr(score, key), Totals()).add(score)
        return groups

    def overall(self) -> Totals:
        total = Totals()
        for score in self.documents:
            total.add(score)
        return total

    def checks(self) -> dict[str, tuple[str, float | None, bool]]:
        """``{name: (target, value, ok)}``; a kind with no document is not judged."""
        kinds = self.totals("kind")
        return {
            f"line F1 {kind}": (
                f"≥ {target:.2f}",
                kinds[kind].f1,
                kinds[kind].documents == 0 or (kinds[kind].f1 or 0.0) >= target,
            )
            for kind, target in F1_TARGETS.items()
        }

    @property
    def passed(self) -> bool:
        return all(ok for _, _, ok in self.checks().values())

    def failures(self) -> list[tuple[str, str]]:
        return [(score.file, score.error) for score in self.documents if score.error is not None]


def to_json(card: RemittanceScorecard) -> dict[str, Any]:
    """The scorecard as JSON: targets, per kind, per layout, per document, the corpus checks."""
    return {
        "passed": card.passed,
        "targets": {
            name: {"target": target, "value": value, "ok": ok}
            for name, (target, value, ok) in card.checks().items()
        },
        "overall": card.overall().to_json(),
        "by_kind": {name: totals.to_json() for name, totals in card.totals("kind").items()},
        "by_layout": {name: totals.to_json() for name, totals in card.totals("layout").items()},
        "failures": [{"file": file, "reason": reason} for file, reason in card.failures()],
        "documents": [score.__dict__ for score in card.documents],
        "corpus": card.corpus,
    }


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _metrics_table(title: str, groups: Iterable[tuple[str, Totals]]) -> Table:
    table = Table(title=title)
    headers = (
        "",
        "docs",
        "failed",
        "precision",
        "recall",
        "F1",
        "payer",
        "date",
        "amount",
        "currency",
        "ref.",
    )
    for header in headers:
        table.add_column(header, justify="left" if not header else "right")
    for name, totals in groups:
        table.add_row(
            name,
            str(totals.documents),
            str(totals.failed),
            _pct(totals.precision),
            _pct(totals.recall),
            _pct(totals.f1),
            *(_pct(totals.field_accuracy(item)) for item in HEADER_FIELDS),
        )
    return table


def render(card: RemittanceScorecard) -> list[Table]:
    """Rich tables: per kind and overall, per layout, the targets, failures and corpus checks."""
    kinds = _metrics_table(
        "Remittance extraction by kind (lines; header-field accuracy)",
        [*card.totals("kind").items(), ("overall", card.overall())],
    )
    layouts = _metrics_table("By layout", sorted(card.totals("layout").items()))
    targets = Table(title="Targets")
    for header in ("metric", "target", "value", "result"):
        targets.add_column(header)
    for name, (target, value, ok) in card.checks().items():
        targets.add_row(name, target, _pct(value), "[green]✓ pass[/green]" if ok else "[red]✗ fail[/red]")
    tables = [kinds, layouts, targets]
    if card.failures():
        failures = Table(title="Documents the readers could not read")
        failures.add_column("file")
        failures.add_column("reason")
        for file, reason in card.failures():
            failures.add_row(file, reason)
        tables.append(failures)
    if card.corpus:
        corpus = Table(title="Corpus checks (public samples with expected outputs)")
        for header in ("file", "check", "result", "detail"):
            corpus.add_column(header)
        for entry in card.corpus:
            result = "[green]✓[/green]" if entry["ok"] else "[red]✗[/red]"
            corpus.add_row(entry["file"], entry["check"], result, entry["detail"])
        tables.append(corpus)
    return tables
