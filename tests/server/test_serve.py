"""``arcopilot serve`` really listens: a child process on a free port answers /healthz."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx


def test_serve_answers_healthz(db_url: str, free_tcp_port: int, tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "copilot.cli.main",
        "--db",
        db_url,
        "serve",
        "--port",
        str(free_tcp_port),
    ]
    env = {**os.environ, "ARCOPILOT_DATA_DIR": str(tmp_path / "data")}
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{free_tcp_port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not start within 60 s"
                time.sleep(0.3)
        assert answer.json() == {"status": "ok", "revision": "0006"}
        assert (
            httpx.get(f"http://127.0.0.1:{free_tcp_port}/api/openapi.json").json()["info"]["title"]
            == "AR Copilot"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert (tmp_path / "data" / "session.key").stat().st_mode & 0o077 == 0
