"""Dunning scenarios per customer segment, read from YAML, and the segment a customer falls in.

The file maps each segment to its list of stages; its format and the default stages are
documented at the top of the packaged ``tools/dunning/scenarios.yml``. Every problem is reported
as one line naming the file, the segment and the stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

import yaml

from tools.dunning.model import Channel, Scenario, Stage
from tools.kpis.ledger import CustomerFacts
from tools.risk.scores import LOW_GRADES

DEFAULT_SCENARIOS = "scenarios.yml"
STAGE_KEYS = ("preventive", "reminder_1", "reminder_2", "call", "formal_notice", "litigation")
CHANNELS: tuple[Channel, ...] = ("email", "letter", "call")
DEFAULT_SEGMENT = "default"
HIGH_RISK_SEGMENT = "high_risk"
_REQUIRED = ("key", "offset_days", "channel", "tone")
_OPTIONAL = ("min_interval_days", "legal_notice")


class ScenarioError(ValueError):
    """A scenarios file that cannot be used, with the file, segment and stage at fault."""


def load_scenarios(path: Path | None = None) -> dict[str, Scenario]:
    """The scenarios of ``path``, or the packaged default ones when ``path`` is None, by segment.

    Raises :class:`ScenarioError` with a one-line message naming the file and the stage.
    """
    if path is None:
        resource = resources.files(__package__ or "tools.dunning").joinpath(DEFAULT_SCENARIOS)
        return parse_scenarios(resource.read_text(encoding="utf-8"), source=f"<packaged {DEFAULT_SCENARIOS}>")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot read the scenarios file: {exc}") from exc
    return parse_scenarios(text, source=str(path))


def parse_scenarios(text: str, *, source: str = "<string>") -> dict[str, Scenario]:
    """Validate scenarios from YAML text; ``source`` names the text in error messages."""
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise ScenarioError(f"{source}: not valid YAML: {first_line}") from exc
    if not isinstance(raw, dict) or not raw:
        raise ScenarioError(f"{source}: expected a mapping of segment names to lists of stages")
    scenarios: dict[str, Scenario] = {}
    for segment, stages in raw.items():
        if not isinstance(segment, str) or not segment.strip():
            raise ScenarioError(f"{source}: segment names must be non-empty text, got {segment!r}")
        scenarios[segment] = _scenario(segment, stages, f"{source}: segment {segment!r}")
    if DEFAULT_SEGMENT not in scenarios:
        raise ScenarioError(f"{source}: a {DEFAULT_SEGMENT!r} segment is required")
    return scenarios


def segment_of(
    customer: CustomerFacts, grade: str | None, scenarios: Mapping[str, Scenario] | None = None
) -> str:
    """The scenario a customer goes through.

    Its own segment when a scenario exists for it; else ``high_risk`` when its risk grade is D
    or E and that scenario exists; else ``default``. ``scenarios`` defaults to the packaged ones.
    """
    known = load_scenarios() if scenarios is None else scenarios
    if customer.segment and customer.segment in known:
        return customer.segment
    if grade in LOW_GRADES and HIGH_RISK_SEGMENT in known:
        return HIGH_RISK_SEGMENT
    return DEFAULT_SEGMENT


def _scenario(segment: str, raw: Any, where: str) -> Scenario:
    if not isinstance(raw, list) or not raw:
        raise ScenarioError(f"{where}: expected a non-empty list of stages")
    stages = tuple(_stage(entry, where, index + 1) for index, entry in enumerate(raw))
    seen: set[str] = set()
    for stage in stages:
        if stage.key in seen:
            raise ScenarioError(f"{where}, stage {stage.key!r}: listed twice")
        seen.add(stage.key)
    for previous, stage in pairwise(stages):
        at = f"{where}, stage {stage.key!r}"
        if STAGE_KEYS.index(stage.key) < STAGE_KEYS.index(previous.key):
            raise ScenarioError(f"{at}: must come before {previous.key!r} (order: {', '.join(STAGE_KEYS)})")
        if stage.offset_days <= previous.offset_days:
            raise ScenarioError(
                f"{at}: offset_days {stage.offset_days} must be greater than "
                f"{previous.key!r}'s {previous.offset_days}"
            )
    return Scenario(segment=segment, stages=stages)


def _stage(raw: Any, where: str, number: int) -> Stage:
    """Stage ``number`` (from 1) of the scenario at ``where``, validated."""
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}, stage {number}: expected a mapping with {', '.join(_REQUIRED)}")
    key = raw.get("key")
    if key not in STAGE_KEYS:
        raise ScenarioError(
            f"{where}, stage {number}: unknown stage key {key!r} (expected one of {', '.join(STAGE_KEYS)})"
        )
    at = f"{where}, stage {key!r}"
    unknown = sorted(str(name) for name in raw if name not in _REQUIRED + _OPTIONAL)
    if unknown:
        raise ScenarioError(f"{at}: unknown field(s) {', '.join(unknown)}")
    missing = [name for name in _REQUIRED if name not in raw]
    if missing:
        raise ScenarioError(f"{at}: missing {', '.join(missing)}")
    offset = _integer(raw["offset_days"], at, "offset_days")
    if key == "preventive" and offset >= 0:
        raise ScenarioError(f"{at}: offset_days must be negative (days before the due date), got {offset}")
    if key != "preventive" and offset < 1:
        raise ScenarioError(f"{at}: offset_days must be 1 or more (days after the due date), got {offset}")
    channel = raw["channel"]
    if channel not in CHANNELS:
        raise ScenarioError(f"{at}: unknown channel {channel!r} (expected one of {', '.join(CHANNELS)})")
    tone = raw["tone"]
    if not isinstance(tone, str) or not tone.strip():
        raise ScenarioError(f"{at}: tone must be non-empty text, got {tone!r}")
    interval = _integer(raw.get("min_interval_days", 7), at, "min_interval_days")
    if interval < 0:
        raise ScenarioError(f"{at}: min_interval_days must be 0 or more, got {interval}")
    legal_notice = raw.get("legal_notice", key == "formal_notice")
    if not isinstance(legal_notice, bool):
        raise ScenarioError(f"{at}: legal_notice must be true or false, got {legal_notice!r}")
    return Stage(
        key=key,
        offset_days=offset,
        channel=cast(Channel, channel),
        tone=tone.strip(),
        min_interval_days=interval,
        legal_notice=legal_notice,
    )


def _integer(value: Any, at: str, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(f"{at}: {name} must be a whole number of days, got {value!r}")
    return value
