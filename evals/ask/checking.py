"""Whether an answer states an expected figure, date or name.

Numbers and dates are read from the answer by the grounding guard's reader
(:func:`copilot.agent.grounding.figures`: ``12 345,67 €``, ``€12,345.67``, ``45,3``,
``85.7 %``, ``7 nov. 2026``, ``2026-11-07``). An expected number is stated when a number of
the answer equals it at the answer's precision (``83 245 €`` states 83245.16, rounded half
up), signs aside; a whole number below 10 must be exact, so that a count or a day of the
month never passes for a rounded amount. Names and texts are compared without case, accents
or punctuation.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from copilot.agent.grounding import figures
from copilot.words import fold
from evals.ask.expected import Check

_SMALL = Decimal(10)


def plain_text(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def states_number(expected: Decimal, written: Decimal) -> bool:
    """Whether ``written`` is ``expected`` at ``written``'s precision."""
    expected, written = abs(expected), abs(written)
    if expected == written:
        return True
    exponent = written.as_tuple().exponent
    if not isinstance(exponent, int):
        return False
    if exponent >= 0 and written < _SMALL:
        return False
    places = Decimal(1).scaleb(min(exponent, 0))
    return expected.quantize(places, rounding=ROUND_HALF_UP) == written


def is_stated(check: Check, answer: str) -> bool:
    """Whether ``answer`` contains what ``check`` expects."""
    if check.kind == "text":
        return f" {plain_text(str(check.value))} " in f" {plain_text(answer)} "
    dates, numbers = figures(answer)
    if check.kind == "date":
        return any(day == check.value for _, day in dates)
    value = check.value
    return isinstance(value, Decimal) and any(states_number(value, written) for _, written in numbers)
