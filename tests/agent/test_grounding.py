from datetime import date
from decimal import Decimal

import pytest

from copilot.agent.grounding import AllowedFigures, figures, read_number, unsupported_figures

AS_OF = date(2026, 11, 24)
CALLS = [
    {
        "name": "dso",
        "args": {"period_start": "2026-07-01", "period_end": "2026-09-30"},
        "result": {
            "value": "45.33",
            "label": "Q3 2026",
            "rows": [{"amount": "12345.67", "rate": 0.8571, "count": 3}],
        },
    }
]
ALLOWED = AllowedFigures.of(CALLS, AS_OF)


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("12 345,67", "12345.67"),
        ("12\u202f345,67", "12345.67"),
        ("12,345.67", "12345.67"),
        ("12.345,67", "12345.67"),
        ("45,3", "45.3"),
        ("1,234", "1234"),
        ("7", "7"),
    ],
)
def test_numbers_in_french_and_english_notation(token: str, value: str) -> None:
    assert read_number(token) == Decimal(value)


def test_dates_are_read_as_dates_not_numbers() -> None:
    dates, numbers = figures(
        "Paid on 31 Oct 2026 and 1er juil. 2026, due 2026-12-15 or 15/12/2026: 3 invoices"
    )
    assert [day for _, day in dates] == [
        date(2026, 12, 15),
        date(2026, 12, 15),
        date(2026, 10, 31),
        date(2026, 7, 1),
    ]
    assert [value for _, value in numbers] == [Decimal(3)]


@pytest.mark.parametrize(
    "answer",
    [
        "Le DSO du Q3 2026 est de 45,3 jours : 12\u202f345,67 € sur 3 factures au 24 nov. 2026.",
        "DSO is 45.33 days; €12,345.67 since 1 July 2026; automation 85.7%",
        "From 1 Jul 2026 to 30 Sept 2026, DSO 45 days.",
    ],
)
def test_answers_built_from_the_results_are_grounded(answer: str) -> None:
    assert unsupported_figures(answer, ALLOWED) == []


@pytest.mark.parametrize(
    ("answer", "stray"),
    [
        ("DSO is 47 days", "47"),
        ("total 12 345,68 €", "12 345,68"),
        ("as of 2026-10-31", "2026-10-31"),
        ("up 12% on last quarter", "12"),
    ],
)
def test_a_figure_from_nowhere_is_caught(answer: str, stray: str) -> None:
    assert [figure.text for figure in unsupported_figures(answer, ALLOWED)] == [stray]
