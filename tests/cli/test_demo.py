"""``arcopilot demo`` end to end: from nothing to a loaded sample company."""

from __future__ import annotations

from tests.cli.conftest import Invoke, json_of


def test_demo_loads_the_sample_company_exactly(arcopilot: Invoke) -> None:
    result = arcopilot("demo", "--as-of", "2026-10-31", "--json")
    assert result.exit_code == 0, result.output
    summary = json_of(result)
    assert (summary["customers"], summary["invoices"], summary["payments"]) == (40, 400, 120)
    assert (summary["quarantined"], summary["rejected_rows"], summary["duplicates_skipped"]) == (0, 0, 12)
    assert set(summary["open_receivables"]) == {"EUR", "GBP"}
    matching = summary["matching"]
    applied = matching["auto_applied"]
    assert applied["payments"] >= 90 and applied["exactly_right"] == applied["payments"]
    assert matching["unmatched"]["payments"] == 7  # the receipts that settle no invoice (interest, refunds)
    assert {example["status"] for example in matching["examples"]} == {
        "auto_applied",
        "suggested",
        "unmatched",
    }
    assert all(example["explanation"] for example in matching["examples"])
    assert len(json_of(arcopilot("payments", "--json"))["payments"]) == 120
    again = arcopilot("demo", "--as-of", "2026-10-31", "--json")  # the same database, the same files again
    assert again.exit_code == 0 and json_of(again)["payments"] == 0
    assert len(json_of(arcopilot("payments", "--json"))["payments"]) == 120
    bad = arcopilot("demo", "--as-of", "31/10/2026")
    assert bad.exit_code == 2 and "--as-of must be a date" in bad.stderr
