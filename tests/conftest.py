"""Shared fixtures: golden files, settings isolation and the SQLite/PostgreSQL engines."""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.fixtures_db", "tests.openai_server", "tests.server_fixtures"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        "--update-expected",
        action="store_true",
        dest="update_golden",
        default=False,
        help="rewrite *.expected.json golden files from the current output (review the diff)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("update_golden"))
