"""Generate remittance documents, run the readers on each and score them (``arcopilot eval --remittances``).

Documents and truths go to ``WORKDIR``; the scorecard JSON to ``WORKDIR/remittance-scorecard.json``
and, when asked, to ``output`` (e.g. ``evals/results/remittances.json``, keeping the
``"benchmark"`` that ``python -m evals.bench_remittance --output`` stored there).
"""

from __future__ import annotations

import json
from pathlib import Path

from evals.progress import stderr_progress
from evals.remittance_docs.corpus import generate_document
from evals.remittance_docs.corpus_check import Extract, check_corpus, one_line
from evals.remittance_docs.model import DocumentTruth
from evals.remittance_scorecard import DocumentScore, RemittanceScorecard, score_document, to_json
from ingest.records import ExtractResult


def score_one(path: Path, truth: DocumentTruth, extract: Extract) -> DocumentScore:
    """Run ``extract`` on one document and score it; a reader's exception scores as all missed."""
    try:
        result = extract(path)
    except Exception as exc:
        return score_document(truth, None, one_line(exc))
    return score_document(truth, result)


def run_remittance_eval(
    *,
    seed: int,
    count: int,
    workdir: Path,
    progress: bool = True,
    extract: Extract | None = None,
    output: Path | None = None,
    corpus: bool = True,
) -> RemittanceScorecard:
    """Generate ``count`` documents of ``seed`` in ``workdir``, extract and score them, and the corpus."""
    if extract is None:
        from copilot.services.document_reading import extract_document
        from copilot.settings import Settings

        settings = Settings(llm_provider="rules")

        def through_cli_reading(path: Path) -> ExtractResult:
            return extract_document(path, settings)

        extract = through_cli_reading

    workdir.mkdir(parents=True, exist_ok=True)
    pairs: list[tuple[Path, DocumentTruth]] = []
    bar = stderr_progress(progress)
    with bar:
        task = bar.add_task("generating", total=count)
        for index in range(count):
            truth = generate_document(workdir, seed, index)
            pairs.append((workdir / truth.file, truth))
            bar.advance(task)
        reading = bar.add_task("reading", total=count)
        card = RemittanceScorecard()
        for path, truth in pairs:
            bar.update(reading, description=f"reading {path.name}")
            card.documents.append(score_one(path, truth, extract))
            bar.advance(reading)
    if corpus:
        card.corpus = check_corpus(extract)
    data = {"seed": seed, "count": count, **to_json(card)}
    (workdir / "remittance-scorecard.json").write_text(_dumps(data), encoding="utf-8")
    if output is not None:
        if output.exists():  # keep the benchmark stored beside the scorecard
            previous = json.loads(output.read_text(encoding="utf-8"))
            if isinstance(previous, dict) and "benchmark" in previous:
                data["benchmark"] = previous["benchmark"]
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(_dumps(data), encoding="utf-8")
    return card


def _dumps(data: dict[str, object]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n"
