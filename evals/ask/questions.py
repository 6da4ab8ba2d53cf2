"""The question sets of the ``ask`` eval, read and checked.

Three sets, asked in the same world and scored each on its own: ``dev``
(``evals/ask/questions.yml``, the questions the offline model was tuned on), ``heldout``
(``evals/ask/heldout.yml``, written blind to the agent: what it does on phrasings it never saw)
and ``heldout2`` (``evals/ask/heldout2.yml``, a second blind set written in other styles).

Each item names the tool the agent should call and the arguments that matter (``args``; a
``null`` value means the argument must be left unset), and what the answer must hold: a
``truth`` spec computed independently from the database (a kind, e.g. ``overdue``, whose
parameters default to ``args``), ``names`` and ``contains`` (texts the answer must include,
accent- and case-insensitive). Questions of one ``thread`` are asked in the same conversation,
in file order: the first opens it, the next ones are follow-ups.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

QUESTIONS_FILE = Path(__file__).with_name("questions.yml")
HELDOUT_FILE = Path(__file__).with_name("heldout.yml")
HELDOUT2_FILE = Path(__file__).with_name("heldout2.yml")
SET_FILES = {"dev": QUESTIONS_FILE, "heldout": HELDOUT_FILE, "heldout2": HELDOUT2_FILE}
ALL_SETS = "all"
SET_CHOICES = (*SET_FILES, ALL_SETS)
TRUTH_KINDS = frozenset(
    {
        "total_open",
        "aging",
        "overdue",
        "top_debtors",
        "customer_open",
        "due_soon",
        "dso",
        "cei",
        "add",
        "unapplied",
        "automation",
        "deductions",
        "disputes",
        "credit_limit",
        "promises",
        "notes",
        "reviews",
    }
)


class Question(BaseModel):
    """One question, the call expected and what its answer must contain."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    lang: Literal["fr", "en"]
    question: str = Field(min_length=1)
    thread: str | None = None
    tool: str
    args: dict[str, Any] = Field(default_factory=dict)
    truth: dict[str, Any] | None = None
    names: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()

    @field_validator("truth", mode="before")
    @classmethod
    def _kind_alone(cls, value: Any) -> Any:
        """``truth: overdue`` is short for ``truth: {kind: overdue}``."""
        return {"kind": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _known_kind(self) -> Question:
        if self.truth is not None and self.truth.get("kind") not in TRUTH_KINDS:
            raise ValueError(f"{self.id}: unknown truth kind {self.truth.get('kind')!r}")
        if self.truth is None and not self.names and not self.contains:
            raise ValueError(f"{self.id}: nothing to check in the answer")
        return self

    def truth_params(self) -> dict[str, Any]:
        """The truth spec's parameters: the expected arguments, overridden by the spec's own."""
        params = {key: value for key, value in self.args.items() if value is not None}
        params.update({key: value for key, value in (self.truth or {}).items() if key != "kind"})
        return params


class QuestionSet(BaseModel):
    """The questions and the day they are asked on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    as_of: date
    questions: tuple[Question, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> QuestionSet:
        seen: set[str] = set()
        for item in self.questions:
            if item.id in seen:
                raise ValueError(f"question id {item.id} appears twice")
            seen.add(item.id)
        return self


def load_questions(path: Path = QUESTIONS_FILE) -> QuestionSet:
    """The question set of ``path`` (default: the dev set)."""
    return QuestionSet.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def load_question_sets(choice: str = ALL_SETS) -> dict[str, QuestionSet]:
    """The packaged sets named by ``choice``: ``dev``, ``heldout``, ``heldout2`` or ``all`` (each, in order).

    Raises :class:`ValueError` for another name.
    """
    if choice not in SET_CHOICES:
        raise ValueError(f"unknown question set {choice!r}: choose one of {', '.join(SET_CHOICES)}")
    names = list(SET_FILES) if choice == ALL_SETS else [choice]
    return {name: load_questions(SET_FILES[name]) for name in names}
