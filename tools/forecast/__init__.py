"""Cash forecasting: payment habits, promises to pay and the receipts expected week by week."""

from tools.forecast.behaviour import Habit, days_to_pay, habit, habits_by_customer
from tools.forecast.expected import Delay, Delays, ExpectedReceipt, expected_delays, expected_receipts
from tools.forecast.promises import PromiseOutcome, broken_promises, judge_promises
from tools.forecast.weekly import cash_forecast

__all__ = [
    "Delay",
    "Delays",
    "ExpectedReceipt",
    "Habit",
    "PromiseOutcome",
    "broken_promises",
    "cash_forecast",
    "days_to_pay",
    "expected_delays",
    "expected_receipts",
    "habit",
    "habits_by_customer",
    "judge_promises",
]
