"""A local OpenAI-compatible server whose replies the test scripts (no network, no model).

``POST /v1/chat/completions`` answers each request with the next queued :class:`Reply`
(or with ``server.respond(request)`` when a function is set): plain content, JSON content,
tool calls, a refusal, an HTTP error or a body that is not JSON; ``"stream": true`` gets the
same reply as server-sent events. Every request body is recorded in ``server.requests``.

Use the ``openai_server`` fixture (``tests/conftest.py`` lists this module in ``pytest_plugins``)
and point a real client at ``server.base_url``
with any API key.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

CHAT_PATH = "/v1/chat/completions"
MODEL_ID = "scripted-model"


@dataclass(frozen=True)
class Reply:
    """One scripted answer; build it with the class methods."""

    status: int = 200
    content: str | None = None
    tool_calls: tuple[tuple[str, dict[str, Any]], ...] = ()
    refusal: str | None = None
    raw_body: bytes | None = None

    @classmethod
    def text(cls, content: str) -> Reply:
        return cls(content=content)

    @classmethod
    def json(cls, data: Any) -> Reply:
        return cls(content=json.dumps(data))

    @classmethod
    def tools(cls, *calls: tuple[str, dict[str, Any]]) -> Reply:
        """Tool calls, each ``(name, arguments)``."""
        return cls(tool_calls=calls)

    @classmethod
    def refused(cls, reason: str) -> Reply:
        return cls(refusal=reason)

    @classmethod
    def error(cls, status: int = 500, message: str = "scripted server error") -> Reply:
        body = {"error": {"message": message, "type": "server_error", "code": status}}
        return cls(status=status, raw_body=json.dumps(body).encode())

    @classmethod
    def invalid_json(cls) -> Reply:
        """A 200 whose body is not JSON."""
        return cls(raw_body=b"{this is not json")


@dataclass
class OpenAIServer:
    """The running server: its URL, the replies to give and the requests received."""

    base_url: str = ""
    replies: deque[Reply] = field(default_factory=deque)
    respond: Callable[[dict[str, Any]], Reply] | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)

    def enqueue(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def next_reply(self, request: dict[str, Any]) -> Reply:
        self.requests.append(request)
        if self.respond is not None:
            return self.respond(request)
        if self.replies:
            return self.replies.popleft()
        return Reply.error(500, "no scripted reply left")

    @property
    def last_request(self) -> dict[str, Any]:
        return self.requests[-1]


def completion(reply: Reply, request: dict[str, Any], number: int) -> dict[str, Any]:
    """The ``chat.completion`` object for a successful reply."""
    message: dict[str, Any] = {"role": "assistant", "content": reply.content, "refusal": reply.refusal}
    if reply.tool_calls:
        message["tool_calls"] = _tool_calls(reply)
    return {
        "id": f"chatcmpl-{number}",
        "object": "chat.completion",
        "created": 0,
        "model": request.get("model", MODEL_ID),
        "choices": [{"index": 0, "message": message, "finish_reason": _finish_reason(reply)}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def chunks(reply: Reply, request: dict[str, Any], number: int) -> Iterator[dict[str, Any]]:
    """The ``chat.completion.chunk`` events for a successful reply, streamed."""
    base = {"id": f"chatcmpl-{number}", "object": "chat.completion.chunk", "created": 0}
    base["model"] = request.get("model", MODEL_ID)
    delta: dict[str, Any] = {"role": "assistant", "content": reply.content or ""}
    if reply.refusal:
        delta["refusal"] = reply.refusal
    if reply.tool_calls:
        delta["tool_calls"] = [{"index": i, **call} for i, call in enumerate(_tool_calls(reply))]
    yield {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
    yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": _finish_reason(reply)}]}


def _tool_calls(reply: Reply) -> list[dict[str, Any]]:
    return [
        {"id": f"call_{i}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
        for i, (name, args) in enumerate(reply.tool_calls)
    ]


def _finish_reason(reply: Reply) -> str:
    return "tool_calls" if reply.tool_calls else "stop"


def _handler(server: OpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path != CHAT_PATH:
                self._send(404, json.dumps({"error": {"message": f"no route {self.path}"}}).encode())
                return
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            reply = server.next_reply(request)
            number = len(server.requests)
            if reply.raw_body is not None:
                self._send(reply.status, reply.raw_body)
            elif request.get("stream"):
                events = [f"data: {json.dumps(chunk)}\n\n" for chunk in chunks(reply, request, number)]
                body = ("".join(events) + "data: [DONE]\n\n").encode()
                self._send(200, body, "text/event-stream")
            else:
                self._send(200, json.dumps(completion(reply, request, number)).encode())

        def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: the recorded requests are what tests look at."""

    return Handler


@contextmanager
def running_openai_server() -> Iterator[OpenAIServer]:
    """Serve on a free port of 127.0.0.1 in a thread for the duration of the block."""
    server = OpenAIServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    server.base_url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(name="openai_server")
def openai_server_fixture() -> Iterator[OpenAIServer]:
    """A scripted OpenAI-compatible server for one test."""
    with running_openai_server() as server:
        yield server
