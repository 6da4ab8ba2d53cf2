"""The scorecard as rich tables: per case type, the targets, and the reliability of confidence."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from evals.scorecard import PRECISION_TARGET, CaseStats, Scorecard, ordered_cases, score, to_json
from evals.world import load_truth


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _mark(ok: bool) -> str:
    return "[green]✓ pass[/green]" if ok else "[red]✗ fail[/red]"


def render(card: Scorecard) -> list[Table]:
    """Rich tables: metrics per case type and overall, the targets, and the reliability bins."""
    cases = Table(title="Cash application by case type (contract errors: see --json)", show_footer=False)
    headers = (
        "case",
        "n",
        "auto",
        "precision",
        "coverage",
        "queued",
        "top-1",
        "unmatched",
        "STP inv.",
        "codes",
    )
    for header in headers:
        cases.add_column(header, justify="left" if header == "case" else "right")

    def add(name: str, stats: CaseStats, style: str | None = None) -> None:
        precision = _pct(stats.precision)
        if stats.precision is not None and stats.precision < PRECISION_TARGET:
            precision = f"[red]{precision}[/red]"
        cases.add_row(
            name,
            str(stats.payments),
            str(stats.auto_applied),
            precision,
            _pct(stats.coverage),
            str(stats.suggested),
            _pct(stats.top1),
            str(stats.unmatched),
            _pct(stats.straight_through),
            _pct(stats.deduction_code_accuracy),
            style=style,
        )

    for case in ordered_cases(card):
        add(case, card.cases[case])
    cases.add_section()
    add("overall", card.overall, style="bold")
    targets = Table(title="Targets")
    for header in ("metric", "target", "value", "result"):
        targets.add_column(header)
    for name, (target, value, ok) in card.checks().items():
        shown = _pct(value) if isinstance(value, float) or value is None else str(value)
        targets.add_row(name, target, shown, _mark(ok))
    reliability = Table(title="Reliability of confidence (auto-applied and suggested)")
    for header in ("confidence", "proposals", "correct", "accuracy", "mean confidence"):
        reliability.add_column(header, justify="left" if header == "confidence" else "right")
    for b in card.reliability:
        mean = "—" if b.mean_confidence is None else f"{b.mean_confidence:.3f}"
        reliability.add_row(b.label, str(b.count), str(b.correct), _pct(b.accuracy), mean)
    return [cases, targets, reliability]


def main(argv: Sequence[str] | None = None) -> int:
    """Score one ``match --json`` output file against one ``truth.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("truth", type=Path)
    parser.add_argument("match_output", type=Path)
    parser.add_argument("--json", action="store_true", help="print the scorecard as JSON")
    args = parser.parse_args(argv)
    card = score(load_truth(args.truth), json.loads(args.match_output.read_text(encoding="utf-8")))
    console = Console()
    if args.json:
        console.print_json(data=to_json(card))
    else:
        for table in render(card):
            console.print(table)
    return 0 if card.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
