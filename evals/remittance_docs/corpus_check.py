"""Public samples with expected outputs (``tests/fixtures/corpus/``), scored beside the generated documents.

- ISO 20022 remt.001 advices: ``extract_file`` must read them and find what the peer parser's
  JSON holds (the sample is a header-only skeleton: no remittance line).
- invoice2data invoices (not remittances): a text-fidelity check only, whether the PDF text
  layer read with pdfplumber contains the expected invoice number and total amount.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber

from ingest.records import ExtractResult

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "corpus"
Extract = Callable[[Path], ExtractResult]


def amount_spellings(amount: Decimal) -> set[str]:
    """How an invoice may print ``amount``: ``4904.94``, ``4,904.94``, ``4.904,94``, ``4 904,94``…"""
    whole, _, cents = f"{amount:.2f}".partition(".")
    grouped = f"{int(whole):,}"
    spellings = set()
    for grouping in ("", ",", ".", " "):
        body = grouped.replace(",", grouping) if grouping else whole
        for decimal in (".", ","):
            if decimal != grouping:
                spellings.add(f"{body}{decimal}{cents}")
        if cents == "00":
            spellings.add(body)
    return spellings


def _normalised_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return re.sub(r"[ \t\u00a0\u202f]+", " ", text)


def check_invoice_text(pdf: Path, expected: dict[str, Any]) -> dict[str, Any]:
    """Whether ``pdf``'s text layer holds the expected invoice number and total."""
    try:
        text = _normalised_text(pdf)
    except Exception as exc:
        return {"file": pdf.name, "check": "text fidelity", "ok": False, "detail": f"unreadable: {exc}"}
    number = str(expected.get("invoice_number") or "").lstrip("#")
    number_found = bool(number) and number.replace(" ", "") in text.replace(" ", "")
    details = [f"invoice number {number!r} {'found' if number_found else 'missing'}"]
    ok = number_found
    if expected.get("amount") is not None:
        amount = Decimal(str(expected["amount"])).quantize(Decimal("0.01"))
        amount_found = any(
            re.search(rf"(?<![\d]){re.escape(spelling)}(?!\d)", text) for spelling in amount_spellings(amount)
        )
        details.append(f"total {amount} {'found' if amount_found else 'missing'}")
        ok = ok and amount_found
    return {"file": pdf.name, "check": "text fidelity", "ok": ok, "detail": "; ".join(details)}


def check_remittance_xml(xml: Path, extract: Extract) -> dict[str, Any]:
    """``extract`` on an ISO 20022 remittance advice; the expected JSON holds a header and no line."""
    expected = json.loads(xml.with_suffix(".json").read_text(encoding="utf-8"))
    message_id = expected.get("Message", {}).get("GrpHdr", {}).get("MsgId")
    entry = {"file": xml.name, "check": "remittance (remt.001)"}
    try:
        result = extract(xml)
    except Exception as exc:
        return {**entry, "ok": False, "detail": f"extract_file failed: {one_line(exc)}"}
    lines = sum(len(remittance.lines) for remittance in result.remittances)
    return {
        **entry,
        "ok": lines == 0,
        "detail": f"{len(result.remittances)} remittance(s), {lines} line(s); expected message {message_id} "
        "with no remittance line",
    }


def one_line(exc: BaseException) -> str:
    """An exception as one line: its type and the first line of its message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:300]


def check_corpus(extract: Extract, directory: Path = CORPUS) -> list[dict[str, Any]]:
    """Every corpus check; empty when the fixtures are not there (an installed package)."""
    if not directory.is_dir():
        return []
    results = [check_remittance_xml(xml, extract) for xml in sorted(directory.glob("remittance/**/*.xml"))]
    for pdf in sorted(directory.glob("invoices/**/*.pdf")):
        expected = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
        results.append(check_invoice_text(pdf, expected[0] if isinstance(expected, list) else expected))
    return results
