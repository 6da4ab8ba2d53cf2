"""The manifest a team installs asks for what the app listens to, and points at its endpoint."""

from __future__ import annotations

from pathlib import Path

import yaml

from copilot.slack import ids
from copilot.slack.blocks import HELP
from copilot.slack.mount import EVENTS_PATH

MANIFEST = Path(__file__).parents[2] / "slack" / "manifest.yml"


def test_the_manifest_matches_the_app() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == ids.COMMAND
    settings = manifest["settings"]
    urls = [
        command["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert all(url == f"https://arcopilot.example.com{EVENTS_PATH}" for url in urls)
    assert settings["interactivity"]["is_enabled"] is True
    events = set(settings["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels", "file_shared"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {
        "app_mentions:read",
        "chat:write",
        "commands",
        "files:read",
        "files:write",
        "im:history",
    } <= scopes
    subcommands = {usage.split()[1] for usage, _ in HELP}
    assert subcommands == {word.split()[0] for word in command["usage_hint"].split(" | ")}
