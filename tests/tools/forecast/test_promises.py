"""Promises judged from settlements: kept, broken, open; cancelled and future ones left out."""

from __future__ import annotations

from decimal import Decimal

from tests.tools.forecast.ledger import AS_OF, invoice, promise
from tools.forecast import broken_promises, judge_promises

INVOICES = [
    # C1 pays 300 on 10-05 and 200 on 10-15 (the promised day itself)
    invoice("K1", "C1", issued="2026-09-01", due="2026-09-30", amount="300", paid=(("2026-10-05", "300"),)),
    invoice("K2", "C1", issued="2026-09-01", due="2026-09-30", amount="200", paid=(("2026-10-15", "200"),)),
    # C2 pays 300 on 10-10, then 200 on 10-21, the day after its promised date
    invoice(
        "B1",
        "C2",
        issued="2026-09-01",
        due="2026-09-30",
        amount="500",
        paid=(("2026-10-10", "300"), ("2026-10-21", "200")),
    ),
    # C3 paid 100 on 09-28, before it made its promise on 10-01
    invoice(
        "E1",
        "C3",
        issued="2026-09-01",
        due="2026-09-30",
        amount="400",
        paid=(("2026-09-28", "100"), ("2026-10-30", "150")),
    ),
]

KEPT = promise("C1", "500", made_on="2026-10-01", promised="2026-10-15")
BROKEN = promise("C2", "500", made_on="2026-10-01", promised="2026-10-20")
OPEN = promise("C3", "400", made_on="2026-10-01", promised="2026-10-31")
OTHER_CURRENCY = promise("C1", "100", made_on="2026-10-01", promised="2026-10-10", currency="USD")
CANCELLED = promise("C2", "900", made_on="2026-10-01", promised="2026-10-05", status="cancelled")
MADE_LATER = promise("C2", "900", made_on="2026-11-02", promised="2026-11-10")


def test_kept_broken_and_open() -> None:
    outcomes = judge_promises(
        [KEPT, BROKEN, OPEN, OTHER_CURRENCY, CANCELLED, MADE_LATER], INVOICES, as_of=AS_OF
    )

    # cancelled and made after as_of: ignored. The stored status ("open") is not read.
    assert [(o.promise, o.status, o.settled) for o in outcomes] == [
        (KEPT, "kept", Decimal(500)),  # 300 + 200 settled between 10-01 and 10-15, both days included
        (BROKEN, "broken", Decimal(300)),  # the 200 of 10-21 came after the promised 10-20
        (
            OPEN,
            "open",
            Decimal(150),
        ),  # due on as_of: still open; 150 settled since 10-01 (not the 100 of 09-28)
        (OTHER_CURRENCY, "broken", Decimal(0)),  # nothing settled in USD
    ]
    assert [o.outstanding for o in outcomes] == [Decimal(0), Decimal(200), Decimal(250), Decimal(100)]


def test_broken_promises_oldest_first() -> None:
    broken = broken_promises([BROKEN, OTHER_CURRENCY, KEPT], INVOICES, as_of=AS_OF)

    assert [o.promise for o in broken] == [OTHER_CURRENCY, BROKEN]  # promised 10-10, then 10-20


def test_promised_day_not_past_yet_in_an_earlier_as_of() -> None:
    # on 10-18 C2's promise for 10-20 is still open, with 300 settled towards it
    [outcome] = judge_promises([BROKEN], INVOICES, as_of=AS_OF.replace(day=18))

    assert (outcome.status, outcome.settled, outcome.outstanding) == ("open", Decimal(300), Decimal(200))


def test_no_promises() -> None:
    assert judge_promises([], INVOICES, as_of=AS_OF) == []
    assert broken_promises([], [], as_of=AS_OF) == []
