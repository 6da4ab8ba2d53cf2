"""How one document writes amounts and dates: separators, currency placement, negatives, date styles."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$"}
# Date styles per language: strftime-like keys resolved by :func:`Style.day`.
DATE_STYLES = {
    "fr": ("dd/mm/yyyy", "dd/mm/yyyy", "d month yyyy", "yyyy-mm-dd", "dd.mm.yyyy", "dd/mm/yy"),
    "en": ("dd/mm/yyyy", "d Mon yyyy", "yyyy-mm-dd", "d Month yyyy", "dd-Mon-yy"),
    "us": ("mm/dd/yyyy", "Month d, yyyy", "mm/dd/yy", "Mon d, yyyy"),
}


@dataclass(frozen=True)
class Style:
    """One document's writing habits.

    ``grouping``/``decimal``: ``" "``/``","`` (1 234,56), ``"."``/``","`` (1.234,56),
    ``","``/``"."`` (1,234.56) or ``""`` (1234.56). ``currency``: ``"suffix-symbol"``
    (1 234,56 €), ``"prefix-symbol"`` (€1,234.56), ``"suffix-code"``, ``"prefix-code"`` or
    ``"none"`` (the code is given once, in a header). ``negative``: ``"minus"``, ``"trailing"``
    (24,00-) or ``"parens"``.
    """

    language: str
    grouping: str
    decimal: str
    currency: str
    negative: str
    date_style: str

    def number(self, amount: Decimal) -> str:
        """``amount`` without sign or currency, with this style's separators."""
        whole, _, cents = f"{abs(amount):.2f}".partition(".")
        groups: list[str] = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        return self.grouping.join(groups) + self.decimal + cents

    def money(self, amount: Decimal, currency: str, *, bare: bool = False) -> str:
        """``amount`` as this document prints it (``bare``: never with a currency)."""
        text = self.number(amount)
        placement = "none" if bare else self.currency
        symbol = SYMBOLS.get(currency, currency)
        if placement == "suffix-symbol":
            text = f"{text} {symbol}"
        elif placement == "prefix-symbol":
            text = f"{symbol}{text}" if symbol != currency else f"{currency} {text}"
        elif placement == "suffix-code":
            text = f"{text} {currency}"
        elif placement == "prefix-code":
            text = f"{currency} {text}"
        if amount < 0:
            if self.negative == "trailing":
                return f"{text}-"
            if self.negative == "parens":
                return f"({text})"
            return f"-{text}"
        return text

    def day(self, value: date) -> str:
        """``value`` in this document's date style."""
        months = MONTHS_FR if self.language == "fr" else MONTHS_EN
        style = self.date_style
        if style == "dd/mm/yyyy":
            return f"{value:%d/%m/%Y}"
        if style == "dd/mm/yy":
            return f"{value:%d/%m/%y}"
        if style == "dd.mm.yyyy":
            return f"{value:%d.%m.%Y}"
        if style == "yyyy-mm-dd":
            return value.isoformat()
        if style == "mm/dd/yyyy":
            return f"{value:%m/%d/%Y}"
        if style == "mm/dd/yy":
            return f"{value:%m/%d/%y}"
        month = months[value.month - 1]
        if style == "d month yyyy":
            return f"{value.day} {month} {value.year}"
        if style == "d Mon yyyy":
            return f"{value.day} {month[:3]} {value.year}"
        if style == "d Month yyyy":
            return f"{value.day} {month} {value.year}"
        if style == "dd-Mon-yy":
            return f"{value.day:02d}-{month[:3]}-{value:%y}"
        if style == "Month d, yyyy":
            return f"{month} {value.day}, {value.year}"
        return f"{month[:3]} {value.day}, {value.year}"


def pick_style(language: str, country: str, rng: random.Random, *, negative: str | None = None) -> Style:
    """A plausible style for a payer of ``country`` writing in ``language``."""
    if language == "fr":
        grouping, decimal = rng.choice(((" ", ","), (" ", ","), ("\u00a0", ","), (".", ","), ("", ",")))
        currency = rng.choice(("suffix-symbol", "suffix-symbol", "suffix-code", "none"))
    else:
        grouping, decimal = rng.choice(((",", "."), (",", "."), ("", ".")))
        currency = rng.choice(("prefix-symbol", "prefix-symbol", "prefix-code", "suffix-code", "none"))
    dates = DATE_STYLES["us" if country == "US" else language]
    return Style(
        language=language,
        grouping=grouping,
        decimal=decimal,
        currency=currency,
        negative=negative or rng.choice(("minus", "minus", "trailing", "parens")),
        date_style=rng.choice(dates),
    )
