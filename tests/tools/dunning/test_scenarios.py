"""Scenarios from YAML: the packaged default, one-line errors naming the file and stage, segments."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.dunning.ledger import SCENARIOS, customer
from tools.dunning import ScenarioError, Stage, load_scenarios, parse_scenarios, segment_of


def test_the_packaged_default_scenarios() -> None:
    assert sorted(SCENARIOS) == ["default", "high_risk", "key_account", "public_sector"]
    assert SCENARIOS["default"].stages == (
        Stage("preventive", -5, "email", "courteous", 7),
        Stage("reminder_1", 7, "email", "courteous", 7),
        Stage("reminder_2", 21, "email", "firm", 10),
        Stage("call", 30, "call", "firm", 7),
        Stage("formal_notice", 45, "letter", "formal", 14, legal_notice=True),
        Stage("litigation", 75, "letter", "formal", 30),
    )
    default, key, public, risky = (
        {s.key: s for s in SCENARIOS[name].stages}
        for name in ("default", "key_account", "public_sector", "high_risk")
    )
    # key accounts later, public sector later and by letter, high risk earlier
    for stage in ("reminder_1", "reminder_2", "formal_notice", "litigation"):
        assert key[stage].offset_days > default[stage].offset_days
        assert public[stage].offset_days > default[stage].offset_days
        assert risky[stage].offset_days < default[stage].offset_days
    assert {public[k].channel for k in ("reminder_1", "reminder_2", "formal_notice")} == {"letter"}
    assert {s.tone for s in risky.values()} == {"firm", "formal"}


def test_a_file_of_ones_own(tmp_path: Path) -> None:
    path = tmp_path / "mine.yml"
    path.write_text(
        "default:\n"
        "  - {key: reminder_1, offset_days: 10, channel: email, tone: courteous}\n"
        "  - {key: formal_notice, offset_days: 40, channel: letter, tone: formal}\n",
        encoding="utf-8",
    )
    [(segment, scenario)] = load_scenarios(path).items()
    assert segment == scenario.segment == "default"
    # min_interval_days defaults to 7; legal_notice to true for the formal notice only
    assert scenario.stages == (
        Stage("reminder_1", 10, "email", "courteous", 7, False),
        Stage("formal_notice", 40, "letter", "formal", 7, True),
    )


R1 = "{key: reminder_1, offset_days: 7, channel: email, tone: courteous}"
R2 = "{key: reminder_2, offset_days: 21, channel: email, tone: firm}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"default:\n  - {R1}\n  - {R1}\n", "mine.yml: segment 'default', stage 'reminder_1': listed twice"),
        (
            f"default:\n  - {R2}\n  - {R1}\n",
            "mine.yml: segment 'default', stage 'reminder_1': must come before 'reminder_2'",
        ),
        (
            "default:\n  - {key: reminder_1, offset_days: 30, channel: email, tone: firm}\n  - " + R2 + "\n",
            "mine.yml: segment 'default', stage 'reminder_2': offset_days 21 must be greater than"
            " 'reminder_1''s 30",
        ),
        (
            "default:\n  - {key: call, offset_days: 30, channel: sms, tone: firm}\n",
            "mine.yml: segment 'default', stage 'call': unknown channel 'sms'"
            " (expected one of email, letter, call)",
        ),
        (
            "default:\n  - {key: reminder_3, offset_days: 30, channel: email, tone: firm}\n",
            "mine.yml: segment 'default', stage 1: unknown stage key 'reminder_3'",
        ),
        (
            "default:\n  - {key: preventive, offset_days: 5, channel: email, tone: firm}\n",
            "mine.yml: segment 'default', stage 'preventive': offset_days must be negative",
        ),
        (
            "default:\n  - {key: reminder_1, offset_days: 0, channel: email, tone: firm}\n",
            "mine.yml: segment 'default', stage 'reminder_1': offset_days must be 1 or more",
        ),
        (
            "default:\n  - {key: reminder_1, offset_days: 7.5, channel: email, tone: firm}\n",
            "mine.yml: segment 'default', stage 'reminder_1': offset_days must be a whole number of days",
        ),
        (
            "default:\n  - {key: reminder_1, offset_days: 7, channel: email}\n",
            "mine.yml: segment 'default', stage 'reminder_1': missing tone",
        ),
        (
            "default:\n  - {key: reminder_1, offset_days: 7, channel: email, tone: firm, delay: 3}\n",
            "mine.yml: segment 'default', stage 'reminder_1': unknown field(s) delay",
        ),
        (
            "default:\n  - {key: reminder_1, offset_days: 7, channel: email, tone: firm, legal_notice: 1}\n",
            "mine.yml: segment 'default', stage 'reminder_1': legal_notice must be true or false",
        ),
        (f"key_account:\n  - {R1}\n", "mine.yml: a 'default' segment is required"),
        ("default: []\n", "mine.yml: segment 'default': expected a non-empty list of stages"),
        ("- just a list\n", "mine.yml: expected a mapping of segment names to lists of stages"),
        ("default: [unclosed\n", "mine.yml: not valid YAML:"),
    ],
)
def test_malformed_scenarios_are_refused_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mine.yml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ScenarioError) as caught:
        load_scenarios(path)

    error = str(caught.value)
    assert error.startswith(f"{tmp_path}/{message}")
    assert "\n" not in error


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"missing\.yml: cannot read the scenarios file"):
        load_scenarios(tmp_path / "missing.yml")


def test_segment_of() -> None:
    scenarios = parse_scenarios(f"default:\n  - {R1}\nkey_account:\n  - {R1}\nhigh_risk:\n  - {R1}\n")
    assert segment_of(customer("A", segment="key_account"), "E", scenarios) == "key_account"
    assert segment_of(customer("B", segment="retail"), "D", scenarios) == "high_risk"
    assert segment_of(customer("C"), "E", scenarios) == "high_risk"
    assert segment_of(customer("D"), "C", scenarios) == "default"
    assert segment_of(customer("E"), None, scenarios) == "default"
    # without a high_risk scenario, a low grade stays in default
    assert segment_of(customer("F"), "E", parse_scenarios(f"default:\n  - {R1}\n")) == "default"
    # scenarios default to the packaged ones
    assert segment_of(customer("G", segment="public_sector"), None) == "public_sector"
