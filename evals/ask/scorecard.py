"""Scoring ``ask`` answers: the right tool with the right arguments, and the expected figures stated.

Per question, *tool accuracy*: one of the turn's calls is the expected tool and every argument
that matters equals the expected one (an argument left out counts as the tool's default; a
customer matches by name, accents and case aside, or when the tool resolved it to that
customer; dates compare as dates; ``null`` expected means the argument is left unset).
*Answer accuracy*: every check of :func:`evals.ask.expected.expected_checks` is stated in the
answer (:mod:`evals.ask.checking`). Both are reported per language and overall, with every
failing question, what was expected and what came back. *Language accuracy* (the answer is in
the question's language) is reported beside them, and a mismatch listed with the failures, but
it is not one of the targets.

Each question set (``dev``, ``heldout``) has its own scorecard; an :class:`AskReport` holds the
scorecards of the sets asked in one world. Targets, for each set: tool and answer accuracy ≥ 95 %
overall and ≥ 90 % in each language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic_core import PydanticUndefined
from rich.table import Table

from copilot.agent.tools import TOOLS_BY_NAME
from evals.ask.checking import is_stated, plain_text
from evals.ask.expected import Check, as_date
from evals.ask.questions import Question

OVERALL_TARGET = 0.95
LANGUAGE_TARGET = 0.90
LANGUAGES = ("fr", "en")


@dataclass
class QuestionResult:
    """One question's outcome: the calls made, the answer, and what was wrong with either."""

    question: Question
    checks: list[Check]
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    answer: str = ""
    language: str | None = None
    tool_problems: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def tool_ok(self) -> bool:
        return self.error is None and not self.tool_problems

    @property
    def answer_ok(self) -> bool:
        return self.error is None and not self.missing

    @property
    def language_ok(self) -> bool:
        return self.language == self.question.lang

    def to_json(self) -> dict[str, Any]:
        """The question, what was expected and what came back (tool results left out)."""
        item = self.question
        return {
            "id": item.id,
            "lang": item.lang,
            "question": item.question,
            "thread": item.thread,
            "tool_ok": self.tool_ok,
            "answer_ok": self.answer_ok,
            "language_ok": self.language_ok,
            "expected": {
                "tool": item.tool,
                "args": {name: _plain(value) for name, value in item.args.items()},
                "answer": [check.describe() for check in self.checks],
            },
            "got": {
                "tool_calls": [{"name": c["name"], "args": c.get("args", {})} for c in self.tool_calls],
                "answer": self.answer,
                "language": self.language,
            },
            "why": self.reasons(),
        }

    def reasons(self) -> list[str]:
        """Why the question failed (empty when it passed)."""
        if self.error is not None:
            return [f"error: {self.error}"]
        wrong_language = [] if self.language_ok else [f"language: answered in {self.language}"]
        return self.tool_problems + [f"answer lacks {missing}" for missing in self.missing] + wrong_language


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _tool_default(tool: str, name: str) -> Any:
    fields = TOOLS_BY_NAME[tool].args.model_fields if tool in TOOLS_BY_NAME else {}
    default = fields[name].default if name in fields else None
    return None if default is PydanticUndefined else default


def _resolved_customer(call: dict[str, Any]) -> str | None:
    result = call.get("result")
    customer = result.get("customer") if isinstance(result, dict) else None
    return str(customer.get("name")) if isinstance(customer, dict) else None


def argument_problem(name: str, expected: Any, call: dict[str, Any]) -> str | None:
    """Why the call's argument ``name`` is not ``expected`` (``None`` when it is)."""
    args = call.get("args") or {}
    given = args.get(name)
    if expected is None:
        return None if given is None else f"{name}: expected unset, got {given!r}"
    got = given if given is not None else _tool_default(call["name"], name)
    if name == "customer":
        same = got is not None and plain_text(str(got)) == plain_text(str(expected))
        ok = same or _resolved_customer(call) == expected
    elif isinstance(expected, date):
        ok = got is not None and as_date(got) == expected
    elif isinstance(expected, str):
        ok = got is not None and str(got).casefold() == expected.casefold()
    else:
        ok = got == expected or (isinstance(got, str) and got == str(expected))
    return None if ok else f"{name}: expected {_plain(expected)!r}, got {_plain(got)!r}"


def tool_problems(question: Question, calls: list[dict[str, Any]]) -> list[str]:
    """What is wrong with the turn's calls for ``question`` (empty: the expected call was made)."""
    candidates = [call for call in calls if call["name"] == question.tool]
    if not candidates:
        made = ", ".join(call["name"] for call in calls) or "no tool"
        return [f"routing: expected {question.tool}, called {made}"]
    best: list[str] | None = None
    for call in candidates:
        found = [
            problem
            for name, expected in question.args.items()
            if (problem := argument_problem(name, expected, call)) is not None
        ]
        if best is None or len(found) < len(best):
            best = found
    return [f"argument {problem}" for problem in best or []]


def score(
    question: Question, checks: list[Check], answer: str, language: str, calls: list[dict[str, Any]]
) -> QuestionResult:
    """Score one answered question (``language``: the answer's)."""
    return QuestionResult(
        question,
        checks,
        calls,
        answer,
        language,
        tool_problems(question, calls),
        [check.describe() for check in checks if not is_stated(check, answer)],
    )


@dataclass(frozen=True)
class Accuracy:
    """Tool, answer and language accuracy over a group of questions."""

    questions: int
    tool: float | None
    answer: float | None
    language: float | None

    @classmethod
    def of(cls, results: Iterable[QuestionResult]) -> Accuracy:
        chosen = list(results)
        if not chosen:
            return cls(0, None, None, None)
        size = len(chosen)
        return cls(
            size,
            sum(r.tool_ok for r in chosen) / size,
            sum(r.answer_ok for r in chosen) / size,
            sum(r.language_ok for r in chosen) / size,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "tool_accuracy": self.tool,
            "answer_accuracy": self.answer,
            "language_accuracy": self.language,
        }


@dataclass
class AskScorecard:
    """One question set's results, its accuracies and the targets."""

    as_of: date
    provider: str
    question_set: str = "dev"
    results: list[QuestionResult] = field(default_factory=list)

    def overall(self) -> Accuracy:
        return Accuracy.of(self.results)

    def by_language(self) -> dict[str, Accuracy]:
        return {lang: Accuracy.of(r for r in self.results if r.question.lang == lang) for lang in LANGUAGES}

    def by_tool(self) -> dict[str, Accuracy]:
        tools = sorted({r.question.tool for r in self.results})
        return {tool: Accuracy.of(r for r in self.results if r.question.tool == tool) for tool in tools}

    def checks(self) -> dict[str, tuple[float, float | None, bool]]:
        """``{name: (target, value, ok)}``."""
        groups = {"overall": (self.overall(), OVERALL_TARGET)}
        groups.update({lang: (accuracy, LANGUAGE_TARGET) for lang, accuracy in self.by_language().items()})
        found = {}
        for group, (accuracy, target) in groups.items():
            for metric, value in (("tool", accuracy.tool), ("answer", accuracy.answer)):
                found[f"{metric} accuracy {group}"] = (target, value, value is not None and value >= target)
        return found

    @property
    def passed(self) -> bool:
        return all(ok for _, _, ok in self.checks().values())

    def failures(self) -> list[QuestionResult]:
        return [r for r in self.results if not (r.tool_ok and r.answer_ok and r.language_ok)]

    def to_json(self) -> dict[str, Any]:
        """Targets, accuracies overall, per language and per tool, the failures and every result."""
        return {
            "set": self.question_set,
            "as_of": self.as_of.isoformat(),
            "provider": self.provider,
            "passed": self.passed,
            "targets": {
                name: {"target": target, "value": value, "ok": ok}
                for name, (target, value, ok) in self.checks().items()
            },
            "overall": self.overall().to_json(),
            "by_language": {lang: a.to_json() for lang, a in self.by_language().items()},
            "by_tool": {tool: a.to_json() for tool, a in self.by_tool().items()},
            "failures": [r.to_json() for r in self.failures()],
            "results": [r.to_json() for r in self.results],
        }


@dataclass(frozen=True)
class AskReport:
    """The scorecards of the question sets asked in one world, by set name; targets apply to each."""

    as_of: date
    provider: str
    cards: dict[str, AskScorecard]

    @property
    def passed(self) -> bool:
        return all(card.passed for card in self.cards.values())

    def to_json(self) -> dict[str, Any]:
        """Whether every set met its targets, and each set's scorecard."""
        return {
            "as_of": self.as_of.isoformat(),
            "provider": self.provider,
            "passed": self.passed,
            "sets": {name: card.to_json() for name, card in self.cards.items()},
        }


def _arguments(args: dict[str, Any]) -> str:
    return ", ".join(f"{name}={_plain(value)}" for name, value in args.items())


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def render(card: AskScorecard) -> list[Table]:
    """Rich tables: accuracy per language and per tool, the targets and the failing questions."""
    name = card.question_set
    summary = Table(title=f"arcopilot ask, {name} questions, as of {card.as_of} ({card.provider} model)")
    for header in ("", "questions", "tool accuracy", "answer accuracy", "language"):
        summary.add_column(header, justify="left" if not header else "right")
    rows = [*card.by_language().items(), ("overall", card.overall())]
    for name, accuracy in rows:
        summary.add_row(
            name,
            str(accuracy.questions),
            _pct(accuracy.tool),
            _pct(accuracy.answer),
            _pct(accuracy.language),
        )
    tools = Table(title=f"{name}: by expected tool")
    for header in ("tool", "questions", "tool accuracy", "answer accuracy"):
        tools.add_column(header, justify="left" if header == "tool" else "right")
    for name, accuracy in card.by_tool().items():
        tools.add_row(name, str(accuracy.questions), _pct(accuracy.tool), _pct(accuracy.answer))
    targets = Table(title=f"{name}: targets")
    for header in ("metric", "target", "value", "result"):
        targets.add_column(header)
    for name, (target, value, ok) in card.checks().items():
        verdict = "[green]✓ pass[/green]" if ok else "[red]✗ fail[/red]"
        targets.add_row(name, f"≥ {target:.0%}", _pct(value), verdict)
    tables = [summary, tools, targets]
    if card.failures():
        failures = Table(title=f"{name}: failing questions (tool, answer or language)")
        for header in ("id", "question", "expected", "got", "why"):
            failures.add_column(header, overflow="fold")
        for result in card.failures():
            made = ", ".join(f"{c['name']}({_arguments(c.get('args', {}))})" for c in result.tool_calls)
            failures.add_row(
                result.question.id,
                result.question.question,
                f"{result.question.tool}({_arguments(result.question.args)})",
                f"{made or 'no tool'}\n{result.answer[:300]}",
                "\n".join(result.reasons()),
            )
        tables.append(failures)
    return tables


def render_report(report: AskReport) -> list[Table]:
    """The tables of :func:`render` for each set of ``report``, one set after the other."""
    return [table for card in report.cards.values() for table in render(card)]
