"""The command-line fixture of ``tests/cli`` for ingest tests."""

from tests.cli.conftest import arcopilot as arcopilot
