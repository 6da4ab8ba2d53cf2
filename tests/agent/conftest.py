"""The command-line fixture of ``tests/cli`` for the agent's end-to-end tests."""

from tests.cli.conftest import arcopilot as arcopilot
