"""A document's remittances, read again by the language model when one is configured.

The parser's result stays the reference: the model's reading is verified and reconciled
with it field by field (:func:`ingest.remittance.reconcile.reconcile`), and a model that
fails leaves it as it was, with a warning. Instruction-like text the model reports in the
document becomes a warning; it is never acted on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from copilot.llm import chat_model
from copilot.services.llm_extraction import llm_remittances
from copilot.settings import Settings
from ingest.records import RemittanceRecord
from ingest.remittance.reconcile import KnownInvoice, reconcile

LLM_LOCATOR = "document text (LLM)"


@dataclass(frozen=True)
class Reconciled:
    """The remittances after the model's reading, what it warned about, and how they were read."""

    remittances: tuple[RemittanceRecord, ...]
    warnings: tuple[str, ...]
    method: str


def llm_reconciled(
    remittances: Sequence[RemittanceRecord],
    text: str | None,
    settings: Settings,
    *,
    known_invoice: KnownInvoice,
) -> Reconciled:
    """``remittances`` reconciled with the model's reading of ``text`` (the parser's input text).

    Unchanged (method ``rules``) when no model is configured or there is no text to read.
    """
    model = chat_model(settings)
    if model is None or text is None or not text.strip():
        return Reconciled(tuple(remittances), (), "rules")
    extraction = llm_remittances(text, model, default_currency=settings.default_currency, locator=LLM_LOCATOR)
    warnings = (
        *extraction.warnings,
        *(
            f"instruction-like text ignored ({LLM_LOCATOR}): {passage!r}"
            for passage in extraction.suspicious_instructions
        ),
    )
    if extraction.failed:
        return Reconciled(tuple(remittances), warnings, "rules")
    reconciled = reconcile(remittances, extraction.records, known_invoice=known_invoice)
    return Reconciled(tuple(reconciled), warnings, "rules+llm")
