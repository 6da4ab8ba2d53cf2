"""The command-line fixture of ``tests/cli`` for the server tests."""

from tests.cli.conftest import arcopilot as arcopilot
