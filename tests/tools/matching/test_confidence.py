import json
from pathlib import Path

import pytest

from evals.calibrate import calibration_from_rows
from tools.matching import Calibration, Evidence
from tools.matching.confidence import MIN_OBSERVATIONS, PRIOR_CAP, wilson_lower_bound

SURE = Evidence(("iban", "name", "ref"), "exact", "exact", rival=False)


def test_wilson_lower_bound_is_below_the_observed_rate_and_tightens_with_data() -> None:
    assert wilson_lower_bound(0, 0) == 0.0
    assert wilson_lower_bound(95, 100) < 0.95
    assert wilson_lower_bound(50, 50) < wilson_lower_bound(5000, 5000) < 1.0
    assert wilson_lower_bound(5000, 5000) > 0.999


def test_measured_patterns_get_their_lower_bound_and_unmeasured_ones_a_capped_prior() -> None:
    table = Calibration({SURE.key: (1000, 990)})
    confidence, sentence = table.confidence(SURE)
    assert confidence == pytest.approx(wilson_lower_bound(990, 1000), abs=1e-4)
    assert "99.0% of the time" in sentence and "1000 cases" in sentence
    rare = Calibration({SURE.key: (MIN_OBSERVATIONS - 1, MIN_OBSERVATIONS - 1)})
    assert rare.confidence(SURE)[0] <= PRIOR_CAP < 0.95


def test_a_rival_lowers_the_prior() -> None:
    rival = Evidence(SURE.who, SURE.reference, SURE.fit, rival=True)
    assert rival.prior() < SURE.prior() and rival.key.endswith("|rival")


def test_calibration_counts_top_suggestions_only_and_round_trips(tmp_path: Path) -> None:
    rows = [
        {"evidence": SURE.key, "status": "suggested", "correct": True},
        {"evidence": SURE.key, "status": "auto_applied", "correct": False},
        {"evidence": None, "status": "unmatched", "correct": False},
        {"evidence": "name|none|oldest_first|sole", "status": "suggested", "correct": False},
    ]
    table = calibration_from_rows(rows, source="test")
    assert table.patterns == {SURE.key: (2, 1), "name|none|oldest_first|sole": (1, 0)}
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps(table.to_json()), encoding="utf-8")
    assert Calibration.load(path).patterns == table.patterns


def test_the_packaged_table_was_measured_on_enough_cases() -> None:
    packaged = Calibration.load()
    assert packaged.patterns[SURE.key][0] >= 1000
    assert packaged.confidence(SURE)[0] >= 0.99
