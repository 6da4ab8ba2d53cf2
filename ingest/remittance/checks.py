"""The arithmetic a remittance advice should satisfy, and the confidence left when it does not.

Pure functions over exact amounts: a line's invoice amount less its discount and deduction
is what was paid; the paid amounts sum to the payment and to the totals row. Each failure
is a one-line warning with amounts written ``11,950.00``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import combinations

from ingest.records import RemittanceLineRecord
from tools.money import minor_unit_exponent

BASE_CONFIDENCE = 0.98

ARITHMETIC_REPAIR = "its own arithmetic"
"""What the note of a paid amount taken at its line's arithmetic says (:func:`paid_by_arithmetic`)."""

MAX_REPAIRED = 6
"""Lines whose arithmetic fails beyond which no choice of them is tried (2⁶ sums at most)."""


def shown(amount: Decimal, currency: str) -> str:
    """An amount as a warning writes it: ``11,950.00``."""
    return f"{amount:,.{minor_unit_exponent(currency)}f}"


def line_warning(line: RemittanceLineRecord, currency: str) -> str | None:
    """A warning when the line's invoice amount less discount and deduction is not what it pays."""
    if line.invoice_amount is None or line.paid_amount is None:
        return None
    discount, deduction = line.discount_amount or Decimal(0), line.deduction_amount or Decimal(0)
    expected = line.invoice_amount - discount - deduction
    if expected == line.paid_amount:
        return None
    return (
        f"{line.locator}, invoice {line.invoice_number}: {shown(line.invoice_amount, currency)} "
        f"less discount {shown(discount, currency)} and deduction {shown(deduction, currency)} "
        f"is {shown(expected, currency)} but {shown(line.paid_amount, currency)} is paid"
    )


def paid_by_arithmetic(
    lines: Sequence[RemittanceLineRecord], target: Decimal | None, currency: str
) -> tuple[list[RemittanceLineRecord], list[str]]:
    """Scanned lines whose paid amount contradicts their own arithmetic (invoice amount less
    discount and deduction) taken at that arithmetic, when doing so for exactly one choice of
    them makes the lines add up to ``target`` (the payment or the totals row): two witnesses
    against one misread amount. A note for each line changed; unchanged otherwise."""
    doubtful = [index for index, line in enumerate(lines) if line_warning(line, currency)]
    if target is None or not doubtful or len(doubtful) > MAX_REPAIRED or paid_total(lines) == target:
        return list(lines), []
    fits = [
        chosen
        for size in range(1, len(doubtful) + 1)
        for chosen in combinations(doubtful, size)
        if paid_total([_at_arithmetic(line) if index in chosen else line for index, line in enumerate(lines)])
        == target
    ]
    if len(fits) != 1:
        return list(lines), []
    repaired = [_at_arithmetic(line) if index in fits[0] else line for index, line in enumerate(lines)]
    notes = [
        f"{lines[index].locator}, invoice {lines[index].invoice_number}: paid amount read as "
        f"{shown(lines[index].paid_amount or Decimal(0), currency)} taken as "
        f"{shown(repaired[index].paid_amount or Decimal(0), currency)}, {ARITHMETIC_REPAIR}, "
        "with which the lines add up"
        for index in fits[0]
    ]
    return repaired, notes


def _at_arithmetic(line: RemittanceLineRecord) -> RemittanceLineRecord:
    assert line.invoice_amount is not None
    paid = line.invoice_amount - (line.discount_amount or Decimal(0)) - (line.deduction_amount or Decimal(0))
    return line.model_copy(update={"paid_amount": paid})


def paid_total(lines: Sequence[RemittanceLineRecord]) -> Decimal:
    """The sum of the lines' paid amounts."""
    return sum((line.paid_amount or Decimal(0) for line in lines), Decimal(0))


def total_warnings(
    paid_sum: Decimal,
    payment_amount: Decimal | None,
    totals_amount: Decimal | None,
    totals_row: int | None,
    currency: str,
) -> list[str]:
    """Warnings when the paid amounts do not sum to the stated payment or to the totals row."""
    warnings: list[str] = []
    if payment_amount is not None and payment_amount != paid_sum:
        warnings.append(
            f"lines sum to {shown(paid_sum, currency)} but payment is {shown(payment_amount, currency)}"
        )
    if totals_amount is not None and totals_amount not in (paid_sum, payment_amount):
        warnings.append(
            f"lines sum to {shown(paid_sum, currency)} but the totals row (row {totals_row}) "
            f"says {shown(totals_amount, currency)}"
        )
    return warnings


def confidence(
    *, total_problems: int, line_problems: int, bad_rows: int, has_payer: bool, has_date: bool
) -> float:
    """How far an extraction can be trusted, 0.05 to :data:`BASE_CONFIDENCE`, two decimals."""
    value = BASE_CONFIDENCE - 0.2 * total_problems - min(0.3, 0.1 * line_problems)
    value -= 0.2 if bad_rows else 0.0
    value -= (0.0 if has_payer else 0.05) + (0.0 if has_date else 0.05)
    return round(max(0.05, value), 2)
