"""``arcopilot eval``: score cash application on generated worlds with ground truth."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from copilot.cli.context import app_context, console, fail, print_json
from tools.matching.confidence import PACKAGED_TABLE

DEFAULT_SEEDS = "1-5"
CALIBRATION_SEEDS = "1001-1030"


def eval_command(
    ctx: typer.Context,
    seeds: Annotated[
        str | None, typer.Option(help="Seeds, e.g. 1-5 or 2,4,8 (default 1-5; 1001-1030 to calibrate).")
    ] = None,
    customers: Annotated[int, typer.Option(help="Customers per world.")] = 150,
    payments: Annotated[int, typer.Option(help="Payments per world.")] = 600,
    as_of: Annotated[str, typer.Option("--as-of", help="The worlds' date.")] = "2026-10-31",
    workdir: Annotated[
        Path | None, typer.Option(help="Where worlds and outputs go (default: a temp dir).")
    ] = None,
    calibrate: Annotated[
        bool,
        typer.Option("--calibrate", help="Measure each evidence pattern and write the confidence table."),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            help="Where --calibrate writes the table (default: packaged) "
            "or --remittances / --ask the scorecard."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scorecard as JSON.")] = False,
    remittances: Annotated[
        bool,
        typer.Option(
            "--remittances", help="Score remittance-document extraction instead of cash application."
        ),
    ] = False,
    seed: Annotated[int, typer.Option(help="With --remittances: the seed of the generated documents.")] = 1,
    count: Annotated[int, typer.Option(help="With --remittances: how many documents to generate.")] = 60,
    ask: Annotated[
        bool,
        typer.Option("--ask", help="Score the copilot's answers (arcopilot ask) on the demo world instead."),
    ] = False,
    question_set: Annotated[
        str | None,
        typer.Option(
            "--set",
            help="With --ask: the questions, dev (the model was tuned on them), heldout (written "
            "blind), heldout2 (a second blind set) or all (every set, each scored on its own; the default).",
        ),
    ] = None,
) -> None:
    """Generate receivables worlds with ground truth, run the real CLI on them and print the scorecard.

    Exit code 0 when every target is met (auto-apply precision ≥ 99.5 %, coverage ≥ 90 %, no
    auto-apply on unidentifiable payments). `--calibrate` runs other seeds with nothing
    measured and writes how often each kind of evidence was right: the confidence table.
    `--remittances` generates remittance advices (native PDFs, scans, emails) with ground
    truth, extracts them and scores lines and header fields; exit code 0 when line F1 is
    ≥ 0.98 on native PDFs, ≥ 0.93 on scans and ≥ 0.97 on emails. `--ask` loads the demo company
    (with notes, promises and disputes) into a fresh database — a temporary SQLite file, or the
    `--db` given, which must be empty — asks the questions on their date (2026-10-31) and scores
    the tool called, its arguments and the figures of each answer against an independent
    computation. Three sets, asked in the same world and scored apart: dev (evals/ask/questions.yml,
    the ~140 questions the offline model was tuned on), heldout (evals/ask/heldout.yml, 90
    questions written blind) and heldout2 (evals/ask/heldout2.yml, 60 more written blind in other
    styles); `--set` picks one, all by default. Exit code 0 when, in every set
    asked, tool and answer accuracy are ≥ 95 % overall and ≥ 90 % in French and in English.

    Example:

        arcopilot eval
        arcopilot eval --seeds 1-20 --json > scorecard.json
        arcopilot eval --calibrate
        arcopilot eval --remittances --count 120 --output evals/results/remittances.json
        arcopilot eval --ask --output evals/results/ask.json
        arcopilot eval --ask --set heldout --json
    """
    if ask:
        _ask_eval(ctx, workdir=workdir, output=output, as_json=as_json, question_set=question_set or "all")
        return
    if question_set is not None:
        fail("--set goes with --ask", code=2)
    if remittances:
        _remittance_eval(seed=seed, count=count, workdir=workdir, output=output, as_json=as_json)
        return
    from evals.calibrate import calibration_from_rows
    from evals.run_eval import parse_seeds, run_eval
    from evals.scorecard_view import render

    try:
        day = date.fromisoformat(as_of)
        chosen = parse_seeds(seeds or (CALIBRATION_SEEDS if calibrate else DEFAULT_SEEDS))
    except ValueError as exc:
        fail(f"bad --seeds or --as-of: {exc}", code=2)
    directory = workdir or Path(tempfile.mkdtemp(prefix="arcopilot-eval-"))
    blank = None
    if calibrate:
        blank = directory / "uncalibrated.json"
        directory.mkdir(parents=True, exist_ok=True)
        blank.write_text(json.dumps({"patterns": {}}), encoding="utf-8")
    result = run_eval(
        chosen,
        as_of=day,
        workdir=directory,
        progress=not as_json,
        customers=customers,
        payments=payments,
        calibration=blank,
    )
    if calibrate:
        table = calibration_from_rows(
            result.scorecard.rows, source=f"arcopilot eval --calibrate --seeds {seeds or CALIBRATION_SEEDS}"
        )
        target = output or PACKAGED_TABLE
        target.write_text(json.dumps(table.to_json(), indent=1) + "\n", encoding="utf-8")
        console.print(f"Calibration of {len(table.patterns)} evidence patterns written to {target}")
        return
    if as_json:
        print_json(result.to_json())
    else:
        for rendered in render(result.scorecard):
            console.print(rendered)
        console.print(f"Worlds, outputs and per-payment rows in {directory}")
    if not result.scorecard.passed:
        raise typer.Exit(1)


def _remittance_eval(
    *, seed: int, count: int, workdir: Path | None, output: Path | None, as_json: bool
) -> None:
    """Generate, extract and score remittance documents; exit 1 when a target is missed."""
    from evals.remittance_docs.run import run_remittance_eval
    from evals.remittance_scorecard import render, to_json

    if count < 1:
        fail("--count must be at least 1", code=2)
    directory = workdir or Path(tempfile.mkdtemp(prefix="arcopilot-eval-remittances-"))
    card = run_remittance_eval(seed=seed, count=count, workdir=directory, progress=not as_json, output=output)
    if as_json:
        print_json({"seed": seed, "count": count, **to_json(card)})
    else:
        for rendered in render(card):
            console.print(rendered)
        console.print(f"Documents, truths and remittance-scorecard.json in {directory}")
    if not card.passed:
        raise typer.Exit(1)


def _ask_eval(
    ctx: typer.Context, *, workdir: Path | None, output: Path | None, as_json: bool, question_set: str
) -> None:
    """Build the ask world, ask the chosen sets and score each; exit 1 when a set misses a target."""
    from evals.ask.questions import load_question_sets
    from evals.ask.run import run_ask_eval
    from evals.ask.scorecard import render_report
    from evals.ask.world import WorldError

    try:
        sets = load_question_sets(question_set)
    except ValueError as exc:
        fail(f"bad --set: {exc}", code=2)
    settings = app_context(ctx).settings
    directory = workdir or Path(tempfile.mkdtemp(prefix="arcopilot-eval-ask-"))
    try:
        report = run_ask_eval(
            settings,
            workdir=directory,
            database_url=settings.database_url,
            sets=sets,
            progress=not as_json,
            output=output,
        )
    except WorldError as exc:
        fail(f"{exc}: pass an empty --db, or none for a temporary SQLite file", code=2)
    if as_json:
        print_json(report.to_json())
    else:
        for rendered in render_report(report):
            console.print(rendered)
        console.print(f"World database and ask-scorecard.json in {directory}")
    if not report.passed:
        raise typer.Exit(1)
