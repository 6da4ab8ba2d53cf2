"""Copilot benchmark: seconds per question with the offline rules model, and peak memory.

The ask world (the demo company with notes, promises and disputes, ``evals/ask/world.py``) is
built in a temporary SQLite file; then every question of the dev set is asked once, in a
fresh child process, so its first question carries the one-off start (importing LangChain and
torch, loading the embedding model, embedding the example questions) and the peak resident
memory (``VmHWM``) is the asking alone.

    python -m evals.bench_ask [--output evals/results/ask.json]

A table goes to the terminal; with ``--output`` the figures are stored under ``"benchmark"``
in that JSON file (beside the scorecard ``arcopilot eval --ask --output`` writes).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from copilot.agent.runner import ask
from copilot.db.engine import make_engine
from copilot.settings import Settings
from evals.ask.questions import load_questions
from evals.ask.world import build_world
from evals.bench_ingest import peak_resident_kb


def child(directory: Path, as_of: date) -> dict[str, Any]:
    """Ask every dev question in the world of ``directory``; run in a fresh process."""
    settings = Settings(database_url=f"sqlite:///{directory / 'world.db'}", data_dir=directory)
    engine = make_engine(settings.resolved_database_url())
    started = time.perf_counter()
    timings = []
    for item in load_questions().questions:
        began = time.perf_counter()
        ask(engine, settings, item.question, as_of=as_of)
        timings.append(time.perf_counter() - began)
    return {
        "questions": len(timings),
        "first_question_s": round(timings[0], 2),
        "median_s": round(statistics.median(timings[1:]), 3),
        "p95_s": round(sorted(timings[1:])[int(0.95 * (len(timings) - 2))], 3),
        "total_s": round(time.perf_counter() - started, 1),
        "peak_memory_mb": round(peak_resident_kb() / 1024),
    }


def measure() -> dict[str, Any]:
    """Build the world, then time the questions in a child process."""
    as_of = load_questions().as_of
    with tempfile.TemporaryDirectory(prefix="arcopilot-bench-ask-") as name:
        directory = Path(name)
        settings = Settings(database_url=f"sqlite:///{directory / 'world.db'}", data_dir=directory)
        build_world(settings, as_of=as_of).engine.dispose()
        run = subprocess.run(
            [sys.executable, "-m", "evals.bench_ask", "--child", str(directory), as_of.isoformat()],
            check=True,
            capture_output=True,
            text=True,
        )
        return {"provider": "rules", "database": "sqlite", **json.loads(run.stdout.strip().splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="store the figures in this JSON file under 'benchmark'")
    parser.add_argument("--child", nargs=2, metavar=("DIR", "AS_OF"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(child(Path(arguments.child[0]), date.fromisoformat(arguments.child[1]))))
        return
    figures = measure()
    table = Table(title="arcopilot ask, rules model, SQLite")
    for key in figures:
        table.add_column(key)
    table.add_row(*(str(value) for value in figures.values()))
    Console().print(table)
    if arguments.output:
        data = json.loads(arguments.output.read_text(encoding="utf-8")) if arguments.output.exists() else {}
        data["benchmark"] = figures
        arguments.output.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
