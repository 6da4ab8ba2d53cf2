"""Small helpers of the Slack tests: the text of posted blocks, and waiting for the app's threads."""

from __future__ import annotations

import unicodedata
from typing import Any

from fastapi.testclient import TestClient


def plain(text: str) -> str:
    """``text`` with every kind of space made ordinary (babel groups French thousands with U+202F)."""
    return "".join(" " if unicodedata.category(char) == "Zs" else char for char in text)


def block_text(blocks: list[dict[str, Any]]) -> str:
    """Every text of ``blocks``, joined (sections, context elements, buttons)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return plain("\n".join(found))


def settle(client: TestClient) -> None:
    """Wait for every listener the app started to finish (its executor is shut down and joined)."""
    client.app.state.slack_bolt.listener_runner.listener_executor.shutdown(wait=True)  # type: ignore[attr-defined]


def button_values(blocks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The ``(action_id, value)`` of every button of ``blocks``."""
    return [
        (element["action_id"], element["value"])
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
    ]
