"""The scorecard: exact allocation sets, per-case metrics, targets and the reliability table."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

from rich.console import Console

from evals.scorecard import combine, per_payment_rows, score, to_json
from evals.scorecard_view import render
from evals.world import PaymentTruth, Truth, TruthAllocation, World
from tests.evals.outputs import AS_OF, perfect_output

D = Decimal


def _truth() -> Truth:
    payments = [
        PaymentTruth(
            "P1",
            "exact_reference",
            "C1",
            "EUR",
            D("100.00"),
            (TruthAllocation("INV-1", D("100.00")),),
            D("0.00"),
        ),
        PaymentTruth(
            "P2",
            "deduction",
            "C1",
            "EUR",
            D("90.00"),
            (TruthAllocation("INV-2", D("90.00"), deduction_amount=D("10.00"), deduction_code="DAMAGE"),),
            D("0.00"),
        ),
        PaymentTruth(
            "P3",
            "multi_invoice",
            "C2",
            "EUR",
            D("300.00"),
            (TruthAllocation("INV-3", D("100.00")), TruthAllocation("INV-4", D("200.00"))),
            D("0.00"),
        ),
        PaymentTruth("P4", "unidentifiable", None, "EUR", D("55.55"), (), D("55.55")),
    ]
    return Truth(seed=None, as_of=AS_OF, payments={p.payment_id: p for p in payments})


def _entry(output: dict[str, Any], payment_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = next(e for e in output["payments"] if e["payment_id"] == payment_id)
    return entry


def test_a_perfect_output_scores_everything_right(full_world: World) -> None:
    card = score(full_world.truth, perfect_output(full_world.truth))
    assert card.overall.precision == 1.0 and card.overall.coverage == 1.0
    assert card.overall.straight_through == 1.0 and card.overall.deduction_code_accuracy == 1.0
    assert card.unidentifiable_auto_applied == 0 and card.cases["unidentifiable"].unmatched_share == 1.0
    assert card.overall.contract_errors == 0 and card.passed
    assert all(stats.coverage in (1.0, None) for stats in card.cases.values())


def test_a_wrong_auto_apply_lowers_precision_and_coverage() -> None:
    truth = _truth()
    output = perfect_output(truth)
    _entry(output, "P3")["allocations"][1]["amount"] = "199.00"
    _entry(output, "P3")["unapplied_amount"] = "1.00"
    card = score(truth, output)
    assert card.overall.auto_applied == 3 and card.overall.auto_correct == 2
    assert card.cases["multi_invoice"].precision == 0.0
    assert card.overall.precision == 2 / 3 and card.overall.coverage == 2 / 3
    assert not card.checks()["auto-apply precision"][2] and not card.passed
    assert card.overall.straight_through == 2 / 4  # INV-1 and INV-2 of four truth invoices


def test_an_auto_apply_on_an_unidentifiable_payment_is_counted() -> None:
    truth = _truth()
    output = perfect_output(truth)
    entry = _entry(output, "P4")
    entry.update(status="auto_applied", confidence=0.97, unapplied_amount="0.00")
    entry["allocations"] = [{"invoice_number": "INV-9", "amount": "55.55"}]
    card = score(truth, output)
    assert card.unidentifiable_auto_applied == 1
    assert card.checks()["unidentifiable auto-applied"] == ("= 0", 1, False)
    assert card.overall.precision == 3 / 4
    assert card.cases["unidentifiable"].unmatched_share == 0.0


def test_suggestions_missing_payments_and_loose_number_formats() -> None:
    truth = _truth()
    output = perfect_output(truth)
    _entry(output, "P1").update(status="suggested", confidence=0.6)
    _entry(output, "P1")["allocations"][0]["amount"] = "100"  # same amount, other spelling
    _entry(output, "P3").update(status="suggested", confidence=0.7)
    _entry(output, "P3")["allocations"].pop()
    output["payments"] = [e for e in output["payments"] if e["payment_id"] != "P2"]
    output["payments"].append({"payment_id": "STRAY", "status": "unmatched", "allocations": []})
    card = score(truth, output)
    assert card.overall.suggested == 2 and card.overall.top1 == 0.5
    assert card.overall.auto_applied == 0 and card.overall.coverage == 0.0
    assert card.cases["deduction"].missing == 1 and card.cases["deduction"].unmatched == 1
    assert card.extra_payments == 1
    assert card.overall.contract_errors == 1  # P3's allocations no longer add up to its amount


def test_deduction_codes_are_scored_apart_from_allocations() -> None:
    truth = _truth()
    output = perfect_output(truth)
    _entry(output, "P2")["allocations"][0]["deduction_code"] = "PRICING"
    card = score(truth, output)
    assert card.overall.precision == 1.0
    assert card.overall.deductions_scored == 1 and card.overall.deduction_code_accuracy == 0.0


def test_an_auto_apply_of_nothing_is_a_contract_error() -> None:
    truth = _truth()
    output = perfect_output(truth)
    _entry(output, "P1").update(allocations=[], unapplied_amount="100.00")
    card = score(truth, output)
    assert card.overall.auto_applied == 2 and card.cases["exact_reference"].unmatched == 1
    assert card.overall.contract_errors == 1


def test_reliability_bins_and_rows_with_extra_keys() -> None:
    truth = _truth()
    output = perfect_output(truth)
    _entry(output, "P1").update(confidence=0.97, evidence="exact_number")
    _entry(output, "P3").update(confidence=0.5, status="suggested")
    _entry(output, "P3")["allocations"].pop()
    card = score(truth, output)
    bins = {b.label: b for b in card.reliability}
    assert (bins["0.95–0.99"].count, bins["0.95–0.99"].correct) == (1, 1)
    assert (bins["≥ 0.99"].count, bins["0.50–0.80"].count, bins["0.50–0.80"].correct) == (1, 1, 0)
    rows = {row["payment_id"]: row for row in per_payment_rows(truth, output)}
    assert rows["P1"] | {"detail": ""} == {
        "payment_id": "P1",
        "case": "exact_reference",
        "status": "auto_applied",
        "confidence": 0.97,
        "correct": True,
        "detail": "",
        "customer_id": "C1",
        "unapplied_amount": "0.00",
        "explanation": ["from the truth"],
        "evidence": "exact_number",
    }
    assert rows["P3"]["correct"] is False and rows["P4"]["status"] == "unmatched"


def test_combined_json_and_rendering() -> None:
    truth = _truth()
    good = score(truth, perfect_output(truth))
    bad_output = copy.deepcopy(perfect_output(truth))
    _entry(bad_output, "P1")["allocations"][0]["invoice_number"] = "INV-7"
    total = combine([good, score(truth, bad_output)])
    assert total.overall.payments == 8 and total.overall.auto_correct == 5
    assert len(total.rows) == 8
    data = to_json(total)
    assert json.loads(json.dumps(data)) == data
    assert data["passed"] is False and data["cases"]["exact_reference"]["precision"] == 0.5
    console = Console(record=True, width=200)
    tables = render(total)
    assert len(tables) == 3
    for table in tables:
        console.print(table)
    text = console.export_text()
    assert "exact_reference" in text and "auto-apply precision" in text and "✗ fail" in text
