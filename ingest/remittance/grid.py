"""A remittance table as rows around its header, from a file or from an email body.

A file is read by the ledger's table reader (errors as :class:`ReaderError`); the rows above
the header hold the payer, date and amount fields. An email body's text lines and tables
give one grid per table that holds a remittance header (:func:`find_grids`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.ledger.table import HeaderScore, LedgerFileError, Row, Table, read_table
from ingest.reader import ReaderError


class GridError(ReaderError):
    """A file that cannot be read as a remittance sheet; one line naming the file."""


@dataclass(frozen=True)
class Grid:
    """A remittance table: the rows above its header, the header, the rows below it in the
    table, and the rows after the table (text lines that may hold fields); ``place`` prefixes
    locators (``"sheet Avis"``, ``"HTML body"``)."""

    header_row: int
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    above: tuple[Row, ...] = ()
    after: tuple[Row, ...] = ()
    place: str | None = None


def read_grid(path: Path, score: HeaderScore, *, header_only: bool = False) -> Table:
    """Read ``path`` and find its table header with ``score``; raise :class:`GridError`.

    With ``header_only`` the rows below the header are not read (a cheap identification).
    """
    try:
        return read_table(path, score, header_only=header_only, wanted="remittance table header")
    except LedgerFileError as exc:
        raise GridError(str(exc)) from exc


def grid_of_table(table: Table) -> Grid:
    """The grid of a sheet read from a file; its locators name the sheet of a workbook."""
    place = f"sheet {table.sheet}" if table.sheet else None
    return Grid(table.header_row, table.header, table.rows, table.above, place=place)


def find_grids(
    rows: Sequence[tuple[int | None, Row]], score: HeaderScore, *, place: str | None = None
) -> list[Grid]:
    """One grid per table whose rows hold a header that ``score`` accepts.

    ``rows`` are the body's rows in order, each with the index of its table (``None`` for a
    text line). A grid's ``above`` is what follows the previous grid's table; its ``after``
    the text lines up to the next table.
    """
    grids: list[Grid] = []
    start = 0
    index = 0
    while index < len(rows):
        table, row = rows[index]
        header = tuple("" if cell is None else str(cell) for cell in row.cells)
        if table is None or not score(header):
            index += 1
            continue
        end = index + 1
        while end < len(rows) and rows[end][0] == table:
            end += 1
        after_end = end
        while after_end < len(rows) and rows[after_end][0] is None:
            after_end += 1
        grids.append(
            Grid(
                header_row=row.number,
                header=header,
                rows=tuple(body_row for _, body_row in rows[index + 1 : end]),
                above=tuple(body_row for _, body_row in rows[start:index]),
                after=tuple(body_row for _, body_row in rows[end:after_end]),
                place=place,
            )
        )
        start = index = end
    return grids
