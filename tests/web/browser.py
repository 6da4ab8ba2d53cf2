"""The app served by uvicorn in a thread on the demo company, for the browser tests."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from sqlalchemy import Engine
from typer.testing import CliRunner

from copilot.access import Role
from copilot.cli.main import app as cli
from copilot.db.engine import make_engine, transaction
from copilot.server.app import create_app
from copilot.services.users import add_user
from copilot.settings import Settings
from tests.server_fixtures import PASSWORD

DEMO_AS_OF = "2026-10-31"


@dataclass
class Served:
    """The running server: its address, settings, engine and where screenshots go."""

    url: str
    settings: Settings
    engine: Engine
    screenshots: Path

    def shot(self, page: object, name: str) -> None:
        """Save a full-page screenshot of ``page`` as ``name``.png."""
        page.screenshot(path=str(self.screenshots / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def build_demo(folder: Path) -> Settings:
    """The demo company (``arcopilot demo``) in a SQLite database under ``folder``, with a
    reviewer and a collector who log in with :data:`PASSWORD`."""
    settings = Settings(database_url=f"sqlite:///{folder / 'demo.db'}", data_dir=folder / "data")
    result = CliRunner().invoke(
        cli,
        ["--db", str(settings.database_url), "demo", "--as-of", DEMO_AS_OF, "--json"],
        env={"ARCOPILOT_DATA_DIR": str(settings.data_dir)},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    engine = make_engine(settings.resolved_database_url())
    with transaction(engine) as session:
        for name, role in (("reviewer", Role.REVIEWER), ("collector", Role.COLLECTOR)):
            add_user(session, name=name, role=role, actor="test", password=PASSWORD)
    engine.dispose()
    return settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class ServerThread:
    """uvicorn serving ``create_app(settings)`` until :meth:`stop`."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            create_app(settings, engine), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
