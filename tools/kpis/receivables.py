"""The building blocks of the receivables KPIs: open amounts on a day, credit sales, the period.

Every function takes invoices already narrowed to one currency (:func:`in_currency`): amounts
in different currencies are never added. A ratio (DSO, CEI, ADD) is a ``Decimal`` rounded half
up to one decimal and carried in results as a string (``"45.3"``), like amounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tools.kpis.ledger import ZERO, InvoiceFacts

DEFAULT_PERIOD_DAYS = 90
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class Period:
    """The days a flow (credit sales, collections) is measured over, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """Number of days, both ends included."""
        return (self.end - self.start).days + 1


def period_ending(as_of: date, period_start: date | None = None) -> Period:
    """``[period_start, as_of]``; by default the :data:`DEFAULT_PERIOD_DAYS` days ending ``as_of``."""
    start = period_start or as_of - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if start > as_of:
        raise ValueError(f"the period starts {start.isoformat()}, after {as_of.isoformat()}")
    return Period(start, as_of)


def no_sales(currency: str, period: Period) -> str:
    """The ``reason`` a ratio over credit sales has no value."""
    return f"no credit sales in {currency} from {period.start.isoformat()} to {period.end.isoformat()}"


def outstanding(invoices: Iterable[InvoiceFacts], day: date) -> list[tuple[InvoiceFacts, Decimal]]:
    """The invoices with something still owed at the end of ``day``, and how much."""
    pairs = ((invoice, invoice.open_on(day)) for invoice in invoices)
    return [(invoice, amount) for invoice, amount in pairs if amount > ZERO]


def receivables(invoices: Iterable[InvoiceFacts], day: date) -> Decimal:
    """Total owed at the end of ``day``."""
    return sum((invoice.open_on(day) for invoice in invoices), ZERO)


def current_receivables(invoices: Iterable[InvoiceFacts], day: date) -> Decimal:
    """Owed at the end of ``day`` on invoices not yet past due (due on ``day`` or later)."""
    return sum((invoice.open_on(day) for invoice in invoices if invoice.due_date >= day), ZERO)


def credit_sales(invoices: Iterable[InvoiceFacts], start: date, end: date) -> Decimal:
    """Invoiced amounts with an issue date in ``[start, end]``."""
    return sum((invoice.amount for invoice in invoices if start <= invoice.issue_date <= end), ZERO)


def one_decimal(value: Decimal) -> Decimal:
    """``value`` rounded half up to one decimal (days or percent)."""
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def figure(value: Decimal | None) -> str | None:
    """A ratio as the string results carry (``"45.3"``), or ``None``."""
    return None if value is None else str(one_decimal(value))


def first_issue(invoices: Sequence[InvoiceFacts], as_of: date) -> date | None:
    """The earliest issue date up to ``as_of``, if any invoice was issued by then."""
    return min((invoice.issue_date for invoice in invoices if invoice.issue_date <= as_of), default=None)


def previous_month_end(day: date) -> date:
    """The last day of the month before ``day``'s month."""
    return day.replace(day=1) - timedelta(days=1)
