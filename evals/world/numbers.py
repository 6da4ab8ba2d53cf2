"""Invoice-number styles, creditor references, and the ways payers write (and garble) numbers.

A world uses several numbering styles (``FA-2026-00123``, ``F2026001234``, ``INV-10023``,
``INV/2026/0042``, ``2026-0815``, ``100234``, ``FC26-00123``, ``RE-26-04711``); each customer
family invoices in one of them. Numbers of one style run in sequence (per year when the style
carries one), so a customer's same-day batch gets consecutive numbers that a payer may write
as a range.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """``prefix`` + ``prefix_sep`` + year (``full``, ``short`` or none) + ``number_sep`` + number."""

    key: str
    prefix: str
    prefix_sep: str
    year: str | None
    number_sep: str
    width: int
    first: tuple[int, int]  # range of the first number of a sequence
    languages: tuple[str, ...]

    def format(self, year: int, number: int) -> str:
        return self.render(NumberParts(self, year, number))

    def render(self, parts: NumberParts) -> str:
        digits = f"{parts.number:0{self.width}d}"
        if self.year is None:
            return f"{self.prefix}{self.prefix_sep if self.prefix else ''}{digits}"
        year = str(parts.year) if self.year == "full" else f"{parts.year % 100:02d}"
        head = f"{self.prefix}{self.prefix_sep}" if self.prefix else ""
        return f"{head}{year}{self.number_sep}{digits}"


@dataclass(frozen=True, slots=True)
class NumberParts:
    """An invoice number's parts (its style, year and sequence number)."""

    style: NumberStyle
    year: int
    number: int

    @property
    def text(self) -> str:
        return self.style.render(self)

    @property
    def digits(self) -> str:
        return f"{self.number:0{self.style.width}d}"


STYLES: tuple[NumberStyle, ...] = (
    NumberStyle("fa_dash", "FA", "-", "full", "-", 5, (80, 900), ("fr",)),
    NumberStyle("f_compact", "F", "", "full", "", 6, (1000, 4000), ("fr",)),
    NumberStyle("fc_short", "FC", "", "short", "-", 5, (100, 2000), ("fr",)),
    NumberStyle("year_dash", "", "", "full", "-", 4, (200, 900), ("fr", "en")),
    NumberStyle("plain", "", "", None, "", 6, (100_000, 400_000), ("fr", "en")),
    NumberStyle("inv_dash", "INV", "-", None, "", 5, (10_000, 40_000), ("en",)),
    NumberStyle("inv_slash", "INV", "/", "full", "/", 4, (10, 400), ("en",)),
    NumberStyle("re_short", "RE", "-", "short", "-", 5, (1000, 9000), ("en",)),
)


def pick_styles(rng: random.Random) -> tuple[NumberStyle, ...]:
    """The numbering styles of a world: four to six, at least two usable per language."""
    while True:
        chosen = tuple(rng.sample(STYLES, rng.randint(4, 6)))
        if all(sum(language in style.languages for style in chosen) >= 2 for language in ("fr", "en")):
            return chosen


def rf_reference(invoice_number: str, *, grouped: bool = False) -> str:
    """The ISO 11649 creditor reference of an invoice: ``RF``, check digits, its letters and digits."""
    body = "".join(char for char in invoice_number.upper() if char.isalnum())[:21]
    check = 98 - int("".join(str(int(char, 36)) for char in body + "RF00")) % 97
    compact = f"RF{check:02d}{body}"
    if not grouped:
        return compact
    return " ".join(compact[index : index + 4] for index in range(0, len(compact), 4))


_OCR = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"}
MANGLINGS = ("prefix", "separators", "zeros", "ocr", "lower", "space")
SAFE_MANGLINGS = ("separators", "zeros", "ocr", "lower", "space")  # keep prefix and year


def _available(parts: NumberParts, allowed: Sequence[str]) -> list[str]:
    style = parts.style
    options = []
    for operation in allowed:
        if operation == "prefix" and not style.prefix:
            continue
        if operation == "separators" and not (style.prefix_sep or style.number_sep):
            continue
        if operation == "zeros" and not parts.digits.startswith("0"):
            continue
        options.append(operation)
    return options


def mangle(parts: NumberParts, rng: random.Random, allowed: Sequence[str] = MANGLINGS) -> tuple[str, str]:
    """The number garbled by one to three of ``allowed`` operations, and their names.

    Prefix lost, separators changed, leading zeros dropped, OCR confusions (0/O, 1/I, 5/S,
    8/B, 2/Z), lower case, a space inside the digits. The result never contains the
    number as printed (case aside).
    """
    options = _available(parts, allowed)
    for _ in range(50):
        operations = rng.sample(options, min(len(options), rng.randint(1, 3)))
        text = _apply(parts, operations, rng)
        if parts.text.upper() not in text.upper():
            return text, "+".join(sorted(operations))
    operations = ["ocr"]
    return _apply(parts, operations, rng), "ocr"


def _apply(parts: NumberParts, operations: Sequence[str], rng: random.Random) -> str:
    style = parts.style
    digits = parts.digits
    if "zeros" in operations:
        digits = digits.lstrip("0") or "0"
    if "space" in operations and len(digits) >= 4:
        cut = rng.randint(2, len(digits) - 2)
        digits = f"{digits[:cut]} {digits[cut:]}"
    if "ocr" in operations:
        positions = [index for index, char in enumerate(digits) if char in _OCR]
        for index in rng.sample(positions, min(len(positions), rng.randint(1, 2))):
            digits = digits[:index] + _OCR[digits[index]] + digits[index + 1 :]
    prefix = "" if "prefix" in operations else style.prefix
    prefix_sep, number_sep = style.prefix_sep, style.number_sep
    if "separators" in operations:
        prefix_sep = rng.choice([sep for sep in ("", " ", ".", "/", "-") if sep != style.prefix_sep])
        number_sep = rng.choice([sep for sep in ("", " ", ".", "/", "-") if sep != style.number_sep])
    if style.year is None:
        text = f"{prefix}{prefix_sep if prefix else ''}{digits}"
    else:
        year = str(parts.year) if style.year == "full" else f"{parts.year % 100:02d}"
        text = f"{prefix}{prefix_sep if prefix else ''}{year}{number_sep}{digits}"
    return text.lower() if "lower" in operations else text


def range_text(first: NumberParts, last: NumberParts, language: str, rng: random.Random) -> str:
    """Consecutive numbers as a payer writes their range: ``FA-2026-00123 à 00125``, ``INV 10023-10025``."""
    tail = last.digits if rng.random() < 0.5 else last.digits.lstrip("0")
    joiner = rng.choice((" à ", " a ", " au ")) if language == "fr" else rng.choice(("-", " - ", " to "))
    style = first.style
    if style.prefix and rng.random() < 0.4:  # prefix once, then the bare numbers: "INV 10023-10025"
        bare_first = first.text[len(style.prefix) :].lstrip(style.prefix_sep)
        return f"{style.prefix} {bare_first}{joiner}{tail}"
    if rng.random() < 0.3:
        return f"{first.text}{joiner}{last.text}"
    return f"{first.text}{joiner}{tail}"


def short_list(parts: Sequence[NumberParts], language: str, rng: random.Random) -> str:
    """Several numbers, the first in full and the others by their sequence digits only."""
    tails = [item.digits.lstrip("0") if rng.random() < 0.5 else item.digits for item in parts[1:]]
    last_joiner = " et " if language == "fr" else " and "
    if len(tails) == 1:
        return f"{parts[0].text}{last_joiner}{tails[0]}"
    return f"{parts[0].text}, {', '.join(tails[:-1])}{last_joiner}{tails[-1]}"


def full_list(numbers: Sequence[str], language: str, rng: random.Random) -> str:
    """Several numbers written out in full, with the separators payers use."""
    separator = rng.choice((", ", " ", "; ", " + ", " / ", ","))
    if rng.random() < 0.3:
        last_joiner = " et " if language == "fr" else " & "
        return separator.join(numbers[:-1]) + last_joiner + numbers[-1]
    return separator.join(numbers)


def last_group(number: str) -> int:
    """The value of the number's last run of digits (``FA-2026-00123`` → 123)."""
    runs = re.findall(r"\d+", number)
    return int(runs[-1]) if runs else -1
