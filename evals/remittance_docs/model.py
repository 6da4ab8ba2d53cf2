"""Ground truth of a generated remittance document: what a perfect reader extracts from it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from tools.money import format_amount

DocumentKind = Literal["native", "scan", "email"]
KINDS: tuple[DocumentKind, ...] = ("native", "scan", "email")
TRUTH_SUFFIX = ".truth.json"


@dataclass(frozen=True)
class TruthLine:
    """One invoice the payment settles: ``paid = invoice - discount - deduction``."""

    invoice_number: str
    invoice_date: date
    invoice_amount: Decimal
    paid_amount: Decimal
    discount_amount: Decimal = Decimal("0.00")
    deduction_amount: Decimal = Decimal("0.00")
    reason_text: str | None = None
    reason_code: str | None = None

    def to_json(self, currency: str) -> dict[str, Any]:
        return {
            "invoice_number": self.invoice_number,
            "invoice_date": self.invoice_date.isoformat(),
            "invoice_amount": format_amount(self.invoice_amount, currency),
            "paid_amount": format_amount(self.paid_amount, currency),
            "discount_amount": format_amount(self.discount_amount, currency),
            "deduction_amount": format_amount(self.deduction_amount, currency),
            "reason_text": self.reason_text,
            "reason_code": self.reason_code,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TruthLine:
        return cls(
            invoice_number=data["invoice_number"],
            invoice_date=date.fromisoformat(data["invoice_date"]),
            invoice_amount=Decimal(data["invoice_amount"]),
            paid_amount=Decimal(data["paid_amount"]),
            discount_amount=Decimal(data["discount_amount"]),
            deduction_amount=Decimal(data["deduction_amount"]),
            reason_text=data["reason_text"],
            reason_code=data["reason_code"],
        )


@dataclass(frozen=True)
class TruthRemittance:
    """One payment announced by the document, with the invoices it settles.

    ``payee_name`` (the supplier the advice is sent to) is printed too, as a trap for readers
    that take the first company name they see; it is not a field to extract.
    """

    payer_name: str
    payee_name: str
    language: Literal["fr", "en"]
    country: str
    payment_date: date
    currency: str
    payment_reference: str | None
    lines: tuple[TruthLine, ...]

    @property
    def payment_amount(self) -> Decimal:
        return sum((line.paid_amount for line in self.lines), Decimal("0.00"))

    @property
    def total_invoiced(self) -> Decimal:
        return sum((line.invoice_amount for line in self.lines), Decimal("0.00"))

    @property
    def total_discount(self) -> Decimal:
        return sum((line.discount_amount for line in self.lines), Decimal("0.00"))

    @property
    def total_deduction(self) -> Decimal:
        return sum((line.deduction_amount for line in self.lines), Decimal("0.00"))

    def to_json(self) -> dict[str, Any]:
        return {
            "payer_name": self.payer_name,
            "payee_name": self.payee_name,
            "language": self.language,
            "country": self.country,
            "payment_date": self.payment_date.isoformat(),
            "payment_amount": format_amount(self.payment_amount, self.currency),
            "currency": self.currency,
            "payment_reference": self.payment_reference,
            "lines": [line.to_json(self.currency) for line in self.lines],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TruthRemittance:
        return cls(
            payer_name=data["payer_name"],
            payee_name=data["payee_name"],
            language=data["language"],
            country=data["country"],
            payment_date=date.fromisoformat(data["payment_date"]),
            currency=data["currency"],
            payment_reference=data["payment_reference"],
            lines=tuple(TruthLine.from_json(line) for line in data["lines"]),
        )


@dataclass(frozen=True)
class DocumentTruth:
    """A generated file, how it was made (kind, layout, variant notes) and what it holds."""

    file: str
    kind: DocumentKind
    layout: str
    remittances: tuple[TruthRemittance, ...]
    adversarial: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def line_count(self) -> int:
        return sum(len(remittance.lines) for remittance in self.remittances)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "layout": self.layout,
            "adversarial": self.adversarial,
            "notes": list(self.notes),
            "remittances": [remittance.to_json() for remittance in self.remittances],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentTruth:
        return cls(
            file=data["file"],
            kind=data["kind"],
            layout=data["layout"],
            adversarial=data["adversarial"],
            notes=tuple(data["notes"]),
            remittances=tuple(TruthRemittance.from_json(item) for item in data["remittances"]),
        )


def truth_path(document: Path) -> Path:
    """Where the ground truth of ``document`` is stored: beside it, ``<name>.truth.json``."""
    return document.with_name(document.name + TRUTH_SUFFIX)


def write_truth(document: Path, truth: DocumentTruth) -> Path:
    """Store ``truth`` beside ``document`` (amounts as strings)."""
    path = truth_path(document)
    path.write_text(json.dumps(truth.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load_truths(directory: Path) -> list[tuple[Path, DocumentTruth]]:
    """Every ``(document, truth)`` pair of a generated directory, in file-name order."""
    pairs = []
    for path in sorted(directory.glob(f"*{TRUTH_SUFFIX}")):
        truth = DocumentTruth.from_json(json.loads(path.read_text(encoding="utf-8")))
        pairs.append((path.with_name(truth.file), truth))
    return pairs
