"""Credit risk: an explainable score per customer and credit-limit alerts.

``broken_promises`` and ``judge_promises`` are the forecast's promise judgements
(:mod:`tools.forecast.promises`), shared by the score and the forecast.
"""

from tools.forecast.promises import PromiseOutcome, broken_promises, judge_promises
from tools.risk.alerts import credit_alerts
from tools.risk.factors import Factor
from tools.risk.scores import Score, customer_score, customer_scores, grade

__all__ = [
    "Factor",
    "PromiseOutcome",
    "Score",
    "broken_promises",
    "credit_alerts",
    "customer_score",
    "customer_scores",
    "grade",
    "judge_promises",
]
