"""The one error of notes and promises: what the user asked for cannot be done, and why."""

from __future__ import annotations


class NotesError(ValueError):
    """A note, promise or search that cannot be carried out (unknown customer, bad amount…)."""
