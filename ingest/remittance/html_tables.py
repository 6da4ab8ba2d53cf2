"""An HTML email body as text lines and tables, in reading order.

Each data ``<table>`` becomes a list of rows of cell texts (a cell spanning ``colspan``
columns is followed by ``colspan - 1`` empty cells); a table that holds other tables is
layout, not data, and its cells are read as blocks like the rest of the body. Text outside
tables becomes lines, one per block element (``<p>``, ``<div>``, ``<br>``, ``<li>``…), with
spaces collapsed; ``<pre>`` keeps its lines and spacing. Scripts, styles and the head are
dropped. :func:`render_text` prints the body as plain text with each table's columns
aligned, one line per row, so line ``n`` of the text is block row ``n`` of :func:`body_rows`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import lxml.etree
import lxml.html

_TEXT_BLOCKS = ("p", "div", "br", "hr", "blockquote", "address", "center", "caption", "form")
_SECTION_BLOCKS = ("html", "body", "article", "section", "header", "footer", "main", "nav")
_HEADINGS_AND_LISTS = ("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd")
_BLOCK_TAGS = frozenset((*_TEXT_BLOCKS, *_SECTION_BLOCKS, *_HEADINGS_AND_LISTS, "table", "tr", "td", "th"))
_DROPPED_TAGS = ("head", "script", "style", "title", "template")
_COLUMN_GAP = "  "


@dataclass(frozen=True)
class HtmlTable:
    """A data table: its rows of cell texts, top to bottom."""

    rows: tuple[tuple[str, ...], ...]


Block = str | HtmlTable
"""A line of text outside tables, or a table."""


def read_html(html: str) -> tuple[Block, ...]:
    """The body's text lines and data tables in reading order; empty for a body without text."""
    if not html.strip():
        return ()
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ()
    for element in list(root.iter(*_DROPPED_TAGS)):
        if isinstance(element, lxml.html.HtmlElement):
            element.drop_tree()
    reader = _BlockReader()
    reader.read(root)
    return tuple(reader.finish())


def body_rows(blocks: tuple[Block, ...]) -> Iterator[tuple[int | None, tuple[str, ...]]]:
    """Each text line and table row as cells, with the index of its table (``None`` for text)."""
    table_index = 0
    for block in blocks:
        if isinstance(block, HtmlTable):
            for row in block.rows:
                yield table_index, row
            table_index += 1
        else:
            yield None, (block,)


def render_text(blocks: tuple[Block, ...]) -> str:
    """The body as plain text: text lines as they are, table rows with aligned columns."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, HtmlTable):
            width = max(len(row) for row in block.rows)
            widths = [max(len(row[i]) for row in block.rows if i < len(row)) for i in range(width)]
            lines.extend(
                _COLUMN_GAP.join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
                for row in block.rows
            )
        else:
            lines.append(block)
    return "\n".join(lines)


class _BlockReader:
    """Walks the tree, collecting inline text into the current line and closing it at blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.words: list[str] = []

    def read(self, element: lxml.html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "table" and not _has_nested_table(element):
            self.flush()
            rows = _table_rows(element)
            if rows:
                self.blocks.append(HtmlTable(rows))
        elif tag == "pre":
            self.flush()
            text = element.text_content().expandtabs(8)
            self.blocks.extend(line.rstrip() for line in text.splitlines() if line.strip())
        else:
            block = tag in _BLOCK_TAGS
            if block:
                self.flush()
            if tag and element.text:
                self.words.append(element.text)
            for child in element:
                self.read(child)
            if block:
                self.flush()
        if element.tail:
            self.words.append(element.tail)

    def flush(self) -> None:
        line = _collapse("".join(self.words))
        if line:
            self.blocks.append(line)
        self.words.clear()

    def finish(self) -> list[Block]:
        self.flush()
        return self.blocks


def _collapse(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _has_nested_table(table: lxml.html.HtmlElement) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _table_rows(table: lxml.html.HtmlElement) -> tuple[tuple[str, ...], ...]:
    """The rows of a table without nested tables; rows of blank cells only are dropped."""
    rows: list[tuple[str, ...]] = []
    for row in table.iter("tr"):
        cells: list[str] = []
        for cell in row:
            if cell.tag not in ("td", "th"):
                continue
            cells.append(_cell_text(cell))
            cells.extend("" for _ in range(_span(cell) - 1))
        if any(cells):
            rows.append(tuple(cells))
    return tuple(rows)


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    for line_break in cell.iter("br"):
        line_break.tail = " " + (line_break.tail or "")
    return _collapse(cell.text_content())


def _span(cell: lxml.html.HtmlElement) -> int:
    try:
        return max(1, min(int(cell.get("colspan", "1")), 50))
    except ValueError:
        return 1
