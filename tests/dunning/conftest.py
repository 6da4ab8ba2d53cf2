"""Fixtures of the dunning tests: the small ledger, the test rate tables and an SMTP server."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import Engine

from copilot.db.engine import transaction
from copilot.settings import Settings
from tests.dunning.smtp_server import smtp_server as smtp_server
from tests.dunning.world import RATES_YAML, build_world


def plain(text: str) -> str:
    """``text`` with every kind of space made ordinary (babel writes 1 200,00 € with U+202F and U+00A0)."""
    return "".join(" " if unicodedata.category(char) == "Zs" else char for char in text)


@pytest.fixture
def world_settings(settings: Settings, tmp_path: Path) -> Settings:
    """The test database's settings with the test rate tables and a company name."""
    rates = tmp_path / "rates.yml"
    rates.write_text(RATES_YAML, encoding="utf-8")
    return settings.model_copy(
        update={
            "dunning_rates_file": rates,
            "dunning_company_name": "Fournitures Martin SA",
            "dunning_from_address": "Relances <relances@martin.example>",
        }
    )


@pytest.fixture
def world(engine: Engine) -> Engine:
    """The migrated test database holding the ledger of :mod:`tests.dunning.world`."""
    with transaction(engine) as session:
        build_world(session)
    return engine
