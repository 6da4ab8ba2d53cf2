"""The aged balance: buckets by days past due, per customer, on any as-of date."""

from __future__ import annotations

import pytest

from tests.tools.kpis.ledger import AS_OF, book, day
from tools.kpis import DEFAULT_BUCKETS, Buckets, aging, parse_buckets


def test_default_buckets_and_their_edges() -> None:
    assert DEFAULT_BUCKETS.labels == ("current", "1-30", "31-60", "61-90", ">90")
    edges = {days: DEFAULT_BUCKETS.label_for(days) for days in (0, 1, 30, 31, 60, 61, 90, 91, 400)}
    assert edges == {
        0: "current",
        1: "1-30",
        30: "1-30",
        31: "31-60",
        60: "31-60",
        61: "61-90",
        90: "61-90",
        91: ">90",
        400: ">90",
    }


def test_buckets_parse_from_the_option() -> None:
    assert parse_buckets("15, 45") == Buckets((15, 45))
    assert parse_buckets("15,45").labels == ("current", "1-15", "16-45", ">45")
    assert parse_buckets("30").labels == ("current", "1-30", ">30")
    for bad in ("", "30,,60", "60,30", "30,30", "0,30", "thirty", "-5,30"):
        with pytest.raises(ValueError):
            parse_buckets(bad)


def test_aging_per_customer_by_bucket() -> None:
    result = aging(book(), as_of=AS_OF, currency="EUR")
    # C2: B1 2000 (61 late) + B2 400 (31 late) = 2400; B3 is issued after AS_OF.
    # C1: A1 1000 (not due) + A2 500 (15 late) + A3 300 − 100 = 200 (92 late) = 1700; A4 paid.
    assert result.rows == [
        {
            "customer_id": "C2",
            "customer_name": "C2 SA",
            "current": "0.00",
            "1-30": "0.00",
            "31-60": "400.00",
            "61-90": "2000.00",
            ">90": "0.00",
            "total": "2400.00",
        },
        {
            "customer_id": "C1",
            "customer_name": "C1 SA",
            "current": "1000.00",
            "1-30": "500.00",
            "31-60": "0.00",
            "61-90": "0.00",
            ">90": "200.00",
            "total": "1700.00",
        },
    ]
    assert result.value == "4100.00"  # 2400 + 1700
    assert result.extra["buckets"] == {
        "current": "1000.00",
        "1-30": "500.00",
        "31-60": "400.00",
        "61-90": "2000.00",
        ">90": "200.00",
    }
    document = result.to_json()
    assert (document["kpi"], document["as_of"], document["currency"]) == ("aging", "2026-10-31", "EUR")


def test_aging_in_the_past_reopens_later_settlements() -> None:
    result = aging(book(), as_of=day("2026-09-30"), currency="EUR")
    rows = {row["customer_id"]: row for row in result.rows}
    # C1 on 09-30: A1 not issued yet; A2 500 current; A4 700 current (paid 10-20, later);
    # A3 300 (the 100 came 10-05), 61 days late (Aug 31 + Sep 30) → 1500.
    assert (rows["C1"]["current"], rows["C1"]["61-90"], rows["C1"]["total"]) == (
        "1200.00",
        "300.00",
        "1500.00",
    )
    # C2 on 09-30: B1 2000 30 days late; B2 400 due that very day, so current → 2400.
    assert (rows["C2"]["current"], rows["C2"]["1-30"], rows["C2"]["total"]) == (
        "400.00",
        "2000.00",
        "2400.00",
    )
    assert [row["customer_id"] for row in result.rows] == ["C2", "C1"]
    assert result.value == "3900.00"


def test_aging_never_mixes_currencies() -> None:
    result = aging(book(), as_of=AS_OF, currency="USD")
    # USD only: U1 5000 (30 late), A5 250 (not due); none of the EUR invoices.
    assert [(row["customer_id"], row["total"]) for row in result.rows] == [
        ("C3", "5000.00"),
        ("C1", "250.00"),
    ]
    assert result.extra["buckets"]["1-30"] == "5000.00"
    assert result.extra["buckets"]["current"] == "250.00"
    assert result.value == "5250.00"


def test_custom_buckets_regroup_the_same_amounts() -> None:
    result = aging(book(), as_of=AS_OF, currency="EUR", buckets=parse_buckets("60"))
    # ≤ 60 late: A2 500 + B2 400; > 60: A3 200 + B1 2000.
    assert result.extra["buckets"] == {"current": "1000.00", "1-60": "900.00", ">60": "2200.00"}
    assert result.value == "4100.00"


def test_empty_ledger() -> None:
    result = aging([], as_of=AS_OF, currency="EUR")
    assert (result.value, result.rows) == ("0.00", [])
    assert set(result.extra["buckets"].values()) == {"0.00"}
