"""Text plumbing of the MT940 reader: statements and tags.

Cuts an MT940 file (decoded as ``ingest/text.py`` detects) into statements (streaming, one
statement at a time) and a statement into its tags, keeping the file line number of every tag
for error messages and locators.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# A tag at the start of a line, as the mt-940 library sees it: ``:61:``, ``:28C:``, ``:NS:``.
TAG_LINE = re.compile(r"^:(?P<full_tag>(?P<tag>[0-9]{2}|NS)(?P<sub_tag>[A-Z])?):")
# SWIFT FIN envelope around the text block: ``{1:...}{2:...}{3:{...}}{4:`` … ``-}{5:...}``.
_ENVELOPE_HEAD = re.compile(r"^(?:\{[1-3]:(?:[^{}]|\{[^{}]*\})*\})*\{4:")
_ENVELOPE_ONLY = re.compile(r"^(?:\{[1-5]:(?:[^{}]|\{[^{}]*\})*\})+$")
# A statement terminator: ``-``, ``-}``, ``-}{5:...}`` or a bank's ``-XXX``.
_TERMINATOR = re.compile(r"^-(?:\}.*|[A-Z]*)$")
_CONTROL = "\x01\x02\x03\x1a"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the file, newline removed, with its 1-based line number."""

    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Tag:
    """One MT940 field: ``tag`` (``"61"``, ``"86"``, ``"28C"``), its first line and its lines.

    ``lines`` holds the field's content: the first line without the ``:61:`` prefix, then the
    continuation lines as they are in the file.
    """

    tag: str
    number: int
    lines: tuple[str, ...]

    @property
    def value(self) -> str:
        """The content as the mt-940 library sees it: lines right-stripped, blank and ``-``
        lines dropped, joined with newlines."""
        kept = [line.rstrip() for line in self.lines if line.strip() and line.strip() != "-"]
        return "\n".join(kept).strip()


@dataclass(frozen=True, slots=True)
class Chunk:
    """The lines of one statement: from its ``:20:`` to its terminator or the next ``:20:``.

    ``terminated`` when a terminator line (``-``, ``-}``) closed it; ``last`` for the file's
    last statement (the one a cut-off transfer would truncate).
    """

    lines: tuple[Line, ...]
    terminated: bool
    last: bool

    @property
    def first_line(self) -> int:
        """The file line number of the statement's ``:20:``."""
        return self.lines[0].number

    @property
    def text(self) -> str:
        """The statement text, one line per file line, as the mt-940 library parses it."""
        return "\n".join(line.text for line in self.lines)


def _unwrap(text: str) -> str | None:
    """The line without SWIFT envelope and control characters; ``None`` for envelope-only lines."""
    text = text.strip(_CONTROL)
    if _ENVELOPE_ONLY.match(text):
        return None
    head = _ENVELOPE_HEAD.match(text)
    return text[head.end() :] if head else text


def iter_statements(lines: Iterable[str]) -> Iterator[Chunk]:
    """Cut an MT940 text (an iterable of lines, e.g. an open file) into statements, streaming.

    A statement starts at a ``:20:`` line. What precedes the first one (bank headers such
    as ``ABNANL2A``/``940``) is dropped, and so is what follows a statement's terminator
    (``-``) when no tag follows it. A ``-`` line followed by more tags is content (it can
    occur inside a ``:86:``) and is kept.
    """
    current: list[Line] = []
    for number, raw in enumerate(lines, start=1):
        text = _unwrap(raw.rstrip("\r\n"))
        if text is None:
            continue
        if text.startswith(":20:"):
            if current:
                yield _trimmed(current, last=False)
            current = []
        if text.startswith(":20:") or current:
            current.append(Line(number, text))
    if current:
        yield _trimmed(current, last=True)


def _trimmed(lines: list[Line], *, last: bool) -> Chunk:
    """The statement without its terminator and whatever trails it (when no tag follows)."""
    end = len(lines)
    for index in range(len(lines) - 1, 0, -1):
        text = lines[index].text.strip()
        if TAG_LINE.match(text):
            break
        if _TERMINATOR.match(text):
            end = index
    return Chunk(tuple(lines[:end]), terminated=end < len(lines), last=last)


def split_tags(chunk: Chunk, known: Iterable[int | str]) -> list[Tag]:
    """The fields of a statement, in order; a line starting with an unknown tag is content.

    ``known`` are the tag ids the mt-940 library parses (``61``, ``"NS"``, …), so both see
    the same fields. A lone ``:`` line followed by ``86:…`` (seen in the wild) opens a tag.
    """
    known_ids = {str(tag) for tag in known}
    tags: list[Tag] = []
    number = 0
    name = ""
    content: list[str] = []
    lines = chunk.lines
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        if text == ":" and index + 1 < len(lines):
            joined = ":" + lines[index + 1].text
            if TAG_LINE.match(joined):
                text = joined
                index += 1
        match = TAG_LINE.match(text)
        if match and match.group("tag") in known_ids:
            if name:
                tags.append(Tag(name, number, tuple(content)))
            name, number, content = match.group("full_tag"), line.number, [text[match.end() :]]
        elif name:
            content.append(text)
        index += 1
    if name:
        tags.append(Tag(name, number, tuple(content)))
    return tags
