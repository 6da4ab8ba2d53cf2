"""What the suggestion edit modal submits: allocations as text, one invoice per line."""

from __future__ import annotations

from decimal import Decimal

from copilot.locales import parse_typed_amount
from copilot.services.review import ZERO, EditedLine


class EditError(ValueError):
    """The modal's text cannot be read; the message says which line and why."""


def _amount(text: str, line: int) -> Decimal:
    try:
        value = parse_typed_amount(text)
    except ValueError:
        raise EditError(f"line {line}: {text!r} is not an amount") from None
    if value < ZERO:
        raise EditError(f"line {line}: {text!r} is not a positive amount")
    return value


def parse_allocations(text: str, default_code: str | None = None) -> list[EditedLine]:
    """``INVOICE AMOUNT [DEDUCTION [CODE]]`` per line, as the edit modal shows them; a deduction
    without a code takes ``default_code``."""
    edits = []
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = raw.split()
        if not parts:
            continue
        if len(parts) < 2 or len(parts) > 4:
            raise EditError(f"line {number}: write INVOICE AMOUNT [DEDUCTION [CODE]], got {raw.strip()!r}")
        deduction = _amount(parts[2], number) if len(parts) > 2 else ZERO
        code = parts[3].upper() if len(parts) > 3 else default_code
        edits.append(
            EditedLine(parts[0], _amount(parts[1], number), deduction_amount=deduction, deduction_code=code)
        )
    if not edits:
        raise EditError("give at least one invoice")
    return edits
