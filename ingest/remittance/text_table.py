"""Tables in a laid-out document: a header line of column labels, then one row per invoice.

A header line holds only labels (no digits), among them an invoice-number column and an
amount column, named as remittance sheets name them (:mod:`ingest.remittance.columns`),
in French or English; a label may sit on two lines (``Montant`` over ``payé``). Labels are
split where the words are far apart and, within a run of words, by the longest known
label (``Invoice No Invoice date`` is two columns); other words are columns of their own that
nothing is read from (a payer's ``Doc. no``, a description). A value belongs to the column
whose label it lies under, or the nearest one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.remittance.columns import line_column
from ingest.remittance.layout import TextLine, Word
from ingest.remittance.tokens import Value, fold

GENERIC_AMOUNT = "amount"
"""A column named only ``Montant`` / ``Amount``: what was paid, unless a paid column exists."""
_GENERIC_AMOUNT_LABELS = frozenset({"montant", "amount", "somme", "sum", "montant eur", "amount eur"})
_AMOUNT_FIELDS = frozenset({"invoice_amount", "paid_amount", GENERIC_AMOUNT})
_LONGEST_LABEL = 5


@dataclass(frozen=True)
class Column:
    """A column: the field it holds (``None`` when unknown) and its label's extent."""

    field: str | None
    label: str
    x0: float
    x1: float

    def distance(self, value: Value) -> float:
        """0 when the value lies under the label (minus the overlap), else the gap between them."""
        overlap = min(self.x1, value.x1) - max(self.x0, value.x0)
        if overlap > 0:
            return -overlap
        return max(self.x0 - value.x1, value.x0 - self.x1)


@dataclass(frozen=True)
class TableHeader:
    """The columns of a table, left to right, and the line(s) that name them."""

    columns: tuple[Column, ...]
    lines: int

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(column.field for column in self.columns if column.field)


def _cells(words: Sequence[Word], gap: float) -> list[list[Word]]:
    cells: list[list[Word]] = []
    for word in words:
        if cells and word.x0 - cells[-1][-1].x1 <= gap:
            cells[-1].append(word)
        else:
            cells.append([word])
    return cells


def _label_field(text: str) -> str | None:
    folded = fold(text).strip(" :.")
    if folded in _GENERIC_AMOUNT_LABELS or folded.startswith(("montant (", "amount (")):
        return GENERIC_AMOUNT
    return line_column(text)


def _columns_of_cell(cell: Sequence[Word]) -> list[Column]:
    """Split a run of close words into known labels (longest first) and unknown words."""
    columns: list[Column] = []
    start = 0
    while start < len(cell):
        for end in range(min(len(cell), start + _LONGEST_LABEL), start, -1):
            text = " ".join(word.text for word in cell[start:end])
            field = _label_field(text)
            if field is not None:
                columns.append(Column(field, text, cell[start].x0, cell[end - 1].x1))
                start = end
                break
        else:
            word = cell[start]
            if columns and columns[-1].field is None:
                last = columns[-1]
                columns[-1] = Column(None, f"{last.label} {word.text}", last.x0, word.x1)
            else:
                columns.append(Column(None, word.text, word.x0, word.x1))
            start += 1
    return columns


def _header_columns(words: Sequence[Word], gap: float) -> tuple[Column, ...]:
    return tuple(column for cell in _cells(words, gap) for column in _columns_of_cell(cell))


def _is_label_line(line: TextLine) -> bool:
    return bool(line.words) and not any(char.isdigit() for char in line.text)


def _usable(columns: Sequence[Column]) -> bool:
    fields = [column.field for column in columns if column.field]
    return (
        "invoice_number" in fields
        and bool(_AMOUNT_FIELDS & set(fields))
        and len(fields) == len(set(fields))
        and sum(1 for column in columns if column.field) * 2 >= len(columns)
    )


def _stacked(first: TextLine, second: TextLine) -> list[Word]:
    """Words of a label written over two lines, each upper cell joined with the cells below it."""
    upper = _cells(first.words, first.gap)
    lower = _cells(second.words, second.gap)
    merged: list[Word] = []
    used: set[int] = set()
    for cell in upper:
        x0, x1 = cell[0].x0, cell[-1].x1
        below = [
            index
            for index, other in enumerate(lower)
            if min(x1, other[-1].x1) - max(x0, other[0].x0) > 0 and index not in used
        ]
        used.update(below)
        text = " ".join([*(w.text for w in cell), *(w.text for i in below for w in lower[i])])
        merged.append(
            Word(
                text,
                min([x0, *(lower[i][0].x0 for i in below)]),
                max([x1, *(lower[i][-1].x1 for i in below)]),
            )
        )
    merged.extend(
        Word(" ".join(w.text for w in cell), cell[0].x0, cell[-1].x1)
        for i, cell in enumerate(lower)
        if i not in used
    )
    return sorted(merged, key=lambda word: word.x0)


def find_header(lines: Sequence[TextLine], index: int) -> TableHeader | None:
    """The table header starting at ``lines[index]`` (on one line or two), or ``None``."""
    line = lines[index]
    if not _is_label_line(line):
        return None
    single = _header_columns(line.words, line.gap)
    best: TableHeader | None = TableHeader(single, 1) if _usable(single) else None
    if index + 1 < len(lines) and _is_label_line(lines[index + 1]) and lines[index + 1].page == line.page:
        stacked_words = _stacked(line, lines[index + 1])
        stacked = tuple(column for word in stacked_words for column in _columns_of_cell([word]))
        stacked_fields = {column.field for column in stacked if column.field}
        if _usable(stacked) and (best is None or len(stacked_fields) > len(best.fields)):
            best = TableHeader(stacked, 2)
    return best


def assign(values: Sequence[Value], header: TableHeader) -> dict[str, list[Value]]:
    """The values of a row under each known field (unknown columns keep theirs to themselves)."""
    by_field: dict[str, list[Value]] = {}
    for value in values:
        column = min(header.columns, key=lambda candidate: candidate.distance(value))
        if column.field is not None:
            by_field.setdefault(column.field, []).append(value)
    return by_field
