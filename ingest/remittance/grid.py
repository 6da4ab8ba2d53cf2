"""A remittance sheet as rows around its table header: the ledger's table reader, errors as
:class:`ReaderError` (the rows above the header hold the payer, date and amount fields)."""

from __future__ import annotations

from pathlib import Path

from ingest.ledger.table import HeaderScore, LedgerFileError, Table, read_table
from ingest.reader import ReaderError

Grid = Table


class GridError(ReaderError):
    """A file that cannot be read as a remittance sheet; one line naming the file."""


def read_grid(path: Path, score: HeaderScore, *, header_only: bool = False) -> Grid:
    """Read ``path`` and find its table header with ``score``; raise :class:`GridError`.

    With ``header_only`` the rows below the header are not read (a cheap identification).
    """
    try:
        return read_table(path, score, header_only=header_only, wanted="remittance table header")
    except LedgerFileError as exc:
        raise GridError(str(exc)) from exc
