"""Overdue customers, top debtors, open items, invoices due soon and disputes."""

from __future__ import annotations

import pytest

from tests.tools.kpis.ledger import AS_OF, book, day, invoice
from tools.kpis import disputes, due_soon, open_items, overdue, top_debtors


def test_overdue_per_customer() -> None:
    result = overdue(book(), as_of=AS_OF, currency="EUR")
    # C2: B1 2000 (61 late) + B2 400 (31) = 2400; C1: A2 500 (15) + A3 200 (92) = 700.
    assert result.rows == [
        {
            "customer_id": "C2",
            "customer_name": "C2 SA",
            "overdue_amount": "2400.00",
            "invoices": 2,
            "oldest_days_late": 61,
        },
        {
            "customer_id": "C1",
            "customer_name": "C1 SA",
            "overdue_amount": "700.00",
            "invoices": 2,
            "oldest_days_late": 92,
        },
    ]
    assert result.value == "3100.00"
    assert (result.extra["customers"], result.extra["invoices"]) == (2, 4)


def test_overdue_threshold_answers_who_is_over_60_days() -> None:
    at_least_61 = overdue(book(), as_of=AS_OF, currency="EUR", min_days_late=61)
    # B1 is exactly 61 days late, A3 92: both count.
    assert [(r["customer_id"], r["overdue_amount"]) for r in at_least_61.rows] == [
        ("C2", "2000.00"),
        ("C1", "200.00"),
    ]
    assert at_least_61.value == "2200.00"
    at_least_62 = overdue(book(), as_of=AS_OF, currency="EUR", min_days_late=62)
    assert [(r["customer_id"], r["overdue_amount"]) for r in at_least_62.rows] == [("C1", "200.00")]
    with pytest.raises(ValueError):
        overdue(book(), as_of=AS_OF, currency="EUR", min_days_late=0)


def test_overdue_in_the_past_and_in_another_currency() -> None:
    past = overdue(book(), as_of=day("2026-09-30"), currency="EUR")
    # On 09-30 only A3 (300, 61 late) and B1 (2000, 30 late) were past due.
    assert [(r["customer_id"], r["overdue_amount"], r["oldest_days_late"]) for r in past.rows] == [
        ("C2", "2000.00", 30),
        ("C1", "300.00", 61),
    ]
    usd = overdue(book(), as_of=AS_OF, currency="USD")
    assert [(r["customer_id"], r["overdue_amount"]) for r in usd.rows] == [("C3", "5000.00")]


def test_top_debtors_with_their_overdue_part() -> None:
    result = top_debtors(book(), as_of=AS_OF, currency="EUR", limit=1)
    assert result.rows == [
        {
            "customer_id": "C2",
            "customer_name": "C2 SA",
            "open_amount": "2400.00",
            "overdue_amount": "2400.00",
            "invoices": 2,
            "oldest_days_late": 61,
        }
    ]
    assert (result.value, result.extra["total_open"]) == ("2400.00", "4100.00")
    assert result.extra["share"] == "58.5"  # 2400 ÷ 4100 × 100 = 58.536…
    both = top_debtors(book(), as_of=AS_OF, currency="EUR")
    # C1: 1700 open of which A2 500 + A3 200 = 700 overdue.
    assert [(r["customer_id"], r["open_amount"], r["overdue_amount"]) for r in both.rows] == [
        ("C2", "2400.00", "2400.00"),
        ("C1", "1700.00", "700.00"),
    ]
    assert both.extra["share"] == "100.0"
    assert top_debtors([], as_of=AS_OF, currency="EUR").extra["share"] is None
    with pytest.raises(ValueError):
        top_debtors(book(), as_of=AS_OF, currency="EUR", limit=0)


def test_open_items_of_one_customer_in_all_its_currencies() -> None:
    result = open_items(book(), "C1", as_of=AS_OF)
    assert [(r["invoice_number"], r["currency"], r["open_amount"], r["days_late"]) for r in result.rows] == [
        ("A3", "EUR", "200.00", 92),
        ("A2", "EUR", "500.00", 15),
        ("A5", "USD", "250.00", 0),
        ("A1", "EUR", "1000.00", 0),
    ]
    # Main currency: 4 EUR invoices issued against 1 USD. EUR open: 200 + 500 + 1000 = 1700.
    assert (result.currency, result.value) == ("EUR", "1700.00")
    assert result.extra["totals"] == {"EUR": "1700.00", "USD": "250.00"}
    assert (result.extra["customer_name"], result.extra["count"]) == ("C1 SA", 4)
    assert result.rows[0]["amount"] == "300.00" and result.rows[0]["issue_date"] == "2026-07-01"


def test_open_items_main_currency_and_unknown_customer() -> None:
    mixed = [
        invoice("X1", "C9", issued="2026-10-01", due="2026-10-31", amount="10.00", currency="USD"),
        invoice("X2", "C9", issued="2026-10-02", due="2026-11-01", amount="20.00", currency="EUR"),
    ]
    tie = open_items(mixed, "C9", as_of=AS_OF)
    assert (tie.currency, tie.value) == ("EUR", "20.00")  # one each: alphabetical
    nothing = open_items(book(), "C404", as_of=AS_OF)
    assert (nothing.value, nothing.currency, nothing.rows) == (None, None, [])
    assert "C404" in nothing.extra["reason"]
    # C2's only invoices on 09-30 are B1 and B2; B3 (issued 11-02) never shows.
    past = open_items(book(), "C2", as_of=day("2026-09-30"))
    assert [r["invoice_number"] for r in past.rows] == ["B1", "B2"]


def test_due_soon_window_is_after_as_of_up_to_days() -> None:
    fifteen = due_soon(book(), as_of=AS_OF, currency="EUR", days=15)
    # A1 due 11-15 = AS_OF + 15: in; B2 (09-30) and A2 (10-16) already past due: out.
    assert [(r["invoice_number"], r["open_amount"], r["days_until_due"]) for r in fifteen.rows] == [
        ("A1", "1000.00", 15)
    ]
    assert (fifteen.value, fifteen.extra["until"]) == ("1000.00", "2026-11-15")
    assert due_soon(book(), as_of=AS_OF, currency="EUR", days=14).rows == []
    usd = due_soon(book(), as_of=AS_OF, currency="USD", days=9)  # A5 due 11-09 = AS_OF + 9
    assert [(r["invoice_number"], r["days_until_due"]) for r in usd.rows] == [("A5", 9)]
    assert due_soon(book(), as_of=AS_OF, currency="USD").rows == []  # default 7 days: not yet
    # Due on AS_OF itself is not "soon": U1 due 10-01 seen from 10-01.
    assert due_soon(book(), as_of=day("2026-10-01"), currency="USD").rows == []


def test_disputes_are_open_disputed_invoices() -> None:
    result = disputes(book(), as_of=AS_OF, currency="EUR")
    assert [(r["invoice_number"], r["open_amount"], r["days_late"]) for r in result.rows] == [
        ("B2", "400.00", 31)
    ]
    assert (result.value, result.extra["count"]) == ("400.00", 1)
    before = disputes(book(), as_of=day("2026-09-10"), currency="EUR")  # B2 issued 09-15
    assert (before.value, before.extra["count"]) == ("0.00", 0)
    settled = [
        invoice(
            "D1",
            "C1",
            issued="2026-09-01",
            due="2026-10-01",
            amount="80.00",
            disputed=True,
            paid=(("2026-10-10", "80.00"),),
        )
    ]
    assert disputes(settled, as_of=AS_OF, currency="EUR").extra["count"] == 0
    assert disputes(settled, as_of=day("2026-10-05"), currency="EUR").value == "80.00"
