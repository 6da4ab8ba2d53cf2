"""The progress bar of the evals: on stderr, so JSON on stdout stays clean."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def stderr_progress(enabled: bool) -> Progress:
    """A bar with the task's description, count and elapsed time, hidden when ``enabled`` is false."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        disable=not enabled,
        redirect_stdout=False,
        redirect_stderr=False,
    )
