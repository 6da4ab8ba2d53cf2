"""The contract every reader in ``ingest/`` follows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol, Self

from ingest.records import BankPayment, DocumentFormat, RowError


class ReaderError(ValueError):
    """A file this reader recognised but cannot read; the message says what and where."""


class BankStatementReader(Protocol):
    """A bank statement format: recognise a file from its content, then stream its credits."""

    format: DocumentFormat

    def identify(self, path: Path) -> bool:
        """True when ``path`` is in this format. Cheap (reads the head only); never raises."""
        ...

    def iter_payments(self, path: Path) -> Iterator[BankPayment]:
        """Yield each incoming credit, streaming; raise :class:`ReaderError` on bad content.

        Debits are not payments and are not yielded.
        """
        ...


class RowErrors(ReaderError):
    """Some rows could not be read. Raised only after every good record was yielded.

    ``errors`` holds one :class:`~ingest.records.RowError` per rejected row; the message is
    one line that names the file and the first rows.
    """

    def __init__(self, message: str, errors: tuple[RowError, ...]) -> None:
        super().__init__(message)
        self.errors = errors

    @classmethod
    def of_file(cls, file: str, errors: Sequence[RowError]) -> Self:
        """``"day.csv: 2 bad row(s): row 3, column amount: …; row 9: …"`` (the first five listed)."""
        listed = "; ".join(_describe(error) for error in errors[:MAX_LISTED_ERRORS])
        more = len(errors) - MAX_LISTED_ERRORS
        suffix = f"; and {more} more" if more > 0 else ""
        return cls(f"{file}: {len(errors)} bad row(s): {listed}{suffix}", tuple(errors))


MAX_LISTED_ERRORS = 5


def _describe(error: RowError) -> str:
    column = f", column {error.column}" if error.column else ""
    return f"row {error.row}{column}: {error.message}"
