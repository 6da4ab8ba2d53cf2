"""The contract every remittance advice reader follows (spreadsheet now; PDF and email later)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from ingest.records import DocumentFormat, RemittanceRecord


@runtime_checkable
class RemittanceReader(Protocol):
    """A remittance advice format: recognise a file from its content, then read its remittances."""

    name: str

    def identify(self, path: Path) -> bool:
        """True when ``path`` is in this format. Cheap; never raises."""
        ...

    def document_format(self, path: Path) -> DocumentFormat:
        """The ``document.format`` of ``path`` in the ``extract --json`` contract."""
        ...

    def iter_remittances(self, path: Path) -> Iterator[RemittanceRecord]:
        """Yield each remittance; raise :class:`~ingest.reader.ReaderError` on bad content.

        Rows that could not be read raise :class:`~ingest.reader.RowErrors` after the
        remittances were yielded.
        """
        ...
