"""The Jinja2 templates of the web interface and the filters they use (money, percentages)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.templating import Jinja2Templates

from copilot.locales import format_money, language_of


def _money(amount: str | Decimal | None, currency: str | None, language: str) -> str:
    if amount is None or amount == "" or not currency:
        return "—" if amount in (None, "") else str(amount)
    return format_money(Decimal(str(amount)), currency, language_of(language))


def _percent(share: float | str | None) -> str:
    return "—" if share is None else f"{float(share) * 100:.1f} %"


def _json_script(value: Any) -> Markup:
    """``value`` as JSON safe inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


_environment = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters |= {"money": _money, "percent": _percent, "json_script": _json_script}
templates = Jinja2Templates(env=_environment)
