from datetime import date

import pytest

from copilot.agent.periods import find_period, quarter_of

AS_OF = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("DSO du trimestre ?", date(2026, 10, 1), AS_OF),
        ("dso this quarter", date(2026, 10, 1), AS_OF),
        ("DSO last quarter", date(2026, 7, 1), date(2026, 9, 30)),
        ("le trimestre dernier", date(2026, 7, 1), date(2026, 9, 30)),
        ("dso Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("T1 2025", date(2025, 1, 1), date(2025, 3, 31)),
        ("third quarter 2025", date(2025, 7, 1), date(2025, 9, 30)),
        ("3e trimestre", date(2026, 7, 1), date(2026, 9, 30)),
        ("et en octobre ?", date(2026, 10, 1), date(2026, 10, 31)),
        ("in May", date(2026, 5, 1), date(2026, 5, 31)),
        ("le mois dernier", date(2026, 10, 1), date(2026, 10, 31)),
        ("this month", date(2026, 11, 1), AS_OF),
        ("CEI this year", date(2026, 1, 1), AS_OF),
        ("l'année dernière", date(2025, 1, 1), date(2025, 12, 31)),
        ("30 derniers jours", date(2026, 10, 26), AS_OF),
        ("last 90 days", date(2026, 8, 27), AS_OF),
        ("deductions since 1 October", date(2026, 10, 1), AS_OF),
        ("depuis le 1er septembre", date(2026, 9, 1), AS_OF),
        ("aging au 31/10", date(2026, 10, 31), date(2026, 10, 31)),
        ("overdue as of 30 September 2026", date(2026, 9, 30), date(2026, 9, 30)),
    ],
)
def test_periods_are_read_relative_to_as_of(question: str, start: date, end: date) -> None:
    period = find_period(question, AS_OF)
    assert period is not None
    assert (period.start, period.end) == (start, end)


def test_a_month_not_yet_started_this_year_is_last_years() -> None:
    period = find_period("DSO en décembre", AS_OF)
    assert period is not None and period.start == date(2025, 12, 1)


@pytest.mark.parametrize(
    "question", ["top 5 debtors", "over 60 days", "may I see the overdue list", "bonjour"]
)
def test_no_period_when_none_is_named(question: str) -> None:
    assert find_period(question, AS_OF) is None


def test_quarter_bounds() -> None:
    assert quarter_of(date(2026, 2, 14)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter_of(date(2026, 12, 31)) == (date(2026, 10, 1), date(2026, 12, 31))


def test_months_windows_and_thresholds_are_not_confused() -> None:
    assert find_period("which clients are over 60 days?", AS_OF) is None
    period = find_period("quel est le dso sur 3 mois", AS_OF)
    assert period is not None and (period.start, period.end) == (date(2026, 9, 1), AS_OF)
    period = find_period("deductions since september", AS_OF)
    assert period is not None and period.start == date(2026, 9, 1)
