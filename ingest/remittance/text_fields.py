"""The payment a laid-out remittance advice announces: payer, date, amount, currency, reference.

Labels are the remittance sheets' (:data:`~ingest.remittance.columns.HEADER_FIELDS`) and a few
that documents use, in French and English. A value is found after the label on its line
(``Payeur : ACME SA``, ``Payment date 03/10/2026``), in the next cell of the line, or under
the label on the next line. Letters say it in a sentence: ``virement de 12 345,67 EUR
effectué le 03/10/2026`` gives the amount after a payment word and the date after ``le`` /
``on``. The payer, when no label names it, is the first company name of the letterhead.
The beneficiary (``Bénéficiaire``, ``Payee``, ``To``) is us, never the payer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ingest.remittance.columns import header_field
from ingest.remittance.layout import TextLine, Word, cells
from ingest.remittance.tokens import Conventions, Value, currency_of, fold, line_values

_EXTRA_LABELS = {
    "payer_name": (
        "remitter",
        "ordering party",
        "paid by",
        "payeur",
        "societe",
        "company",
        "debiteur",
        "debtor",
        "nom du client",
        "customer name",
        "raison sociale",
    ),
    "payment_date": (
        "date d'execution",
        "execution date",
        "date de l'avis",
        "date du paiement",
        "paid on",
        "date de valeur",
        "transfer date",
        "date d'echeance du paiement",
        "date de paiement",
        "date valeur",
        "paiement du",
        "date du cheque",
        "cheque date",
        "check date",
    ),
    "letter_date": ("date", "le", "dated", "date de l'avis", "advice date", "date d'emission", "issue date"),
    "payment_amount": (
        "montant",
        "amount",
        "montant vire",
        "amount transferred",
        "total du paiement",
        "total payment",
        "payment total",
        "montant total regle",
        "total regle",
        "net a payer",
        "total amount paid",
    ),
    "payment_reference": (
        "ref",
        "ref.",
        "reference du reglement",
        "payment no",
        "remittance advice no",
        "advice no",
        "avis de paiement n",
        "transfer reference",
        "our reference",
        "notre reference",
        "cheque no",
        "n de cheque",
        "check no",
        "cheque n",
        "check number",
        "cheque number",
        "numero de cheque",
        "piece de paiement",
        "n de piece de paiement",
        "payment document",
        "document de paiement",
        "transfer id",
        "reference virement",
        "ref virement",
        "payment ref",
    ),
    "payee": (
        "beneficiaire",
        "beneficiary",
        "payee",
        "to",
        "a",
        "destinataire",
        "fournisseur",
        "supplier",
        "vendor",
        "creditor",
        "creancier",
    ),
}
_EXTRA_INDEX = {label: name for name, labels in _EXTRA_LABELS.items() for label in labels}
_LEGAL_FORM = re.compile(
    r"\b(sas|sasu|sarl|sa|eurl|snc|sci|scop|gmbh|ag|ltd|limited|plc|llp|llc|inc|corp|bv|nv|spa|srl|sl)\b\.?$|"
    r"\b(sas|sarl|sa|ltd|plc|gmbh|inc|llc)\b",
    re.IGNORECASE,
)
_PAYMENT_WORDS = ("virement", "paiement", "reglement", "payment", "transfer", "remittance", "versement")
_DATE_WORDS = ("le", "on", "du", "dated", "effectue le", "executed on", "valeur", "date")
_MAX_LABEL_WORDS = 5
_REFERENCE_WORDS = frozenset(
    {"reference", "ref", "ref.", "référence", "réf", "réf.", "reference:", "référence:"}
)


@dataclass
class PaymentFields:
    """What the document says about the payment; ``None`` where it says nothing."""

    payer_name: str | None = None
    payment_date: date | None = None
    payment_amount: Decimal | None = None
    currency: str | None = None
    payment_reference: str | None = None
    letter_date: date | None = None
    """A bare ``Date:`` on the advice: the payment date when nothing more precise gives one."""
    found_at: dict[str, str] = field(default_factory=dict)


def label_name(text: str) -> str | None:
    """The field a label names (``payer_name``… or ``payee``), ``None`` when it is no label."""
    cleaned = text.strip().rstrip(":").strip()
    if not cleaned:
        return None
    folded = re.sub(r"\s+", " ", fold(cleaned).replace("°", "").replace("º", "")).strip(" .:")
    return _EXTRA_INDEX.get(folded) or header_field(cleaned)


def _pairs_in_cell(cell: Sequence[Word]) -> list[tuple[str, int, int]]:
    """``(field, value start, label start)`` for each label in a run of words (longest label first)."""
    found: list[tuple[str, int, int]] = []
    index = 0
    while index < len(cell):
        for end in range(min(len(cell), index + _MAX_LABEL_WORDS), index, -1):
            words = cell[index:end]
            text = " ".join(word.text for word in words)
            colon = text.endswith(":") or (end < len(cell) and cell[end].text == ":")
            name = label_name(text)
            if name is not None and (colon or index == 0):
                start = end + (1 if end < len(cell) and cell[end].text == ":" else 0)
                found.append((name, start, index))
                index = start
                break
        else:
            index += 1
    return found


def read_payment(
    lines: Sequence[TextLine], conventions: Conventions, *, letterhead: Sequence[TextLine], signature: bool
) -> PaymentFields:
    """The payment fields of ``lines``: labels, then sentences; the payer from the ``letterhead``
    lines (or an e-mail's ``signature``) and the letter's date where nothing more precise gives them."""
    fields = read_payment_fields(lines, conventions)
    read_sentences(lines, conventions, fields)
    fields.payer_name = fields.payer_name or letterhead_payer(letterhead, signature=signature)
    fields.payment_date = fields.payment_date or fields.letter_date
    return fields


def read_payment_fields(lines: Sequence[TextLine], conventions: Conventions) -> PaymentFields:
    """The payment fields of the lines outside the invoice table (first occurrence counts)."""
    fields = PaymentFields()
    for position, line in enumerate(lines):
        line_cells = cells(line.words, line.gap)
        for cell_index, cell in enumerate(line_cells):
            for name, start, label_at in _pairs_in_cell(cell):
                candidates = [list(cell[start : _next_label(cell, start)])]
                if start == len(cell) and cell_index + 1 < len(line_cells) and label_at == 0:
                    following_cell = " ".join(word.text for word in line_cells[cell_index + 1])
                    candidates.append([] if _is_label(following_cell) else list(line_cells[cell_index + 1]))
                if start == len(cell) and position + 1 < len(lines):
                    candidates.append(_below(cell[label_at:start], lines[position + 1]))
                for words in candidates:
                    if words and _set(fields, name, words, line, conventions):
                        break
    return fields


def _is_label(text: str) -> bool:
    """A cell that is itself a label (``Payment date``), with no value of its own."""
    return label_name(text) is not None or (
        label_name(text.split(":")[0]) is not None and text.rstrip().endswith(":")
    )


def _next_label(cell: Sequence[Word], start: int) -> int:
    for index in range(start + 1, len(cell)):
        text = cell[index].text
        if text.endswith(":") and label_name(text) is not None:
            return index
        if index + 1 < len(cell) and cell[index + 1].text.endswith(":"):
            two = f"{text} {cell[index + 1].text}"
            if label_name(two) is not None:
                return index
    return len(cell)


def _below(label: Sequence[Word], line: TextLine) -> list[Word]:
    if not label:
        return []
    x0, x1 = label[0].x0, label[-1].x1
    for cell in cells(line.words, line.gap):
        if (
            min(x1, cell[-1].x1) - max(x0, cell[0].x0) > 0
            and label_name(" ".join(w.text for w in cell)) is None
        ):
            return list(cell)
    return []


def _set(
    fields: PaymentFields, name: str, words: Sequence[Word], line: TextLine, conventions: Conventions
) -> bool:
    text = " ".join(word.text for word in words).strip(" :")
    if not any(char.isalnum() for char in text) or name == "payee" or name in fields.found_at:
        return name in fields.found_at
    if name == "letter_date":
        day = next(
            (
                value.day
                for value in line_values(
                    TextLine(tuple(words), line.page, line.number, line.gap), conventions
                )
                if value.day
            ),
            None,
        )
        if day is not None:
            fields.letter_date = day
            fields.found_at[name] = line.locator
        return day is not None
    values = line_values(TextLine(tuple(words), line.page, line.number, line.gap), conventions)
    if name == "payment_date":
        day = next((value.day for value in values if value.day), None)
        if day is None:
            return False
        fields.payment_date = day
    elif name == "payment_amount":
        amount = next((value for value in values if value.amount is not None), None)
        if amount is None or amount.amount is None:
            return False
        fields.payment_amount = abs(amount.amount)
        currency = amount.currency or next((currency_of(v.text) for v in values if currency_of(v.text)), None)
        if currency and fields.currency is None:
            fields.currency = currency
    elif name == "currency":
        currency = next((found for value in values if (found := currency_of(value.text))), None)
        if currency is None:
            return False
        fields.currency = currency
    elif name == "payer_name":
        fields.payer_name = text
    elif name == "payment_reference":
        fields.payment_reference = text.split()[0] if len(text.split()) > 3 else text
    fields.found_at[name] = line.locator
    return True


def read_sentences(lines: Sequence[TextLine], conventions: Conventions, fields: PaymentFields) -> None:
    """Fill the amount and date from sentences (``virement de … effectué le …``) where labels gave none."""
    for line in lines:
        values = line_values(line, conventions)
        folded_words = [fold(value.text) for value in values]
        if not any(word.startswith(_PAYMENT_WORDS) for word in folded_words):
            continue
        for index, value in enumerate(values):
            before = " ".join(folded_words[max(0, index - 3) : index])
            stated = any(
                word in before for word in (*_PAYMENT_WORDS, "de", "of", "montant", "amount", "total")
            )
            if fields.payment_amount is None and value.amount is not None and value.amount > 0 and stated:
                fields.payment_amount = value.amount
                fields.currency = fields.currency or value.currency or _currency_near(values, index)
                fields.found_at["payment_amount"] = line.locator
            if (
                fields.payment_reference is None
                and value.kind == "text"
                and any(c.isdigit() for c in value.text)
            ):
                previous = folded_words[index - 1].strip("(:") if index else ""
                if previous in _REFERENCE_WORDS:
                    fields.payment_reference = value.text.strip(".,;:()")
                    fields.found_at["payment_reference"] = line.locator
            if fields.payment_date is None and value.day is not None:
                previous = folded_words[index - 1] if index else ""
                if previous in _DATE_WORDS or before.endswith(_DATE_WORDS):
                    fields.payment_date = value.day
                    fields.found_at["payment_date"] = line.locator


def _currency_near(values: Sequence[Value], index: int) -> str | None:
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(values) and (found := currency_of(values[neighbour].text)):
            return found
    return None


def letterhead_payer(lines: Sequence[TextLine], *, signature: bool = False) -> str | None:
    """The first company name (a line with a legal form) among the first lines, if any; with
    ``signature`` (an email) the last company name of the last lines first."""
    ordered = [*reversed(lines[-10:]), *lines[:12]] if signature else lines[:12]
    for line in ordered:
        text = line.text.strip()
        if label_name(text.split(":")[0]) == "payee":
            continue
        first_cell = " ".join(word.text for word in cells(line.words, line.gap)[0])
        if _LEGAL_FORM.search(first_cell) and not any(char.isdigit() for char in first_cell):
            return first_cell.strip(" ,")
    return None
