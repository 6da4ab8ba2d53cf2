"""A record's pydantic validation errors as the one-line messages readers report."""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails


def error_message(error: ErrorDetails) -> str:
    """One error's message, without pydantic's ``Value error, `` prefix."""
    return str(error["msg"]).removeprefix("Value error, ")


def validation_message(exc: ValidationError) -> str:
    """Every error's message, ``; ``-separated."""
    return "; ".join(error_message(error) for error in exc.errors())
