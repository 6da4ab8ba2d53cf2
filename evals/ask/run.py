"""Build the world, ask every question through the agent and score it (``arcopilot eval --ask``).

The world is built once and every chosen question set (dev, held-out) is asked in it and scored
on its own. It goes to a fresh SQLite file in ``WORKDIR`` unless a database URL is given (it
must be empty); the report JSON (one scorecard per set) to ``WORKDIR/ask-scorecard.json`` and,
when asked, to ``output`` (e.g. ``evals/results/ask.json``). Questions of one thread are asked
in the same conversation, in file order; each set's threads are its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from copilot.agent.runner import ask
from copilot.db.engine import session_factory
from copilot.settings import Settings
from evals.ask.expected import World, expected_checks
from evals.ask.questions import QuestionSet, load_question_sets
from evals.ask.scorecard import AskReport, AskScorecard, QuestionResult, score
from evals.ask.world import AskWorld, build_world
from evals.progress import stderr_progress

THREAD_PREFIX = "ask-eval-"
CHANNEL = "eval"


def ask_questions(
    world: AskWorld, questions: QuestionSet, *, name: str = "dev", progress: bool = True
) -> AskScorecard:
    """Ask each question of the set ``name`` in ``world`` and score the answers against the truth."""
    card = AskScorecard(questions.as_of, world.settings.llm_provider, name)
    bar = stderr_progress(progress)
    with bar, session_factory(world.engine)() as session:
        rows = World(session, questions.as_of)
        task = bar.add_task(name, total=len(questions.questions))
        for item in questions.questions:
            bar.update(task, description=f"{name} {item.id}: {item.question[:30]}")
            checks = expected_checks(item, rows)
            thread = f"{THREAD_PREFIX}{name}-{item.thread}" if item.thread else None
            try:
                result = ask(
                    world.engine,
                    world.settings,
                    item.question,
                    as_of=questions.as_of,
                    thread=thread,
                    channel=CHANNEL,
                )
            except Exception as exc:  # one failing question is scored, never stops the run
                card.results.append(QuestionResult(item, checks, error=f"{type(exc).__name__}: {exc}"))
            else:
                card.results.append(score(item, checks, result.answer, result.language, result.tool_calls))
            bar.advance(task)
    return card


def run_ask_eval(
    settings: Settings,
    *,
    workdir: Path,
    database_url: str | None = None,
    sets: Mapping[str, QuestionSet] | None = None,
    progress: bool = True,
    output: Path | None = None,
) -> AskReport:
    """Build the world in ``workdir`` (or the empty ``database_url``) once; ask and score each set.

    ``sets`` maps set names to question sets (default: dev and held-out); they must share their
    ``as_of``, the world's date, or :class:`ValueError` is raised before anything is built.
    """
    chosen = dict(sets) if sets is not None else load_question_sets()
    days = {questions.as_of for questions in chosen.values()}
    if len(days) != 1:
        raise ValueError("the question sets must be asked on one same day, the world's as_of")
    as_of = days.pop()
    workdir.mkdir(parents=True, exist_ok=True)
    url = database_url or f"sqlite:///{workdir / 'ask-world.db'}"
    world_settings = settings.model_copy(update={"database_url": url, "data_dir": workdir / "data"})
    world = build_world(world_settings, as_of=as_of)
    try:
        cards = {
            name: ask_questions(world, questions, name=name, progress=progress)
            for name, questions in chosen.items()
        }
    finally:
        world.engine.dispose()
    report = AskReport(as_of, world_settings.llm_provider, cards)
    text = json.dumps(report.to_json(), indent=1, ensure_ascii=False, default=str) + "\n"
    (workdir / "ask-scorecard.json").write_text(text, encoding="utf-8")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    return report
