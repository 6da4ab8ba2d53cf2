"""Generated remittance advices (native PDFs, scans, emails) with ground truth, to evaluate the readers.

    truths = generate_documents(Path("out"), seed=1, count=40)  # doc-001.pdf + doc-001.pdf.truth.json, …

Each document is a random remittance (payer, payment, 1 to 25 invoice lines, some discounts and
deductions) written the way a customer's ERP, accountant or mail client writes it. The
truth beside it (amounts as strings) is what a perfect reader extracts.
"""

from evals.remittance_docs.corpus import generate_document, generate_documents, recipes
from evals.remittance_docs.model import (
    KINDS,
    DocumentKind,
    DocumentTruth,
    TruthLine,
    TruthRemittance,
    load_truths,
    truth_path,
)

__all__ = [
    "KINDS",
    "DocumentKind",
    "DocumentTruth",
    "TruthLine",
    "TruthRemittance",
    "generate_document",
    "generate_documents",
    "load_truths",
    "recipes",
    "truth_path",
]
