"""The remittance readers on generated native PDFs and emails they were not written against:
every layout and email variant of one turn, for two seeds, scored line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.services.document_reading import extract_document
from copilot.settings import Settings
from evals.remittance_docs.corpus import generate_document, recipes
from evals.remittance_docs.run import score_one
from evals.remittance_scorecard import RemittanceScorecard
from ingest.records import ExtractResult

TARGETS = {"native": 0.98, "email": 0.97}


@pytest.mark.parametrize("seed", [11, 12])
def test_native_pdfs_and_emails_meet_their_line_f1_targets(tmp_path: Path, seed: int) -> None:
    settings = Settings(llm_provider="rules")

    def extract(path: Path) -> ExtractResult:
        return extract_document(path, settings)

    card = RemittanceScorecard()
    for index, (kind, _layout) in enumerate(recipes()):
        if kind in TARGETS:
            truth = generate_document(tmp_path, seed, index)
            card.documents.append(score_one(tmp_path / truth.file, truth, extract))
    kinds = card.totals("kind")
    for kind, target in TARGETS.items():
        f1 = kinds[kind].f1
        assert f1 is not None and f1 >= target, (kind, f1, [d.missed for d in card.documents if d.missed])
