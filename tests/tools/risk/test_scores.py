"""The credit score: each factor's points, computed by hand, add up to the score."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from tests.tools.forecast.ledger import AS_OF, customer, invoice, promise
from tools.risk import customer_score, customer_scores, grade

# as_of 2026-10-31: the last 90 days are 08-03..10-31, the 9 months before 2025-11-01..08-02


def _factors(row: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    return {factor["factor"]: (factor["value"], factor["points"]) for factor in row["factors"]}


def _rows(result: Any) -> dict[str, dict[str, Any]]:
    return {row["customer_id"]: row for row in result.rows}


NOTHING_OPEN = {
    "overdue_share": ("0.0000", "0.0"),
    "oldest_overdue": (0, "0.0"),
    "broken_promises": (0, "0.0"),
    "disputes": ("0.0000", "0.0"),
    "credit_usage": (None, "0.0"),
}


def test_a_worsening_payer_loses_points_for_the_trend() -> None:
    ledger = [
        # steady: 10 days late in March and in September
        invoice(
            "S1",
            "STEADY",
            issued="2026-02-01",
            due="2026-03-01",
            amount="1000",
            paid=(("2026-03-11", "1000"),),
        ),
        invoice(
            "S2",
            "STEADY",
            issued="2026-08-01",
            due="2026-09-01",
            amount="1000",
            paid=(("2026-09-11", "1000"),),
        ),
        # worsening: 5 days late in March, 20 in September
        invoice(
            "W1",
            "WORSE",
            issued="2026-02-01",
            due="2026-03-01",
            amount="1000",
            paid=(("2026-03-06", "1000"),),
        ),
        invoice(
            "W2",
            "WORSE",
            issued="2026-08-01",
            due="2026-09-01",
            amount="1000",
            paid=(("2026-09-21", "1000"),),
        ),
        # improving: 20 days late in March, 5 in September
        invoice(
            "I1",
            "BETTER",
            issued="2026-02-01",
            due="2026-03-01",
            amount="1000",
            paid=(("2026-03-21", "1000"),),
        ),
        invoice(
            "I2",
            "BETTER",
            issued="2026-08-01",
            due="2026-09-01",
            amount="1000",
            paid=(("2026-09-06", "1000"),),
        ),
    ]
    result = customer_scores([], ledger, [], as_of=AS_OF, currency="EUR")
    rows = _rows(result)

    # steady: days late (10 + 10) / 2 = 10.0 → -10.0; trend 10 - 10 = 0 → 0; score 90 → A
    assert _factors(rows["STEADY"]) == {
        "days_late": ("10.0", "-10.0"),
        "trend": ("0.0", "0.0"),
        **NOTHING_OPEN,
    }
    assert (rows["STEADY"]["score"], rows["STEADY"]["grade"]) == (90, "A")
    # worsening: (5 + 20) / 2 = 12.5 → -12.5; trend 20 - 5 = 15 → capped at -10.0; 77.5 → 78 → B
    assert _factors(rows["WORSE"])["days_late"] == ("12.5", "-12.5")
    assert _factors(rows["WORSE"])["trend"] == ("15.0", "-10.0")
    assert (rows["WORSE"]["score"], rows["WORSE"]["grade"]) == (78, "B")
    # improving: same level, trend -15 earns nothing: 100 - 12.5 = 87.5 → 88 → A
    assert _factors(rows["BETTER"])["trend"] == ("-15.0", "0.0")
    assert rows["BETTER"]["score"] == 88
    # worst first; nobody graded D or E
    assert [row["customer_id"] for row in result.rows] == ["WORSE", "BETTER", "STEADY"]
    assert (result.kpi, result.value, result.extra["grades"]) == (
        "risk",
        0,
        {"A": 2, "B": 1, "C": 0, "D": 0, "E": 0},
    )
    assert json.loads(json.dumps(result.to_json()))["rows"][0]["factors"][1] == {
        "factor": "trend",
        "value": "15.0",
        "points": "-10.0",
        "explanation": "20.0 days late in the last 90 days against 5.0 in the 9 months before: worse",
    }
    assert rows["WORSE"]["factors"][1]["explanation"] == (
        "20.0 days late in the last 90 days against 5.0 in the 9 months before: worse"
    )


def test_partial_settlements_weigh_their_amount() -> None:
    # 900 paid 2 days late, 100 paid 42 days late: (900×2 + 100×42) / 1000 = 6.0 (a plain mean would say 22)
    ledger = [
        invoice(
            "P1",
            "C1",
            issued="2026-08-10",
            due="2026-09-10",
            amount="1000",
            paid=(("2026-09-12", "900"), ("2026-10-22", "100")),
        )
    ]
    row = customer_scores([], ledger, [], as_of=AS_OF, currency="EUR").rows[0]

    assert _factors(row)["days_late"] == ("6.0", "-6.0")
    assert _factors(row)["trend"] == (None, "0.0")  # nothing settled in the 9 months before
    assert row["score"] == 94


def test_overdue_disputes_and_credit_usage() -> None:
    ledger = [
        invoice(
            "X1", "X", issued="2026-08-01", due="2026-09-01", amount="1000", paid=(("2026-08-30", "1000"),)
        ),
        invoice(
            "X2", "X", issued="2026-09-01", due="2026-10-01", amount="600", disputed=True
        ),  # 30 days past due
        invoice("X3", "X", issued="2026-10-31", due="2026-11-30", amount="400"),
        invoice("X4", "X", issued="2026-11-02", due="2026-12-02", amount="9000"),  # issued after as_of
    ]
    row = customer_scores([customer("X", limit="1100")], ledger, [], as_of=AS_OF, currency="EUR").rows[0]

    assert _factors(row) == {
        "days_late": ("0.0", "0.0"),  # X1 paid before its due date
        "trend": (None, "0.0"),
        "overdue_share": ("0.6000", "-12.0"),  # 600 / (600 + 400) = 0.6 × 20
        "oldest_overdue": (30, "-3.0"),  # 30 days / 10
        "broken_promises": (0, "0.0"),
        "disputes": ("0.6000", "-6.0"),  # 600 / 1000 × 10
        "credit_usage": ("0.9091", "-5.5"),  # 1000 / 1100 = 0.90909; (0.90909 - 0.8) × 50 = 5.45 → 5.5
    }
    # 100 - 12 - 3 - 6 - 5.5 = 73.5 → 74 → B
    assert (row["score"], row["grade"], row["flags"]) == (74, "B", [])
    explanations = {f["factor"]: f["explanation"] for f in row["factors"]}
    assert explanations["overdue_share"] == "600.00 of 1000.00 EUR open is overdue"
    assert explanations["credit_usage"] == "exposure 1000.00 EUR for a limit of 1100.00"


def test_broken_promise_costs_points_kept_one_does_not() -> None:
    ledger = [
        invoice(
            "P1", "P", issued="2026-08-01", due="2026-09-01", amount="1000", paid=(("2026-09-01", "1000"),)
        ),
        # 200 by 10-03 (18 days late) then 200 on 10-08 (23 days late), after the promised 10-05
        invoice(
            "P2",
            "P",
            issued="2026-09-10",
            due="2026-09-15",
            amount="400",
            paid=(("2026-10-03", "200"), ("2026-10-08", "200")),
        ),
        invoice(
            "K1", "K", issued="2026-08-01", due="2026-09-01", amount="1000", paid=(("2026-09-01", "1000"),)
        ),
        invoice(
            "K2", "K", issued="2026-09-10", due="2026-09-15", amount="400", paid=(("2026-10-03", "400"),)
        ),
    ]
    promises = [
        promise("P", "400", made_on="2026-09-20", promised="2026-10-05"),  # 200 < 400 settled in time: broken
        promise("P", "300", made_on="2025-08-01", promised="2025-09-01"),  # broken, but over 12 months ago
        promise("P", "300", made_on="2026-10-20", promised="2026-11-15"),  # still open: not judged
        promise("K", "400", made_on="2026-09-20", promised="2026-10-05"),  # 400 settled on 10-03: kept
    ]
    rows = _rows(customer_scores([], ledger, promises, as_of=AS_OF, currency="EUR"))

    # P: days late (1000×0 + 200×18 + 200×23) / 1400 = 8200 / 1400 = 5.86 → -5.9; one broken → -10
    assert _factors(rows["P"])["days_late"] == ("5.9", "-5.9")
    assert _factors(rows["P"])["broken_promises"] == (1, "-10.0")
    assert rows["P"]["factors"][4]["explanation"] == "1 of 1 promises due in the last 12 months broken"
    assert rows["P"]["score"] == 84  # 100 - 5.9 - 10 = 84.1
    # K: (1000×0 + 400×18) / 1400 = 5.14 → -5.1; kept → 0
    assert _factors(rows["K"])["broken_promises"] == (0, "0.0")
    assert rows["K"]["score"] == 95  # 100 - 5.1 = 94.9


def test_no_history_gets_the_neutral_default() -> None:
    ledger = [invoice("N2", "N2", issued="2026-06-03", due="2026-07-03", amount="1000")]  # 120 days past due
    result = customer_scores([customer("NEW"), customer("N2")], ledger, [], as_of=AS_OF, currency="EUR")
    rows = _rows(result)

    # nothing known: 100 - 20 = 80 → B
    assert _factors(rows["NEW"]) == {"no_history": (None, "-20.0"), **NOTHING_OPEN}
    assert (rows["NEW"]["score"], rows["NEW"]["grade"], rows["NEW"]["flags"]) == (80, "B", ["no history"])
    # never paid, all overdue: -20 (no history) - 20 (share 1.0) - 10 (120 / 10 = 12, capped) = 50 → D
    assert _factors(rows["N2"])["overdue_share"] == ("1.0000", "-20.0")
    assert _factors(rows["N2"])["oldest_overdue"] == (120, "-10.0")
    assert (rows["N2"]["score"], rows["N2"]["grade"]) == (50, "D")
    assert [row["customer_id"] for row in result.rows] == ["N2", "NEW"]
    assert result.value == 1  # N2 graded D
    assert result.extra["no_history"] == 2


def test_currencies_are_scored_apart() -> None:
    ledger = [
        invoice(
            "M1", "M", issued="2026-08-01", due="2026-09-01", amount="1000", paid=(("2026-09-11", "1000"),)
        ),
        invoice(
            "MG1",
            "M",
            issued="2026-08-01",
            due="2026-09-01",
            amount="5000",
            paid=(("2026-10-01", "5000"),),
            currency="GBP",
        ),
        invoice("MG2", "M", issued="2026-10-01", due="2026-11-30", amount="900", currency="GBP"),
        invoice("G1", "GBONLY", issued="2026-10-01", due="2026-11-30", amount="100", currency="GBP"),
    ]
    customers = [customer("M", limit="1000", limit_currency="GBP"), customer("GBONLY")]
    eur = _rows(customer_scores(customers, ledger, [], as_of=AS_OF, currency="EUR"))
    gbp = _rows(customer_scores(customers, ledger, [], as_of=AS_OF, currency="GBP"))

    # a customer billed only in GBP is not scored in EUR
    assert list(eur) == ["M"]
    assert sorted(gbp) == ["GBONLY", "M"]
    # EUR: 10 days late (the GBP 30 not weighed in); the limit is in GBP: 900 / 1000 = 0.9 → (0.1 × 50) = -5
    assert _factors(eur["M"])["days_late"] == ("10.0", "-10.0")
    assert _factors(eur["M"])["credit_usage"] == ("0.9000", "-5.0")
    assert eur["M"]["score"] == 85
    # GBP: 30 days late → -30, same usage → -5: 65 → C
    assert _factors(gbp["M"])["days_late"] == ("30.0", "-30.0")
    assert (gbp["M"]["score"], gbp["M"]["grade"]) == (65, "C")


def test_one_customer() -> None:
    ledger = [
        invoice(
            "S1", "C1", issued="2026-08-01", due="2026-09-01", amount="1000", paid=(("2026-09-11", "1000"),)
        )
    ]
    result = customer_score("C1", [customer("C1")], ledger, [], as_of=AS_OF, currency="EUR")

    assert (result.kpi, result.value) == ("risk_customer", 90)
    assert result.extra == {"customer_id": "C1", "customer_name": "C1 SA", "grade": "A", "flags": []}
    assert [f["factor"] for f in result.rows] == [
        "days_late",
        "trend",
        "overdue_share",
        "oldest_overdue",
        "broken_promises",
        "disputes",
        "credit_usage",
    ]
    assert sum(Decimal(f["points"]) for f in result.rows) == Decimal("-10.0")  # 100 - 10 = 90
    with pytest.raises(LookupError, match="unknown customer: NOPE"):
        customer_score("NOPE", [customer("C1")], ledger, [], as_of=AS_OF, currency="EUR")


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        (100, "A"),
        (85, "A"),
        (84, "B"),
        (70, "B"),
        (69, "C"),
        (55, "C"),
        (54, "D"),
        (40, "D"),
        (39, "E"),
        (0, "E"),
    ],
)
def test_grades(score: int, letter: str) -> None:
    assert grade(score) == letter


def test_empty_ledger() -> None:
    result = customer_scores([], [], [], as_of=AS_OF, currency="EUR")

    assert (result.value, result.rows, result.extra["no_history"]) == (0, [], 0)
