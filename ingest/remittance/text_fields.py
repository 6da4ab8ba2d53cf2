"""The payment a laid-out remittance advice announces: payer, date, amount, currency, reference.

Labels are those of :mod:`ingest.remittance.field_labels`, in French and English; a word that
may also start a name or a sentence (``Société``, ``De``) is a label only before a colon. A value
is found after the label on its line (``Payeur : ACME SA``, ``Payment date 03/10/2026``), in the
next cell of the line, or under the label on the next line; a title is no payer, a reference
has a digit, and a totals row's several columns are no payment amount. Letters say it in a
sentence, which may go on over the next line: ``virement de 12 345,67 EUR effectué le
03/10/2026`` gives the amount after a payment word, the date after ``le`` / ``on`` (after ``du``
/ ``dated`` only when they follow the payment or its amount, not an invoice) and the reference
after ``référence``. The payer, when no label names it, is the letterhead's or the e-mail
signature's (:mod:`ingest.remittance.letterhead`). The beneficiary (``Bénéficiaire``,
``Payee``, ``To``) is us, never the payer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ingest.remittance.field_labels import NEEDS_COLON, TITLE_WORDS, is_legal_form, label_key, label_name
from ingest.remittance.layout import TextLine, Word, cells
from ingest.remittance.letterhead import letterhead_payer
from ingest.remittance.prose import date_across
from ingest.remittance.tokens import Conventions, Value, currency_of, fold, invoice_like, line_values

_PAYMENT_WORDS = ("virement", "paiement", "reglement", "payment", "transfer", "remittance", "versement")
_DATE_WORDS = ("le", "on", "effectue le", "executed on", "valeur", "date", "today", "aujourd'hui", "ce jour")
_PAYMENT_DATE_WORDS = frozenset({"du", "dated", "of"})
_MAX_REFERENCE_PREFIX = 4
_DIGIT_GROUP = re.compile(r"\d[\d-]*")
_DASHED_DATE = re.compile(r"\d{1,4}-\d{1,2}-\d{1,4}")
_SCAN_MARKS = re.compile(r"^(?:\S{0,2}\s*\|\s*)+")
"""A speck and a rule a scan read before a value (``s | Frontier Partners Inc``)."""
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
            if name is not None and (colon or (index == 0 and label_key(text) not in NEEDS_COLON)):
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
                following = _next_cell_with_text(line_cells[cell_index + 1 :])
                if start == len(cell) and following and label_at == 0:
                    following_cell = " ".join(word.text for word in following)
                    candidates.append([] if _is_label(following_cell) else following)
                if start == len(cell) and position + 1 < len(lines):
                    candidates.append(_below(cell[label_at:start], lines[position + 1]))
                for words in candidates:
                    if words and _set(fields, name, words, line, conventions):
                        break
    return fields


def _next_cell_with_text(following: Sequence[Sequence[Word]]) -> list[Word]:
    """The first of the cells after a label with a letter or digit: a scan's speck between a
    label and its value (``Date paid`` ``°`` ``16-Jan-26``) is passed over."""
    return next(
        (list(cell) for cell in following if any(char.isalnum() for word in cell for char in word.text)), []
    )


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
        amounts = [value for value in values if value.amount is not None]
        if len(amounts) != 1:
            return False  # none, or a totals row's columns: the sentence or the table's paid total says
        (amount,) = amounts
        fields.payment_amount = abs(amount.amount or Decimal(0))
        currency = amount.currency or next((currency_of(v.text) for v in values if currency_of(v.text)), None)
        if currency and fields.currency is None:
            fields.currency = currency
    elif name == "currency":
        currency = next((found for value in values if (found := currency_of(value.text))), None)
        if currency is None:
            return False
        fields.currency = currency
    elif name == "payer_name":
        title = TITLE_WORDS.match(fold(text)) and not any(is_legal_form(word) for word in text.split())
        if title or _is_label(text) or not any(char.isalpha() for char in text):
            return False
        fields.payer_name = _SCAN_MARKS.sub("", text)
    elif name == "payment_reference":
        reference = _reference_in(text)
        if reference is None:
            return False
        fields.payment_reference = reference
    fields.found_at[name] = line.locator
    return True


def _reference_in(text: str) -> str | None:
    """The reference a label's value holds: its first word with a digit, or a code in capitals and
    the word after it, with the groups of digits that follow (``du virement : REG0393213`` →
    ``REG0393213``, ``CHK 040305``, ``2000 128 433``, ``VIR-20261 130-0143`` as a scan split it,
    ``VIR-20261008-4861 08/10/2026`` → ``VIR-20261008-4861``); ``None`` without a digit."""
    words = text.split()
    while words and not any(char.isdigit() for char in words[0]) and not words[0].isupper():
        words.pop(0)
    if not any(char.isdigit() for char in "".join(words[:2])):
        return None
    taken = 1 if any(char.isdigit() for char in words[0]) else 2
    while (
        taken < len(words)
        and _DIGIT_GROUP.fullmatch(words[taken])
        and not _DASHED_DATE.fullmatch(words[taken])
    ):
        taken += 1  # its digits in groups, as typed or as a scan splits them: "2000 128 433", "130-0143"
    return " ".join(words[:taken])


def _digit_group(word: str) -> bool:
    """Digits, or digits and dashes (``130-0143``), and no date (``08-10-2026``)."""
    return bool(_DIGIT_GROUP.fullmatch(word)) and not _DASHED_DATE.fullmatch(word)


def read_sentences(lines: Sequence[TextLine], conventions: Conventions, fields: PaymentFields) -> None:
    """Fill the amount, date and reference from sentences (``virement de … effectué le …``,
    ``payment of … made on …, reference …``) where labels gave none. A sentence about the payment
    may go on over the next line (``transferred GBP 39,758.64 to your account`` / ``on 30-Sep-26``),
    a date too (``… to your account on 19 Oct`` / ``2026 in settlement …``)."""
    carried: list[str] = []
    carried_values: list[Value] = []
    for line in lines:
        values = line_values(line, conventions)
        if carried_values and (joined := date_across(carried_values, values)) is not None:
            kept = next(at for at, value in enumerate(joined) if value is not carried_values[at])
            carried, values = [fold(value.text) for value in joined[:kept]][-3:], joined[kept:]
        folded_words = [fold(value.text) for value in values]
        about_payment = any(word.startswith(_PAYMENT_WORDS) for word in folded_words)
        if not about_payment and not carried:
            continue
        context = [*carried, *folded_words]
        for index, value in enumerate(values):
            at = index + len(carried)
            before_words = context[max(0, at - 3) : at]
            before = " ".join(before_words)
            previous = context[at - 1].strip("(:") if at else ""
            stated = any(
                word in before for word in (*_PAYMENT_WORDS, "de", "of", "montant", "amount", "total")
            )
            if fields.payment_amount is None and value.amount is not None and value.amount > 0 and stated:
                fields.payment_amount = value.amount
                fields.currency = fields.currency or value.currency or _currency_near(values, index)
                fields.found_at["payment_amount"] = line.locator
            if fields.payment_reference is None and previous in _REFERENCE_WORDS:
                reference = _sentence_reference(values, index)
                if reference is not None:
                    fields.payment_reference = reference
                    fields.found_at["payment_reference"] = line.locator
            if fields.payment_date is None and value.day is not None and _states_payment_date(before_words):
                fields.payment_date = value.day
                fields.found_at["payment_date"] = line.locator
        carried = folded_words[-3:] if about_payment else []
        carried_values = values if about_payment else []


def _states_payment_date(before: Sequence[str]) -> bool:
    """Whether the words before a date make it the payment's: ``effectué le``, ``made on``,
    ``today (…)``; ``du`` and ``dated`` after a payment word or its amount (``virement du``,
    ``£10,734.73 dated``), not after an invoice (``FA-0412 du 22/08/2026``)."""
    if " ".join(before).endswith(_DATE_WORDS):
        return True
    if len(before) < 2 or before[-1] not in _PAYMENT_DATE_WORDS:
        return False
    prior = before[-2]
    return prior.startswith(_PAYMENT_WORDS) or (
        any(char.isdigit() for char in prior) and not invoice_like(prior)
    )


def _sentence_reference(values: Sequence[Value], index: int) -> str | None:
    """The reference after ``reference``: a word with a digit (``2000539345``), or a short code
    in capitals and the number after it (``CHK 055312``)."""
    text = values[index].text.strip(".,;:()")
    if values[index].kind == "text" and any(char.isdigit() for char in text):
        return text
    following = values[index + 1].text.strip(".,;:()") if index + 1 < len(values) else ""
    if text.isalpha() and text.isupper() and len(text) <= _MAX_REFERENCE_PREFIX and following.isdigit():
        return f"{text} {following}"
    return None


def _currency_near(values: Sequence[Value], index: int) -> str | None:
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(values) and (found := currency_of(values[neighbour].text)):
            return found
    return None
