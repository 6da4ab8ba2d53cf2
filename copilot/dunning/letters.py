"""PDF letters (formal notices, reminders sent by post) laid out with reportlab.

The content comes from the ``letter.j2`` template of the draft's language, in a light markup:
blocks separated by blank lines; a line starting with ``# `` is a heading; a block whose lines
all start with ``|`` is a table (its first row the header); any other block is a paragraph
whose lines are kept. Letters are written under ``settings.letters_dir`` as
``<as_of>-<customer id>-<stage>-<draft id>.pdf``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from copilot.dunning.rendering import render_letter
from copilot.locales import Language

# The standard PDF fonts have no narrow no-break space (babel's French thousands separator).
_SPACES = str.maketrans({"\u202f": "\u00a0", "\u2009": " "})


def letter_path(letters_dir: Path, *, as_of: str, customer_id: str, stage: str, draft_id: int) -> Path:
    """Where the letter of a draft is written (the customer id made safe for a file name)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", customer_id).strip("._") or "customer"
    return letters_dir / f"{as_of}-{safe}-{stage}-{draft_id}.pdf"


def write_letter(path: Path, facts: dict[str, Any], language: Language) -> Path:
    """Render the facts' letter and write it to ``path`` as a PDF; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=_title(facts),
        invariant=True,
    )
    flowables: list[Flowable] = []
    for block in _blocks(render_letter(facts, language).translate(_SPACES)):
        if all(line.startswith("|") for line in block):
            flowables.append(_table(block, styles))
            flowables.append(Spacer(1, 4 * mm))
            continue
        lines = list(block)
        while lines and lines[0].startswith("# "):
            flowables.append(Paragraph(escape(lines.pop(0)[2:]), styles["Heading3"]))
        if lines:
            flowables.append(Paragraph("<br/>".join(escape(line) for line in lines), styles["BodyText"]))
            flowables.append(Spacer(1, 2 * mm))
    document.build(flowables)
    return path


def _title(facts: dict[str, Any]) -> str:
    return f"{facts['stage']['key']} {facts['customer']['customer_id']} {facts['as_of']}"


def _blocks(text: str) -> list[list[str]]:
    return [block.splitlines() for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def _table(rows: list[str], styles: Any) -> Table:
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    data = [
        [Paragraph(escape(part.strip()), cell) for part in row.strip().strip("|").split("|")] for row in rows
    ]
    table = Table(data, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
