"""Column types: exact amounts on every engine, UTC-aware timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Numeric
from sqlalchemy.types import TypeDecorator, TypeEngine

AMOUNT_SCALE = 4  # enough for every ISO 4217 minor unit (CLF has 4)


class Amount(TypeDecorator[Decimal]):
    """An exact money amount.

    PostgreSQL stores ``NUMERIC(24, 4)``. SQLite has no exact decimal type (its NUMERIC
    affinity falls back to binary floating point), so there the amount is stored as a
    64-bit integer of ten-thousandths: exact, ordered and summable.
    """

    impl = Numeric(24, AMOUNT_SCALE, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(24, AMOUNT_SCALE, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"amounts must be Decimal, got {type(value).__name__}")
        scaled = value.scaleb(AMOUNT_SCALE)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {AMOUNT_SCALE} decimals")
        if dialect.name == "sqlite":
            return int(scaled)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-AMOUNT_SCALE)
        return Decimal(value)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the engine keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use an aware UTC timestamp")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    """The current UTC time (database layer only; tools and ingest never read the clock)."""
    return datetime.now(UTC)
