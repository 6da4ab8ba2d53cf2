"""Remittance reading benchmark: pages per second and peak memory, native PDFs and scans.

Generated documents (multi-page native tables; one-page scanned PDFs) are read with
``ingest.extract.extract_file``, each set in a fresh child process, so its peak resident
memory (``VmHWM``) is that reading alone, interpreter and libraries included.

    python -m evals.bench_remittance [--native-pages 200] [--scan-pages 20] [--output FILE.json]

A table goes to the terminal; with ``--output`` the results are stored under ``"benchmark"``
in that JSON file (beside the scorecard ``arcopilot eval --remittances --output`` writes).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pypdfium2
from rich.console import Console
from rich.table import Table

from evals.bench_ingest import peak_resident_kb
from evals.remittance_docs.corpus_check import one_line
from evals.remittance_docs.generator import make_remittance
from evals.remittance_docs.layouts import render_native
from evals.remittance_docs.scans import scan

SEED = 20260


def page_count(pdf: Path) -> int:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def write_native(directory: Path, pages: int) -> int:
    """Multi-page native advices (60 to 80 lines each) until ``pages`` pages are written."""
    rng = random.Random(SEED)
    written = 0
    while written < pages:
        path = directory / f"native-{written:04d}.pdf"
        render_native(path, "multipage", make_remittance(rng, lines=rng.randint(60, 80)), rng)
        written += page_count(path)
    return written


def write_scans(directory: Path, pages: int) -> int:
    """``pages`` one-page scanned PDFs."""
    rng = random.Random(SEED + 1)
    with tempfile.TemporaryDirectory() as tmp:
        native = Path(tmp) / "native.pdf"
        for index in range(pages):
            layout = rng.choice(("classic", "grid", "erp", "synonyms"))
            render_native(native, layout, make_remittance(rng, lines=rng.randint(2, 10)), rng)
            scan(native, directory / f"scan-{index:04d}.pdf", "pdf", rng)
    return pages


def child(directory: Path) -> dict[str, Any]:
    """Read every PDF of ``directory`` in this (fresh) process."""
    from ingest.extract import extract_file

    files = sorted(directory.glob("*.pdf"))
    failures: list[str] = []
    lines = 0
    started = time.perf_counter()
    for path in files:
        try:
            result = extract_file(path)
        except Exception as exc:
            failures.append(f"{path.name}: {one_line(exc)}")
            continue
        lines += sum(len(remittance.lines) for remittance in result.remittances)
    seconds = time.perf_counter() - started
    return {
        "documents": len(files),
        "failed": len(failures),
        "first_failure": failures[0] if failures else None,
        "lines": lines,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_resident_kb() / 1024, 1),
    }


def measure(directory: Path) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-m", "evals.bench_remittance", "--child", str(directory)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def store(output: Path, benchmark: dict[str, Any]) -> None:
    """Put ``benchmark`` under ``"benchmark"`` in ``output``, keeping what else it holds."""
    data: dict[str, Any] = {}
    if output.exists():
        loaded = json.loads(output.read_text(encoding="utf-8"))
        data = loaded if isinstance(loaded, dict) else {}
    data["benchmark"] = benchmark
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--native-pages", type=int, default=200)
    parser.add_argument("--scan-pages", type=int, default=20)
    parser.add_argument("--output", type=Path, default=None, help="JSON file to store the results in")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    console = Console()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, writer, wanted in (
            ("native", write_native, args.native_pages),
            ("scan", write_scans, args.scan_pages),
        ):
            directory = Path(tmp) / kind
            directory.mkdir()
            with console.status(f"writing {wanted} {kind} pages"):
                pages = writer(directory, wanted)
            with console.status(f"reading {kind} pages"):
                result = measure(directory)
            speed = pages / result["seconds"] if result["seconds"] else None
            rows.append(
                {"kind": kind, "pages": pages, **result, "pages_per_second": speed and round(speed, 2)}
            )
    columns = ("kind", "documents", "pages", "failed", "lines", "seconds", "pages_per_second", "peak_rss_mb")
    table = Table(title="Remittance reading benchmark")
    for column in columns:
        table.add_column(column, justify="left" if column == "kind" else "right")
    for row in rows:
        table.add_row(*(str(row[column]) for column in columns))
    console.print(table)
    for row in rows:
        if row["first_failure"]:
            console.print(f"{row['kind']}: {row['failed']} failed, first: {row['first_failure']}")
    if args.output:
        store(args.output, {"python": sys.version.split()[0], "rows": rows})


if __name__ == "__main__":
    main()
