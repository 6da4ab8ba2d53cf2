"""The README documents every command, and its two set-up commands exist in the Makefile."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from copilot.cli.main import app

ROOT = Path(__file__).parents[1]


def command_paths() -> list[str]:
    group = typer.main.get_group(app)
    paths = []
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands:
            paths.extend(f"{name} {sub}" for sub in subcommands)
        else:
            paths.append(name)
    return sorted(paths)


def test_every_command_is_in_the_readme_cli_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [path for path in command_paths() if f"`arcopilot {path}" not in readme]
    assert missing == []


def test_the_two_setup_commands_are_make_targets() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = readme.split("## ", 1)[0]
    assert re.findall(r"^make (\w+)", first_screen, flags=re.MULTILINE) == ["demo", "test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.MULTILINE) and re.search(r"^test:", makefile, re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
