"""The look of a native PDF (fonts, sizes, margins, paper) and the reportlab plumbing all layouts share.

Every PDF is written in reportlab's invariant mode, so one seed always gives the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

# (regular, bold): three PDF base fonts and Bitstream Vera, which ships with reportlab.
FONTS = (
    ("Helvetica", "Helvetica-Bold"),
    ("Times-Roman", "Times-Bold"),
    ("Courier", "Courier-Bold"),
    ("Vera", "VeraBd"),
)


def register_fonts() -> None:
    """Register the TrueType fonts (idempotent)."""
    if "VeraBd" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
        pdfmetrics.registerFont(TTFont("VeraBd", "VeraBd.ttf"))
    for family in ("Vera", "VeraBd"):  # <b> inside a paragraph looks the bold face up by family
        bold = "VeraBd"
        pdfmetrics.registerFontFamily(family, normal=family, bold=bold, italic=family, boldItalic=bold)


@dataclass(frozen=True)
class Look:
    """Fonts, body size, margins and paper of one document."""

    font: str
    bold: str
    size: float
    margin: float
    pagesize: tuple[float, float]

    def style(
        self, *, size: float | None = None, bold: bool = False, leading: float | None = None, align: int = 0
    ) -> ParagraphStyle:
        """A paragraph style in this look (``align``: 0 left, 1 centre, 2 right)."""
        chosen = size or self.size
        return ParagraphStyle(
            name=f"s{chosen}{bold}{align}",
            fontName=self.bold if bold else self.font,
            fontSize=chosen,
            leading=leading or chosen * 1.25,
            alignment=align,
        )

    def para(self, text: str, **kwargs: Any) -> Paragraph:
        """A paragraph of plain ``text`` (escaped) in this look."""
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return Paragraph(escaped.replace("\n", "<br/>"), self.style(**kwargs))


def pick_look(country: str, rng: random.Random, *, sizes: Sequence[float] = (8.5, 9, 9.5, 10, 11)) -> Look:
    """A look: US payers print on Letter, the others on A4."""
    register_fonts()
    font, bold = rng.choice(FONTS)
    return Look(
        font=font,
        bold=bold,
        size=rng.choice(tuple(sizes)),
        margin=rng.choice((12, 15, 18, 20, 25, 30)) * mm,
        pagesize=LETTER if country == "US" else A4,
    )


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that writes ``Page n / total`` (or the ``page_label`` given) at the foot of each page."""

    page_label = "Page"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            width = self._pagesize[0]
            self.setFont("Helvetica", 7.5)
            self.drawRightString(width - 15 * mm, 10 * mm, f"{self.page_label} {self._pageNumber} / {total}")
            super().showPage()
        super().save()


def build_pdf(path: Path, story: list[Flowable], look: Look, *, page_label: str | None = None) -> None:
    """Write ``story`` to ``path`` in invariant mode, with page numbers when ``page_label`` is given."""
    register_fonts()
    doc = SimpleDocTemplate(
        str(path),
        pagesize=look.pagesize,
        leftMargin=look.margin,
        rightMargin=look.margin,
        topMargin=look.margin,
        bottomMargin=max(look.margin, 18 * mm),
        invariant=1,
        title="",
        author="",
        creator="",
        producer="",
    )
    if page_label is None:
        doc.build(story)
        return
    maker = type("LabelledCanvas", (NumberedCanvas,), {"page_label": page_label})
    doc.build(story, canvasmaker=maker)
