"""The dated rate tables behind the late-payment amounts, read from YAML.

The format is documented at the top of the packaged ``tools/dunning/rates.yml``. Rates and
amounts are quoted decimal strings (a YAML float is refused: it is not exact). Every problem is
reported as one line naming the file and the entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

DEFAULT_RATES = "rates.yml"
_KEYS = (
    "ecb_refinancing",
    "boe_base",
    "fr_margin_points",
    "fr_indemnity",
    "uk_margin_points",
    "uk_fixed_sums",
)


class RatesError(ValueError):
    """A rates file that cannot be used, with the file and entry at fault."""


@dataclass(frozen=True, slots=True)
class DatedRate:
    """A central bank rate (percent) applying from ``start`` until the next entry's start."""

    start: date
    rate: Decimal


@dataclass(frozen=True, slots=True)
class FixedSumBand:
    """A fixed sum owed on a late debt under ``below`` (``None``: any larger debt)."""

    below: Decimal | None
    amount: Decimal


@dataclass(frozen=True, slots=True)
class RateTables:
    """The reference rate histories, margins (points) and fixed sums of the French and UK rules."""

    ecb_refinancing: tuple[DatedRate, ...]
    boe_base: tuple[DatedRate, ...]
    fr_margin_points: Decimal
    fr_indemnity: Decimal
    uk_margin_points: Decimal
    uk_fixed_sums: tuple[FixedSumBand, ...]


def rate_on(table: Sequence[DatedRate], day: date, *, name: str = "rate table") -> Decimal:
    """The rate in force on ``day``: the latest entry starting on or before it.

    Raises :class:`RatesError` when ``day`` is before the table's first entry.
    """
    in_force = [entry for entry in table if entry.start <= day]
    if not in_force:
        raise RatesError(f"{name}: no rate in force on {day.isoformat()} (the table starts later)")
    return in_force[-1].rate


def load_rates(path: Path | None = None) -> RateTables:
    """The rate tables of ``path``, or the packaged default ones when ``path`` is None."""
    if path is None:
        resource = resources.files(__package__ or "tools.dunning").joinpath(DEFAULT_RATES)
        return parse_rates(resource.read_text(encoding="utf-8"), source=f"<packaged {DEFAULT_RATES}>")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RatesError(f"{path}: cannot read the rates file: {exc}") from exc
    return parse_rates(text, source=str(path))


def parse_rates(text: str, *, source: str = "<string>") -> RateTables:
    """Validate rate tables from YAML text; ``source`` names the text in error messages."""
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise RatesError(f"{source}: not valid YAML: {first_line}") from exc
    if not isinstance(raw, dict):
        raise RatesError(f"{source}: expected a mapping with {', '.join(_KEYS)}")
    unknown = sorted(str(key) for key in raw if key not in _KEYS)
    missing = [key for key in _KEYS if key not in raw]
    if unknown or missing:
        problems = ([f"unknown {', '.join(unknown)}"] if unknown else []) + (
            [f"missing {', '.join(missing)}"] if missing else []
        )
        raise RatesError(f"{source}: {'; '.join(problems)}")
    return RateTables(
        ecb_refinancing=_history(raw["ecb_refinancing"], f"{source}: ecb_refinancing"),
        boe_base=_history(raw["boe_base"], f"{source}: boe_base"),
        fr_margin_points=_decimal(raw["fr_margin_points"], f"{source}: fr_margin_points"),
        fr_indemnity=_decimal(raw["fr_indemnity"], f"{source}: fr_indemnity"),
        uk_margin_points=_decimal(raw["uk_margin_points"], f"{source}: uk_margin_points"),
        uk_fixed_sums=_bands(raw["uk_fixed_sums"], f"{source}: uk_fixed_sums"),
    )


def _history(raw: Any, where: str) -> tuple[DatedRate, ...]:
    if not isinstance(raw, list) or not raw:
        raise RatesError(f'{where}: expected a non-empty list of {{from: date, rate: "percent"}}')
    entries = []
    for index, entry in enumerate(raw):
        at = f"{where}[{index}]"
        if not isinstance(entry, dict) or set(entry) != {"from", "rate"}:
            raise RatesError(f"{at}: expected exactly the keys from and rate, got {entry!r}")
        entries.append(DatedRate(_date(entry["from"], f"{at}.from"), _decimal(entry["rate"], f"{at}.rate")))
    for index, (previous, entry) in enumerate(pairwise(entries), start=1):
        if entry.start <= previous.start:
            raise RatesError(
                f"{where}[{index}]: from {entry.start.isoformat()}"
                f" must come after {previous.start.isoformat()}"
            )
    return tuple(entries)


def _bands(raw: Any, where: str) -> tuple[FixedSumBand, ...]:
    if not isinstance(raw, list) or not raw:
        raise RatesError(f'{where}: expected a non-empty list of {{below: "amount", amount: "amount"}}')
    bands = []
    for index, entry in enumerate(raw):
        at = f"{where}[{index}]"
        if not isinstance(entry, dict) or "amount" not in entry or not set(entry) <= {"below", "amount"}:
            raise RatesError(f"{at}: expected the keys amount and (except the last) below, got {entry!r}")
        below = _decimal(entry["below"], f"{at}.below") if "below" in entry else None
        bands.append(FixedSumBand(below, _decimal(entry["amount"], f"{at}.amount")))
    limits = [band.below for band in bands[:-1]]
    if any(limit is None for limit in limits) or bands[-1].below is not None:
        raise RatesError(f"{where}: every band but the last needs a below, and the last none")
    for index, (previous, band) in enumerate(pairwise(bands[:-1]), start=1):
        if previous.below is not None and band.below is not None and band.below <= previous.below:
            raise RatesError(f"{where}[{index}]: below {band.below} must be above {previous.below}")
    return tuple(bands)


def _decimal(value: Any, at: str) -> Decimal:
    if isinstance(value, float):
        raise RatesError(f'{at}: write {value} as a quoted string ("{value}"): a YAML float is not exact')
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RatesError(f"{at}: expected a decimal number as a quoted string, got {value!r}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise RatesError(f"{at}: not a decimal number: {value!r}") from None
    if not number.is_finite() or number < 0:
        raise RatesError(f"{at}: expected a finite number of 0 or more, got {value!r}")
    return number


def _date(value: Any, at: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise RatesError(f"{at}: expected a date YYYY-MM-DD, got {value!r}")
