"""The native PDF layouts by name, and the rendering of one remittance in one of them."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from evals.remittance_docs.model import TruthRemittance
from evals.remittance_docs.pdf_tables import (
    render_classic,
    render_grid,
    render_multipage,
    render_stub,
    render_synonyms,
)
from evals.remittance_docs.pdf_text import render_erp, render_letter
from evals.remittance_docs.sheet import Sheet, new_sheet

Renderer = Callable[[Path, Sheet, random.Random], None]
NATIVE_LAYOUTS: dict[str, Renderer] = {
    "classic": render_classic,
    "erp": render_erp,
    "letter": render_letter,
    "multipage": render_multipage,
    "grid": render_grid,
    "synonyms": render_synonyms,
    "stub": render_stub,
}
# Layouts that fit any number of lines on one or two pages (scans and attachments use them).
SHORT_LAYOUTS = ("classic", "erp", "letter", "grid", "synonyms", "stub")


def render_native(
    path: Path, layout: str, remittance: TruthRemittance, rng: random.Random, *, adversarial: bool = False
) -> None:
    """Write ``remittance`` as a native PDF in ``layout``; the classic layout uses the usual words."""
    sheet = new_sheet(remittance, rng, plain=layout == "classic", adversarial=adversarial)
    NATIVE_LAYOUTS[layout](path, sheet, rng)
