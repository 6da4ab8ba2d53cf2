"""The logical records of a BAI2 file, cut from its physical lines.

A BAI2 record is ``NN,fields…/``. Real files bend the layout, and this module straightens it
before the ``bai2`` library sees a record:

- several records on one physical line (``…,2/   02,…``) are split, and a line that does not
  start with a record code continues the previous record's text;
- ``88`` continuation records are kept with the record they continue, so the file line of
  every record and the physical record count (for the trailers' counts) are known;
- an ``03`` record continued by ``88`` records is joined field by field, telling a bank's
  extra comma before ``/`` from a summary cut in the middle (``…,190/`` + ``88,500000``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ingest.reader import ReaderError

_CODES = ("01", "02", "03", "16", "49", "88", "98", "99")
_RECORD = re.compile(r"^(\d{2}),")
# Records sharing one physical line: "…,2/   02,…".
_NEXT_RECORD = re.compile(r"(?<=/)\s+(?=(?:" + "|".join(_CODES) + "),)")


@dataclass
class Record:
    """One record with its continuations: code, text after ``NN,``, first file line."""

    code: str
    text: str
    line: int
    continuations: list[str] = field(default_factory=list)

    @property
    def physical(self) -> int:
        """How many records the file counts for it (itself and its ``88`` records)."""
        return 1 + len(self.continuations)

    def library_lines(self) -> list[str]:
        """The lines to hand the library: ``03`` records joined into one, others as they are."""
        if self.code == "03" and self.continuations:
            return ["03," + _join_account_identifier([self.text, *self.continuations])]
        return [f"{self.code},{self.text}", *(f"88,{text}" for text in self.continuations)]


def _summary_end(fields: list[str]) -> bool:
    """Whether the ``03`` fields (account, currency, summaries…) end on a summary boundary."""
    position = 2
    while position < len(fields):
        funds = fields[position + 3] if position + 3 < len(fields) else None
        position += 4
        if funds == "S":
            position += 3
        elif funds == "V":
            position += 2
        elif funds == "D":
            count = fields[position] if position < len(fields) else ""
            position += 1 + 2 * (int(count) if count.isdigit() else 0)
    return position == len(fields)


def _join_account_identifier(parts: list[str]) -> str:
    """An ``03`` record and its ``88`` continuations as one record, fields aligned.

    A continuation starts with the next field. Some banks write an extra empty field before
    the ``/`` that ends a record on a summary boundary (``015,35217175,,,/``): it is dropped.
    """
    fields: list[str] = []
    for index, part in enumerate(parts):
        body = part.strip()
        ended = body.endswith("/")
        fields.extend((body[:-1] if ended else body).split(","))
        last = index == len(parts) - 1
        if ended and not last and fields[-1] == "" and _summary_end(fields[:-1]):
            fields.pop()
    return ",".join(fields)


def iter_records(lines: Iterable[str]) -> Iterator[Record]:
    """The logical records of a BAI2 text, with their file line numbers."""
    current: Record | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        for piece in _NEXT_RECORD.split(line):
            match = _RECORD.match(piece)
            if match is None:
                if current is None:
                    raise ReaderError(f"line {number}: not a BAI2 record: {piece[:40]!r}")
                _continue(current, piece)
                continue
            code = match.group(1)
            if code not in _CODES:
                raise ReaderError(f"line {number}: unknown BAI2 record code {code!r}")
            if code == "88" and current is not None:
                current.continuations.append(piece[3:])
                continue
            if current is not None:
                yield current
            current = Record(code, piece[3:], number)
    if current is not None:
        yield current


def _continue(record: Record, text: str) -> None:
    """A line without record code: more text of the previous record (or continuation)."""
    if record.continuations:
        record.continuations[-1] += " " + text
    else:
        record.text += " " + text
