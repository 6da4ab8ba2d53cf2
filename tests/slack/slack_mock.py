"""A local Slack: the Web API methods the app calls, private file downloads and the upload URL,
on a free port, recording every call; and requests signed exactly as Slack signs them."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode

import httpx2
from fastapi.testclient import TestClient

BOT_TOKEN = "xoxb-test-bot-token"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_USER = "UBOT"
DECODED = ("blocks", "view", "files", "attachments")


@dataclass
class Call:
    """One request the app made: the Web API method (or ``download`` / ``upload``) and its data."""

    method: str
    data: dict[str, Any]
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class SlackMock:
    """The recorded calls and the files the mock will hand out."""

    url: str = ""
    calls: list[Call] = field(default_factory=list)
    files: dict[str, tuple[dict[str, Any], bytes]] = field(default_factory=dict)
    _ts: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def share(self, file_id: str, name: str, content: bytes, *, channel: str, ts: str) -> dict[str, Any]:
        """A file as ``files.info`` describes it, shared by the message ``ts`` in ``channel``."""
        info = {
            "id": file_id,
            "name": name,
            "size": len(content),
            "url_private_download": f"{self.url}/download/{file_id}/{name}",
            "shares": {"private": {channel: [{"ts": ts}]}},
        }
        self.files[file_id] = (info, content)
        return info

    def record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def next_ts(self) -> str:
        with self._lock:
            return f"1700000000.{next(self._ts):06d}"

    def of(self, method: str) -> list[Call]:
        """The calls of ``method`` so far, in order."""
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def effects(self) -> list[Call]:
        """Every call but ``auth.test`` (which only checks the token): what the app did in Slack."""
        with self._lock:
            return [call for call in self.calls if call.method != "auth.test"]

    def wait_for(self, method: str, count: int = 1, timeout: float = 120.0) -> list[Call]:
        """The first ``count`` calls of ``method``, waiting for the app's threads (fails on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.of(method)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"{method} called {len(self.of(method))} times, expected {count}: {self.calls}")

    def wait_until(self, check: Callable[[], bool], timeout: float = 120.0) -> None:
        """Poll ``check`` until it holds (fails on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.02)
        raise AssertionError(f"condition never held; calls: {self.calls}")

    def reply(self, method: str, data: dict[str, Any]) -> dict[str, Any]:
        """What Slack answers to ``method``."""
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "BBOT", "team_id": "T1", "user": "arcopilot"}
        if method == "chat.postMessage":
            return {"ok": True, "channel": data.get("channel"), "ts": self.next_ts(), "message": {}}
        if method == "chat.update":
            return {"ok": True, "channel": data.get("channel"), "ts": data.get("ts")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.next_ts()}
        if method == "files.info":
            known = self.files.get(str(data.get("file")))
            return {"ok": True, "file": known[0]} if known else {"ok": False, "error": "file_not_found"}
        if method == "files.getUploadURLExternal":
            file_id = f"FUP{len(self.of(method))}"
            return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": item["id"]} for item in data.get("files", [])]}
        return {"ok": True}


def _decoded(raw: bytes, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        data: dict[str, Any] = json.loads(raw or b"{}")
        return data
    data = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
    for key in DECODED:
        if isinstance(data.get(key), str):
            data[key] = json.loads(data[key])
    return data


def serve(mock: SlackMock) -> ThreadingHTTPServer:
    """Start ``mock`` on a free local port (``mock.url`` set); shut it down when done."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            headers = dict(self.headers.items())
            if self.path.startswith("/download/"):
                file_id = self.path.split("/")[2]
                mock.record(Call("download", {"file": file_id}, headers))
                if headers.get("Authorization") != f"Bearer {BOT_TOKEN}" or file_id not in mock.files:
                    self._send(200, b"<html>sign in</html>", "text/html")
                    return
                self._send(200, mock.files[file_id][1], "application/octet-stream")
                return
            self._send(404, b"", "text/plain")

        def do_POST(self) -> None:
            headers = dict(self.headers.items())
            raw = self.rfile.read(int(headers.get("Content-Length") or 0))
            if self.path.startswith("/upload/"):
                mock.record(Call("upload", {"file": self.path.split("/")[2]}, headers, raw))
                self._send(200, b"OK - 200", "text/plain")
                return
            method = self.path.removeprefix("/api/")
            data = _decoded(raw, headers.get("Content-Type", ""))
            mock.record(Call(method, data, headers, raw))
            self._send(200, json.dumps(mock.reply(method, data)).encode(), "application/json")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    mock.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def signature(body: str, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    """``X-Slack-Signature`` of ``body``: v0 HMAC-SHA256 of ``v0:{timestamp}:{body}``."""
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return f"v0={digest}"


def post_signed(
    client: TestClient,
    body: str,
    content_type: str,
    *,
    timestamp: int | None = None,
    secret: str = SIGNING_SECRET,
    headers: dict[str, str] | None = None,
) -> httpx2.Response:
    """POST ``body`` to /slack/events as Slack would (signed now unless told otherwise)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return client.post(
        "/slack/events",
        content=body.encode(),
        headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature(body, stamp, secret),
            **(headers or {}),
        },
    )


def event_body(event: dict[str, Any], event_id: str) -> str:
    """An Events API envelope around ``event``."""
    return json.dumps(
        {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": 1700000000,
        }
    )


def command_body(user: str, text: str, channel: str = "CGENERAL") -> str:
    """A ``/ar`` slash command as Slack posts it (form-encoded)."""
    return urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "channel_id": channel,
            "user_id": user,
            "command": "/ar",
            "text": text,
            "response_url": "https://hooks.slack.invalid/commands/1",
            "trigger_id": "trigger-1",
        }
    )


def payload_body(payload: dict[str, Any]) -> str:
    """An interactivity request: ``payload=<json>``, form-encoded."""
    return urlencode({"payload": json.dumps(payload)})


def click(user: str, action_id: str, value: str, *, channel: str, ts: str, action_ts: str) -> str:
    """A button pressed on the message ``ts``."""
    return payload_body(
        {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": user},
            "api_app_id": "A1",
            "trigger_id": f"trigger-{action_ts}",
            "container": {"type": "message", "channel_id": channel, "message_ts": ts},
            "channel": {"id": channel},
            "message": {"ts": ts},
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "b",
                    "value": value,
                    "action_ts": action_ts,
                }
            ],
        }
    )
