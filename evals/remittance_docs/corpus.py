"""A directory of generated remittance documents, each with its ground truth beside it.

Documents take turns through every native layout, scan format and email layout, so even a
small ``count`` covers each kind; file names (``doc-007.pdf``) say nothing of the layout.
Document ``i`` of a seed is the same whatever the ``count``.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import cast

from evals.remittance_docs.emails import EMAIL_LAYOUTS, write_email
from evals.remittance_docs.generator import make_remittance
from evals.remittance_docs.layouts import NATIVE_LAYOUTS, SHORT_LAYOUTS, render_native
from evals.remittance_docs.model import DocumentKind, DocumentTruth, TruthRemittance, write_truth
from evals.remittance_docs.scans import SCAN_SUFFIX, ScanFormat, scan

SCAN_FORMATS: tuple[ScanFormat, ...] = ("pdf", "png", "pdf", "jpeg", "pdf", "tiff")
ADVERSARIAL_EVERY = 11


def recipes() -> list[tuple[DocumentKind, str]]:
    """One turn of ``(kind, layout)``: natives, scans and emails interleaved."""
    natives = [("native", layout) for layout in NATIVE_LAYOUTS]
    scans = [("scan", form) for form in SCAN_FORMATS]
    emails = [("email", layout) for layout in EMAIL_LAYOUTS]
    turn: list[tuple[DocumentKind, str]] = []
    for index in range(max(len(natives), len(scans), len(emails))):
        for group in (natives, emails, scans):
            if index < len(group):
                turn.append(cast(tuple[DocumentKind, str], group[index]))
    return turn


def _native(directory: Path, name: str, layout: str, rng: random.Random, adversarial: bool) -> DocumentTruth:
    lines = rng.randint(40, 80) if layout == "multipage" else None
    remittance = make_remittance(rng, lines=lines)
    path = directory / f"{name}.pdf"
    render_native(path, layout, remittance, rng, adversarial=adversarial)
    return DocumentTruth(path.name, "native", f"pdf-{layout}", (remittance,), adversarial)


def _scan(
    directory: Path, name: str, form: ScanFormat, rng: random.Random, adversarial: bool
) -> DocumentTruth:
    layout = rng.choice(SHORT_LAYOUTS)
    remittance = make_remittance(rng, lines=rng.randint(1, 10))
    path = directory / f"{name}{SCAN_SUFFIX[form]}"
    with tempfile.TemporaryDirectory() as tmp:
        native = Path(tmp) / "native.pdf"
        render_native(native, layout, remittance, rng, adversarial=adversarial)
        settings = scan(native, path, form, rng)
    return DocumentTruth(
        path.name,
        "scan",
        f"scan-{form}",
        (remittance,),
        adversarial,
        (f"scanned pdf-{layout}", settings.describe()),
    )


def _email(directory: Path, name: str, layout: str, rng: random.Random, adversarial: bool) -> DocumentTruth:
    first = make_remittance(rng)
    remittances: tuple[TruthRemittance, ...] = (first,)
    if layout == "attach-two-pdf":
        second = make_remittance(rng, language=first.language, lines=rng.randint(1, 6))
        remittances = (first, _same_payer(second, first))
    path = directory / f"{name}.eml"
    notes = write_email(path, layout, remittances, rng, adversarial=adversarial)
    return DocumentTruth(path.name, "email", f"eml-{layout}", remittances, adversarial, notes)


def _same_payer(remittance: TruthRemittance, payer: TruthRemittance) -> TruthRemittance:
    """``remittance`` paid by ``payer``'s company (a second payment of the same customer)."""
    return replace(
        remittance,
        payer_name=payer.payer_name,
        payee_name=payer.payee_name,
        country=payer.country,
        currency=payer.currency,
    )


def generate_document(directory: Path, seed: int, index: int) -> DocumentTruth:
    """Write document ``index`` of ``seed`` into ``directory`` with its truth beside it."""
    turn = recipes()
    rng = random.Random(seed * 1_000_003 + index)
    kind, variant = turn[index % len(turn)] if index < len(turn) else rng.choice(turn)
    adversarial = index % ADVERSARIAL_EVERY == ADVERSARIAL_EVERY // 2
    name = f"doc-{index + 1:03d}"
    if kind == "native":
        truth = _native(directory, name, variant, rng, adversarial)
    elif kind == "scan":
        truth = _scan(directory, name, cast(ScanFormat, variant), rng, adversarial)
    else:
        truth = _email(directory, name, variant, rng, adversarial)
    write_truth(directory / truth.file, truth)
    return truth


def generate_documents(directory: Path, *, seed: int, count: int) -> list[DocumentTruth]:
    """Write ``count`` documents of ``seed`` into ``directory`` (created if needed)."""
    directory.mkdir(parents=True, exist_ok=True)
    return [generate_document(directory, seed, index) for index in range(count)]
