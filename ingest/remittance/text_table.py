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

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ingest.remittance.columns import AMOUNT_COLUMNS, LINE_COLUMNS, line_column
from ingest.remittance.layout import TextLine, Word, cells
from ingest.remittance.tokens import Value, fold

GENERIC_AMOUNT = "amount"
"""A column named only ``Montant`` / ``Amount``: what was paid, unless a paid column exists."""
SPARE_INVOICE = "spare_invoice_number"
"""A second column naming invoices (``N° pièce`` beside ``Votre référence``): where the
invoice number is read from only when the chosen invoice column has none on a row."""
_GENERIC_AMOUNT_LABELS = frozenset({"montant", "amount", "somme", "sum", "montant eur", "amount eur"})
_AMOUNT_FIELDS = frozenset({"invoice_amount", "paid_amount", GENERIC_AMOUNT})
_MONEY = AMOUNT_COLUMNS | {GENERIC_AMOUNT}
_LONGEST_LABEL = 5
_MISREAD_SCORE = 88
_KNOWN_LABELS = tuple(fold(label) for labels in LINE_COLUMNS.values() for label in labels if len(label) >= 8)
_INVOICE_WORDS = ("factur", "invoice", "inv", "votre", "your", "bill")
_FIELDS_BESIDE_UNNAMED = 3
"""Line fields (a paid amount among them) a header must name for its unnamed leftmost column to
be taken for the invoice numbers."""


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
        return frozenset(column.field for column in self.columns if column.field) - {SPARE_INVOICE}


def _label_field(text: str) -> str | None:
    folded = fold(text).strip(" :.")
    if folded in _GENERIC_AMOUNT_LABELS or folded.startswith(("montant (", "amount (")):
        return GENERIC_AMOUNT
    return line_column(text) or _misread_label(folded)


@lru_cache(maxsize=4096)
def _misread_label(folded: str) -> str | None:
    """A label a scan misread by a letter or two (``Amount withheid``), matched to the closest
    known label when it is long enough to be unmistakable."""
    cleaned = re.sub(r"\(.*?\)|[^a-z ]", "", folded).strip()
    if len(cleaned) < 8:
        return None
    found = process.extractOne(cleaned, _KNOWN_LABELS, scorer=fuzz.ratio, score_cutoff=_MISREAD_SCORE)
    return line_column(found[0]) if found else None


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
    return _one_invoice_column([column for cell in cells(words, gap) for column in _columns_of_cell(cell)])


def _joined_neighbours(columns: Sequence[Column]) -> list[Column]:
    """``Réf.`` and ``facture`` spaced apart are one label (``Réf. facture``), not two invoice
    columns; ``N° pièce`` beside ``Votre référence`` stays two."""
    joined: list[Column] = []
    for column in columns:
        both = joined and column.field == joined[-1].field == "invoice_number"
        if both and line_column(f"{joined[-1].label} {column.label}") == "invoice_number":
            last = joined.pop()
            column = Column("invoice_number", f"{last.label} {column.label}", last.x0, column.x1)
        joined.append(column)
    return joined


def _one_invoice_column(columns: Sequence[Column]) -> tuple[Column, ...]:
    """``N° pièce`` beside ``Votre référence``: the payer's own document number is not our
    invoice number; the column naming the invoice (or the reader's reference) is kept, the
    others are spares (:data:`SPARE_INVOICE`)."""
    columns = _joined_neighbours(columns)
    invoices = [column for column in columns if column.field == "invoice_number"]
    if len(invoices) < 2:
        return tuple(columns)
    strong = [column for column in invoices if any(word in fold(column.label) for word in _INVOICE_WORDS)]
    keep = (strong or invoices)[-1] if len(strong) != 1 else strong[0]
    return tuple(
        column
        if column.field != "invoice_number" or column is keep
        else Column(SPARE_INVOICE, column.label, column.x0, column.x1)
        for column in columns
    )


def _is_label_line(line: TextLine) -> bool:
    """Labels only: no word with a digit (a scan's lone ``1`` for a table rule does not count)."""
    return bool(line.words) and not any(
        len(word.text) > 1 and any(char.isdigit() for char in word.text) for word in line.words
    )


def _known(columns: Sequence[Column]) -> list[str]:
    """The fields the columns name, spare invoice columns left out."""
    return [column.field for column in columns if column.field and column.field != SPARE_INVOICE]


def _score(columns: Sequence[Column]) -> float:
    """Distinct fields named; a bare ``Montant`` counts half (the line below may finish it)."""
    fields = set(_known(columns))
    return len(fields - {GENERIC_AMOUNT}) + 0.5 * (GENERIC_AMOUNT in fields)


def _usable(columns: Sequence[Column]) -> bool:
    fields = _known(columns)
    return (
        "invoice_number" in fields
        and bool(_AMOUNT_FIELDS & set(fields))
        and len(fields) == len(set(fields))
        and len(fields) * 2 >= len(columns)
    )


def _stacked(first: TextLine, second: TextLine) -> list[Word]:
    """Words of a label written over two lines, each upper cell joined with the cells below it."""
    upper = cells(first.words, first.gap)
    lower = cells(second.words, second.gap)
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
        text = _label_over_two_lines(
            " ".join(w.text for w in cell), " ".join(w.text for i in below for w in lower[i])
        )
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


def _label_over_two_lines(upper: str, lower: str) -> str:
    """An upper cell's text and the text below it as one label: ``Montant`` ``réglé``, or a word a
    narrow column broke, ``Déductio`` ``n``, joined without a space when only that names a field."""
    spaced = f"{upper} {lower}".strip()
    if lower and _label_field(spaced) is None and _label_field(upper + lower) is not None:
        return upper + lower
    return spaced


def _unnamed_invoice_column(columns: Sequence[Column]) -> tuple[Column, ...]:
    """A one-line header naming a paid amount and two more line fields whose leftmost column has
    a name we do not know (a scan read ``Inv. ref`` as ``tev rcf``): that column holds the invoice
    numbers. (Over two lines, a line above the table joined to its header could be that column.)"""
    fields = set(_known(columns))
    named = len(fields - {GENERIC_AMOUNT}) >= _FIELDS_BESIDE_UNNAMED and "paid_amount" in fields
    if not columns or columns[0].field is not None or "invoice_number" in fields or not named:
        return tuple(columns)
    first = columns[0]
    return (Column("invoice_number", first.label, first.x0, first.x1), *columns[1:])


def find_header(lines: Sequence[TextLine], index: int) -> TableHeader | None:
    """The table header starting at ``lines[index]`` (on one line or two), or ``None``; ``None``
    too when the header starting on the next line names more fields (``lines[index]`` is a label
    line above the table, ``Currency: GBP``, joined to the header's first line)."""
    found = _header_at(lines, index)
    if found is not None and found.lines == 2:
        below = _header_at(lines, index + 1)
        if below is not None and _score(below.columns) > _score(found.columns):
            return None
    return found


def _header_at(lines: Sequence[TextLine], index: int) -> TableHeader | None:
    line = lines[index]
    if not _is_label_line(line):
        return None
    single = _unnamed_invoice_column(_header_columns(line.words, line.gap))
    best: TableHeader | None = TableHeader(single, 1) if _usable(single) else None
    if index + 1 < len(lines) and _is_label_line(lines[index + 1]) and lines[index + 1].page == line.page:
        stacked_words = _stacked(line, lines[index + 1])
        stacked = _one_invoice_column(
            [column for word in stacked_words for column in _columns_of_cell([word])]
        )
        if _usable(stacked) and (best is None or _score(stacked) > _score(best.columns)):
            best = TableHeader(stacked, 2)
    return best


def assign(values: Sequence[Value], header: TableHeader) -> dict[str, list[Value]]:
    """The values of a row under each known field (unknown columns keep theirs to themselves).

    A value goes to the column it lies under, or the nearest. When two amounts would share a
    column (right-aligned figures under left-aligned labels: ``5,16 €`` nearer ``Net payé`` than
    ``Esc.``), the row's amounts are spread over the amount columns instead, one each, in order.
    """
    placed = {id(value): min(header.columns, key=_distance_to(value)) for value in values}
    amounts = [value for value in values if value.amount is not None]
    if len({id(placed[id(value)]) for value in amounts}) < len(amounts):
        money_columns = [
            column for column in header.columns if column.field is None or column.field in _MONEY
        ]
        placed |= _spread(amounts, money_columns)
    by_field: dict[str, list[Value]] = {}
    for value in values:
        field = placed[id(value)].field
        if field is not None:
            by_field.setdefault(field, []).append(value)
    return by_field


def _distance_to(value: Value) -> Callable[[Column], float]:
    """How far a column is from ``value`` (:meth:`Column.distance`), as a sort key."""
    return lambda column: column.distance(value)


def _spread(amounts: Sequence[Value], columns: Sequence[Column]) -> dict[int, Column]:
    """Each amount in its own column, left to right, nearest in all (``{}`` when there are more
    amounts than columns)."""
    if len(amounts) > len(columns):
        return {}
    # cost[i][j]: the least distance placing the first i amounts in the first j columns
    cost = [[0.0] * (len(columns) + 1)] + [[math.inf] * (len(columns) + 1) for _ in amounts]
    for i, amount in enumerate(amounts, start=1):
        for j, column in enumerate(columns, start=1):
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + column.distance(amount))
    placed: dict[int, Column] = {}
    j = len(columns)
    for i in range(len(amounts), 0, -1):
        while cost[i][j] == cost[i][j - 1]:
            j -= 1
        placed[id(amounts[i - 1])] = columns[j - 1]
        j -= 1
    return placed
