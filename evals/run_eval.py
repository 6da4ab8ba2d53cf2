"""Run cash application on generated worlds through the real command line and score it.

For each seed a world is generated and written to ``WORKDIR/seed-N/``, then the CLI contract
runs in-process on a fresh database: ``init``, ``import customers``, ``import invoices``,
``ingest statement.csv``, ``match --json``. Each output is scored against the truth, and the
seeds are summed into one scorecard (``WORKDIR/scorecard.json``; one row per payment in
``WORKDIR/rows.jsonl`` for calibrating confidence).

    python -m evals.run_eval --seeds 1-5 [--as-of 2026-10-31] [--workdir DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.testing import CliRunner

from evals.scorecard import Scorecard, combine, score, to_json
from evals.scorecard_view import render
from evals.world import generate_world, write_world

DEFAULT_AS_OF = date(2026, 10, 31)
DEFAULT_DB_URL = "sqlite:///{dir}/ar.db"


class EvalError(RuntimeError):
    """A step of the command line failed on a generated world."""


@dataclass
class SeedResult:
    """One seed's world directory, the engine's output and its scorecard."""

    seed: int
    directory: Path
    match_output: dict[str, Any]
    scorecard: Scorecard


@dataclass
class EvalResult:
    """Every seed's result and the scorecard summing them."""

    as_of: date
    seeds: list[SeedResult] = field(default_factory=list)
    scorecard: Scorecard = field(default_factory=Scorecard)

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "seeds": [result.seed for result in self.seeds],
            "scorecard": to_json(self.scorecard),
            "per_seed": {str(result.seed): to_json(result.scorecard) for result in self.seeds},
        }


class _Cli:
    """``arcopilot --db URL --data-dir DIR ...`` in-process; raises :class:`EvalError` on failure."""

    def __init__(self, db_url: str, data_dir: Path, env: Mapping[str, str] | None = None) -> None:
        from copilot.cli.main import app  # the application, imported only when an eval runs

        self.app = app
        self.prefix = ["--db", db_url, "--data-dir", str(data_dir)]
        self.runner = CliRunner()
        self.env = dict(env or {})

    def __call__(self, *args: str) -> Any:
        result = self.runner.invoke(self.app, [*self.prefix, *args], catch_exceptions=True, env=self.env)
        if result.exit_code != 0:
            detail = (result.stderr or result.stdout or repr(result.exception)).strip().splitlines()
            raise EvalError(
                f"arcopilot {' '.join(args)} exited with {result.exit_code}: {' | '.join(detail[-5:])}"
            )
        if "--json" not in args:
            return None
        try:
            return json.loads(result.stdout)
        except json.JSONDecodeError as exc:
            raise EvalError(f"arcopilot {' '.join(args)} printed no JSON: {result.stdout[:200]!r}") from exc


def run_seed(
    seed: int,
    *,
    as_of: date,
    workdir: Path,
    db_url_template: str | None = None,
    customers: int = 150,
    payments: int = 600,
    proportions: Mapping[str, float] | None = None,
    calibration: Path | None = None,
) -> SeedResult:
    """Generate, write, load, match and score the world of one seed in ``workdir/seed-N``."""
    directory = workdir / f"seed-{seed}"
    if directory.exists():
        shutil.rmtree(directory)  # a stale SQLite database would hold already-matched payments
    world = generate_world(seed, as_of=as_of, customers=customers, payments=payments, proportions=proportions)
    files = write_world(world, directory)
    db_url = (db_url_template or DEFAULT_DB_URL).format(seed=seed, dir=directory.resolve())
    env = {"ARCOPILOT_CALIBRATION_FILE": str(calibration)} if calibration else None
    cli = _Cli(db_url, directory / "data", env)
    cli("init")
    for kind, path in (("customers", files.customers), ("invoices", files.invoices)):
        summary = cli("import", kind, str(path), "--json")
        if summary.get("errors"):
            raise EvalError(f"seed {seed}: {kind} rejected: {summary['errors'][:3]}")
    ingested = cli("ingest", str(files.statement), "--json")
    if ingested.get("payments_new") != len(world.payments):
        raise EvalError(
            f"seed {seed}: {ingested.get('payments_new')} payments ingested of {len(world.payments)}"
        )
    output = cli("match", "--json")
    if not isinstance(output, dict) or not isinstance(output.get("payments"), list):
        raise EvalError(f"seed {seed}: match --json printed no payments list")
    (directory / "match.json").write_text(json.dumps(output, ensure_ascii=False, indent=1), encoding="utf-8")
    card = score(world.truth, output)
    for row in card.rows:
        row["seed"] = seed
    return SeedResult(seed, directory, output, card)


def run_eval(
    seeds: Sequence[int],
    *,
    as_of: date,
    workdir: Path,
    db_url_template: str | None = None,
    progress: bool = True,
    customers: int = 150,
    payments: int = 600,
    proportions: Mapping[str, float] | None = None,
    calibration: Path | None = None,
) -> EvalResult:
    """Run every seed and sum the scorecards.

    ``db_url_template`` may use ``{seed}`` and ``{dir}`` (the seed's directory) and must give
    an empty database per seed (default: a SQLite file in the seed's directory).
    ``calibration`` replaces the packaged confidence table (``arcopilot eval --calibrate``).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    result = EvalResult(as_of=as_of)
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        disable=not progress,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with bar:
        task = bar.add_task("eval", total=len(seeds))
        for seed in seeds:
            bar.update(task, description=f"seed {seed}")
            result.seeds.append(
                run_seed(
                    seed,
                    as_of=as_of,
                    workdir=workdir,
                    db_url_template=db_url_template,
                    customers=customers,
                    payments=payments,
                    proportions=proportions,
                    calibration=calibration,
                )
            )
            bar.advance(task)
    result.scorecard = combine(item.scorecard for item in result.seeds)
    (workdir / "scorecard.json").write_text(json.dumps(result.to_json(), indent=1), encoding="utf-8")
    with (workdir / "rows.jsonl").open("w", encoding="utf-8") as handle:
        for row in result.scorecard.rows:
            handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    return result


def parse_seeds(text: str) -> list[int]:
    """``"1-5"``, ``"3,7,9"`` or ``"1-3,10"`` → the seeds."""
    seeds: list[int] = []
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        seeds += list(range(int(first), int(last) + 1)) if dash else [int(first)]
    return seeds


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; exit code 0 when every target is met."""
    parser = argparse.ArgumentParser(description="Score cash application on generated worlds.")
    parser.add_argument("--seeds", default="1-3", help="seeds, e.g. 1-5 or 2,4,8 (default 1-3)")
    parser.add_argument("--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF)
    parser.add_argument("--workdir", type=Path, default=None, help="default: a new temporary directory")
    parser.add_argument("--db", dest="db_url_template", default=None, help="URL template with {seed}, {dir}")
    parser.add_argument("--customers", type=int, default=150)
    parser.add_argument("--payments", type=int, default=600)
    parser.add_argument("--json", action="store_true", help="print the scorecard as JSON")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="arcopilot-eval-"))
    result = run_eval(
        parse_seeds(args.seeds),
        as_of=args.as_of,
        workdir=workdir,
        db_url_template=args.db_url_template,
        progress=not args.json,
        customers=args.customers,
        payments=args.payments,
    )
    console = Console()
    if args.json:
        console.print_json(data=result.to_json())
    else:
        for table in render(result.scorecard):
            console.print(table)
        console.print(f"Worlds, outputs and rows.jsonl in {workdir}")
    return 0 if result.scorecard.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
