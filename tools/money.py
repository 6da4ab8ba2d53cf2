"""Exact money: ``Decimal`` amounts quantised to the currency's ISO 4217 minor unit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

# ISO 4217 minor-unit exponents that differ from the usual 2.
_EXPONENTS: dict[str, int] = {
    **dict.fromkeys(
        [
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ],
        0,
    ),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
    **dict.fromkeys(["CLF", "UYW"], 4),
}


class MoneyError(ValueError):
    """An amount or currency that cannot be represented exactly."""


class CurrencyMismatch(MoneyError):
    """Two amounts in different currencies were combined."""


def normalise_currency(code: str) -> str:
    """Return the upper-case ISO 4217 code, or raise :class:`MoneyError`."""
    cleaned = code.strip().upper()
    if len(cleaned) != 3 or not cleaned.isalpha():
        raise MoneyError(f"not an ISO 4217 currency code: {code!r}")
    return cleaned


def minor_unit_exponent(currency: str) -> int:
    """Number of decimals of ``currency`` (JPY 0, EUR 2, KWD 3)."""
    return _EXPONENTS.get(normalise_currency(currency), 2)


def quantise(amount: Decimal, currency: str, *, exact: bool = True) -> Decimal:
    """Quantise ``amount`` to the currency's minor unit.

    With ``exact`` (the default) an amount that would lose non-zero digits raises
    :class:`MoneyError` instead of being rounded: a bank or ERP figure is never silently
    changed. With ``exact=False`` the amount is rounded half-even (for computed values).
    """
    if not isinstance(amount, Decimal):
        raise MoneyError(f"amounts must be Decimal, got {type(amount).__name__}")
    if not amount.is_finite():
        raise MoneyError(f"not a finite amount: {amount}")
    step = Decimal(1).scaleb(-minor_unit_exponent(currency))
    try:
        result = amount.quantize(step, rounding=ROUND_HALF_EVEN)
    except InvalidOperation as exc:
        raise MoneyError(f"amount out of range: {amount}") from exc
    if exact and result != amount:
        raise MoneyError(f"{amount} has more decimals than {normalise_currency(currency)} allows")
    return result


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency; arithmetic across currencies raises."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        currency = normalise_currency(self.currency)
        object.__setattr__(self, "currency", currency)
        object.__setattr__(self, "amount", quantise(self.amount, currency))

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def to_json(self) -> str:
        """The amount as a string with exactly the currency's decimals."""
        return format_amount(self.amount, self.currency)

    def __str__(self) -> str:
        return f"{self.to_json()} {self.currency}"


def format_amount(amount: Decimal, currency: str) -> str:
    """``amount`` as a plain string with the currency's number of decimals."""
    return f"{quantise(amount, currency, exact=False):f}"
