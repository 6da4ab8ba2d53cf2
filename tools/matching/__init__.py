"""Cash application (*lettrage*): which invoices a bank payment settles, and how sure we are.

Pure functions over typed data: build a :class:`MatchBook` from customers and open invoices,
then :func:`match_payment` for each payment.
"""

from tools.matching.book import MatchBook
from tools.matching.confidence import Calibration, Evidence
from tools.matching.engine import MatchPolicy, match_payment
from tools.matching.model import (
    CustomerProfile,
    DiscountTerms,
    MatchOutcome,
    OpenInvoice,
    PaymentFacts,
    ProposedAllocation,
    RemittanceLine,
    Status,
    Suggestion,
)

__all__ = [
    "Calibration",
    "CustomerProfile",
    "DiscountTerms",
    "Evidence",
    "MatchBook",
    "MatchOutcome",
    "MatchPolicy",
    "OpenInvoice",
    "PaymentFacts",
    "ProposedAllocation",
    "RemittanceLine",
    "Status",
    "Suggestion",
    "match_payment",
]
