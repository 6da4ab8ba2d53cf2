"""Expected receipts per invoice: a promise moves what is still to come to its promised date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.tools.forecast.ledger import AS_OF, day, invoice, promise
from tools.forecast import cash_forecast, expected_receipts
from tools.kpis.ledger import PromiseFacts

LEDGER = [
    invoice("O-OLD", "C1", issued="2026-09-01", due="2026-09-30", amount="500"),
    # 200 paid on 10-28, 13 days after the due date: C1's only settlement, so its habit is 13 days
    invoice(
        "O-NEW", "C1", issued="2026-09-15", due="2026-10-15", amount="800", paid=(("2026-10-28", "200"),)
    ),
]
# promised 1000 on 10-25 for 11-20; 200 settled since → 800 still to come
PROMISE = promise("C1", "1000", made_on="2026-10-25", promised="2026-11-20")


def _parts(promises: list[PromiseFacts]) -> list[tuple[str, Decimal, date, bool, bool]]:
    receipts = expected_receipts(LEDGER, promises, as_of=AS_OF, currency="EUR")
    return [(r.invoice_number, r.amount, r.day, r.promised, r.late) for r in receipts]


def test_without_promise_both_invoices_are_late_by_habit() -> None:
    # O-OLD 09-30 + 13 = 10-13, O-NEW 10-15 + 13 = 10-28: both past → as_of + 1
    assert _parts([]) == [
        ("O-NEW", Decimal(600), day("2026-11-01"), False, True),
        ("O-OLD", Decimal(500), day("2026-11-01"), False, True),
    ]


def test_promise_takes_the_oldest_invoices_first() -> None:
    # 800 to come: all 500 of O-OLD (due 09-30), then 300 of O-NEW; O-NEW's other 300 keeps its day
    assert _parts([PROMISE]) == [
        ("O-NEW", Decimal(300), day("2026-11-01"), False, True),
        ("O-NEW", Decimal(300), day("2026-11-20"), True, False),
        ("O-OLD", Decimal(500), day("2026-11-20"), True, False),
    ]


def test_promise_takes_the_invoices_it_names_first() -> None:
    named = promise("C1", "1000", made_on="2026-10-25", promised="2026-11-20", invoices=("O-NEW",))

    # 800: all 600 left on O-NEW, then 200 of O-OLD
    assert _parts([named]) == [
        ("O-OLD", Decimal(300), day("2026-11-01"), False, True),
        ("O-NEW", Decimal(600), day("2026-11-20"), True, False),
        ("O-OLD", Decimal(200), day("2026-11-20"), True, False),
    ]


def test_promise_in_the_forecast_weeks() -> None:
    result = cash_forecast([], LEDGER, [PROMISE], as_of=AS_OF, currency="EUR", weeks=3)

    # week 1 (11-01..11-07): the 300 left on O-NEW; week 3 (11-15..11-21): the promised 800
    assert [
        (r["expected_amount"], r["invoice_count"], r["promised"], r["overdue_expected"]) for r in result.rows
    ] == [
        ("300.00", 1, "0.00", "300.00"),
        ("0.00", 0, "0.00", "0.00"),
        ("800.00", 2, "800.00", "0.00"),
    ]
    assert result.value == "1100.00"  # all 500 + 600 open, moved or not


def test_promises_that_move_nothing() -> None:
    ignored = [
        promise("C1", "5000", made_on="2026-10-01", promised="2026-10-20"),  # broken: past, not open
        promise(
            "C1", "150", made_on="2026-10-27", promised="2026-11-10"
        ),  # 200 settled on 10-28 already covers it
        promise("C1", "400", made_on="2026-10-01", promised="2026-11-10", status="cancelled"),
        promise(
            "C1", "400", made_on="2026-10-01", promised="2026-11-10", currency="USD"
        ),  # not this currency
    ]

    assert _parts(ignored) == _parts([])


def test_promise_due_today_lands_tomorrow_and_never_beyond_the_open_amount() -> None:
    today = promise("C1", "5000", made_on="2026-10-30", promised="2026-10-31")

    # 5000 promised but only 1100 open: all of it on as_of + 1
    assert _parts([today]) == [
        ("O-NEW", Decimal(600), day("2026-11-01"), True, False),
        ("O-OLD", Decimal(500), day("2026-11-01"), True, False),
    ]
