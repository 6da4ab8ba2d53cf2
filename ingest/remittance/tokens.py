"""The values on a line of a remittance advice: amounts, dates, invoice numbers and text.

Words from a PDF, a scan or an email are joined back into values where layout split them:
``1 234,56`` (thousands separated by a space), ``EUR 1.234,56`` or ``1 234,56 €`` (currency
beside the amount), ``3 octobre 2026`` / ``Oct 3, 2026`` (dates in words). Each value keeps the
horizontal extent of the words it came from, so it can be put under its column header.
Scans confuse letters and digits: inside an amount, ``O``/``o`` read as ``0``, ``l``/``I``/``!`` as ``1``,
``S`` as ``5``, ``B`` as ``8``, ``Z`` as ``2`` and ``G`` as ``6``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from ingest.remittance.layout import TextLine, Word
from ingest.values import (
    MONTHS,
    DateOrder,
    ValueParseError,
    infer_date_order,
    infer_decimal_separator,
    month_name_date,
    parse_amount,
    parse_date,
)

Kind = Literal["amount", "date", "text"]

CURRENCY_SYMBOLS = {"€": "EUR", "£": "GBP", "$": "USD", "¥": "JPY", "CHF": "CHF", "FR": "EUR"}
CURRENCY_CODES = frozenset({"EUR", "GBP", "USD", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN"})

_AMOUNT_SHAPE = re.compile(
    r"^[-+(]?[€£$]?[-+]?\d{1,3}(?:[  ' .,]?\d{3})*(?:[.,]\d{1,3})[-)]?$|^[-+(]?[€£$]?[-+]?\d+[.,]\d{2}[-)]?$"
)
_GROUP_HEAD = re.compile(r"^[-+(]?[€£$]?[-+]?\d{1,3}$")
_GROUP_TAIL = re.compile(r"^\d{3}(?:[.,]\d{1,3})?[-)]?$")
_NUMERIC_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$")
_SPECKED_HEAD = re.compile(r"[.,'`‘’]\d{1,3}")
_RULE_MARK = re.compile(r"^[|!\[\]{}\\/'’`,;]+$")
"""What a scan makes of a table's vertical rules."""
_OCR_DIGITS = str.maketrans(
    {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "!": "1", "S": "5", "B": "8", "Z": "2", "G": "6"}
)
_ONE_MARK_THROUGHOUT = re.compile(r"^[-(]?\d{1,3}(?:([.,])\d{3})+\1\d{2}[-)]?$")
"""``6.871.21``: thousands marked like the decimals, as a scan reads a comma."""
_OCR_MAX_DECIMALS = 2
"""Decimals of a scanned amount beyond which it was misread (``396.959``: a speck read as a digit)."""
_EDGE_PUNCTUATION = ":;,()[]"
_NUMBER_EDGES = _EDGE_PUNCTUATION + "._"
"""Around an invoice number: punctuation, or a bullet or rule a scan read as ``_``."""
_SPLIT_WORD_GAP = 0.5
"""Fraction of a line's cell gap under which a scan's words split at a hyphen are rejoined."""


@dataclass(frozen=True)
class Value:
    """A typed value found on a line; ``amount``/``day`` set for amounts and dates."""

    kind: Kind
    text: str
    x0: float
    x1: float
    amount: Decimal | None = None
    currency: str | None = None
    day: date | None = None

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Conventions:
    """How a document writes numbers and dates, inferred from all of its words."""

    decimal_separator: str | None
    date_order: DateOrder | None
    ocr: bool = False


def fold(text: str) -> str:
    """Lower case without accents: how labels and keywords are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def currency_of(text: str) -> str | None:
    """The currency a word names (``EUR``, ``€``, ``GBP``…), or ``None``."""
    cleaned = text.strip(_EDGE_PUNCTUATION + ".")
    upper = fold(cleaned).upper()  # a scan's accent on a code: "ÉUR"
    if upper in CURRENCY_CODES:
        return upper
    return CURRENCY_SYMBOLS.get(cleaned) if cleaned in ("€", "£", "$", "¥") else None


def _amount_text(text: str, conventions: Conventions) -> str:
    cleaned = text.strip(":;")
    if re.search(r"\d[.,]\d{1,2}[,.]$", cleaned):  # "13.63," or "668,06." ending a clause
        cleaned = cleaned[:-1]
    if conventions.ocr and re.search(r"\d", cleaned):
        cleaned = cleaned.translate(_OCR_DIGITS)
    return cleaned


def looks_like_amount(text: str, conventions: Conventions) -> bool:
    """Whether a word (or words joined) is written like a money amount with decimals."""
    body = _amount_text(text, conventions)
    for symbol in ("€", "£", "$"):
        body = body.replace(symbol, "")
    return bool(_AMOUNT_SHAPE.match(body.strip()))


def _parse_amount(text: str, conventions: Conventions) -> Decimal | None:
    if not looks_like_amount(text, conventions):
        return None
    body = _amount_text(text, conventions)
    for symbol in ("€", "£", "$"):
        body = body.replace(symbol, "")
    if body.startswith("(") != body.endswith(")"):  # "(1 435,93 EUR)", "(GBP 40.00)": a currency inside
        body = f"({body.strip('()')})"
    tail = re.search(r"([.,])\d{1,2}[-)]?$", body.strip())
    separator = tail.group(1) if tail else conventions.decimal_separator
    if conventions.ocr and separator and _ONE_MARK_THROUGHOUT.match(body.strip()):
        head, _, cents = body.strip().rpartition(separator)  # "6.871.21": a comma read as a dot
        body = f"{head.replace(separator, ' ')}{separator}{cents}"
    try:
        amount = parse_amount(body, decimal_separator=separator)
    except ValueParseError:
        return None
    exponent = amount.as_tuple().exponent
    if conventions.ocr and isinstance(exponent, int) and exponent < -_OCR_MAX_DECIMALS:
        return None
    return amount


def _textual_date(words: Sequence[str]) -> tuple[date, int] | None:
    """``3 octobre 2026``, ``3 Oct. 2026``, ``October 3, 2026``, ``03-Oct-2026``, ``03-Oct-26``: the date
    and words used."""
    found = month_name_date(" ".join(words[:4]), whole=False)
    if found is None:
        return None
    return found, _words_spanning(words, 3 if not re.search(r"\d{1,2}-\w+-\d{2}", words[0]) else 1)


def _words_spanning(words: Sequence[str], parts: int) -> int:
    """How many words hold the first ``parts`` date parts (``03-Oct-2026`` is one word)."""
    count = 0
    for index, word in enumerate(words):
        count += len([part for part in re.split(r"[\s,.\-/:;]+", word) if part])
        if count >= parts:
            return index + 1
    return len(words)


def _numeric_date(text: str, conventions: Conventions) -> date | None:
    cleaned = text.strip(_EDGE_PUNCTUATION).removesuffix(".")  # "… le 07/12/2026."
    if not _NUMERIC_DATE.match(cleaned) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
        return None
    try:
        return parse_date(cleaned, order=conventions.date_order)
    except ValueParseError:
        return None


def _rejoined(words: Sequence[Word], gap: float) -> list[Word]:
    """Words a scan split, joined back: ``FA-`` ``2026-8043`` (a hyphen or slash at the split,
    closer than :data:`_SPLIT_WORD_GAP` cell gaps) and ``$19100.`` ``41`` (boxes that overlap)."""
    joined: list[Word] = []
    for word in words:
        last = joined[-1] if joined else None
        if last is not None and (word.x0 < last.x1 or _hyphen_split(last, word, gap)):
            joined[-1] = Word(last.text + word.text, last.x0, max(last.x1, word.x1))
        else:
            joined.append(word)
    return joined


def _despecked(words: Sequence[Word], gap: float) -> list[Word]:
    """A scan's ``.2`` ``184,16`` is ``2 184,16``: a speck read as a mark before the head of an
    amount's thousands groups is dropped."""
    cleaned = list(words)
    for index, (word, after) in enumerate(itertools.pairwise(words)):
        grouped = _GROUP_TAIL.match(after.text) and after.x0 - word.x1 <= gap
        if grouped and _SPECKED_HEAD.fullmatch(word.text):
            cleaned[index] = Word(word.text[1:], word.x0, word.x1)
    return cleaned


def _hyphen_split(left: Word, right: Word, gap: float) -> bool:
    touching = right.x0 - left.x1 < _SPLIT_WORD_GAP * gap
    return touching and (left.text.endswith(("-", "/")) or right.text.startswith(("-", "/")))


def line_values(line: TextLine, conventions: Conventions) -> list[Value]:
    """The line's words as typed values, left to right, split words rejoined."""
    words = [word for word in line.words if not (conventions.ocr and _RULE_MARK.match(word.text))]
    if conventions.ocr:
        words = _despecked(_rejoined(words, line.gap), line.gap)
    values: list[Value] = []
    index = 0
    while index < len(words):
        value, used = _value_at(words, index, line.gap, conventions)
        values.append(value)
        index += used
    return values


def _value_at(words: Sequence[Word], index: int, gap: float, conventions: Conventions) -> tuple[Value, int]:
    word = words[index]
    texts = [w.text for w in words[index : index + 4]]
    if _MONTH_WORD.search(fold(" ".join(texts[:2]))) or any(text[:1].isdigit() for text in texts[:2]):
        textual = _textual_date(texts)
        if textual is not None and _close(words, index, textual[1], gap * 3):
            found, used = textual
            return _span("date", words, index, used, day=found), used
    day = _numeric_date(word.text, conventions)
    if day is not None:
        return Value("date", word.text, word.x0, word.x1, day=day), 1
    amount = _amount_with_groups(words, index, gap, conventions)
    if amount is not None:
        return amount
    return Value("text", word.text, word.x0, word.x1), 1


_MONTH_WORD = re.compile(
    r"(?:^|[\s\-.(])(" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\b"
)


def _close(words: Sequence[Word], start: int, count: int, gap: float) -> bool:
    return all(words[i + 1].x0 - words[i].x1 <= gap for i in range(start, start + count - 1))


def _span(kind: Kind, words: Sequence[Word], start: int, count: int, **fields: object) -> Value:
    chosen = words[start : start + count]
    text = " ".join(w.text for w in chosen)
    return Value(kind, text, chosen[0].x0, chosen[-1].x1, **fields)  # type: ignore[arg-type]


def _group_space(head: Word, tail: Word) -> float:
    """The space between two digit groups of an amount, less the margin a group narrower than
    its characters' place leaves on its right: a scan's boxes hold ink, and a ``1``'s ink is
    narrow, so ``1`` ``126,94`` stand further apart than ``14`` ``357,18``."""
    pitch = (tail.x1 - tail.x0) / len(tail.text)
    narrower = max(0.0, len(head.text) * pitch - (head.x1 - head.x0))
    return tail.x0 - head.x1 - narrower / 2


def _amount_with_groups(
    words: Sequence[Word], index: int, gap: float, conventions: Conventions
) -> tuple[Value, int] | None:
    """An amount, possibly written over several words: ``1 234 567,89``, ``12,00 €`` (the
    currency after it is taken with it; one before it is noted, the word stays text)."""
    count = 1
    texts = [_amount_text(word.text, conventions) for word in words[index : index + 6]]
    if _GROUP_HEAD.match(texts[0]):
        while (
            count < len(texts)
            and _GROUP_TAIL.match(texts[count])
            and _group_space(words[index + count - 1], words[index + count]) <= gap
        ):
            count += 1
            if not re.fullmatch(r"\d{3}", texts[count - 1]):
                break
    text = " ".join(word.text for word in words[index : index + count])
    amount = _parse_amount(text, conventions)
    if amount is None:
        if count == 1:
            return None
        count, text = 1, words[index].text
        amount = _parse_amount(text, conventions)
        if amount is None:
            return None
    after = index + count
    if after < len(words) and words[after].x0 - words[after - 1].x1 <= gap and currency_of(words[after].text):
        return _span(
            "amount", words, index, count + 1, amount=amount, currency=currency_of(words[after].text)
        ), (count + 1)
    before = currency_of(words[index - 1].text) if index > 0 else None
    currency = before if before and words[index].x0 - words[index - 1].x1 <= gap else _symbol_in(text)
    return _span("amount", words, index, count, amount=amount, currency=currency), count


def currency_in(text: str) -> str | None:
    """The currency an amount's text carries (``19,923.77 GBP``, ``$3100.00``), or ``None``."""
    return next((code for word in text.split() if (code := currency_of(word))), None) or _symbol_in(text)


def _symbol_in(text: str) -> str | None:
    for symbol, code in CURRENCY_SYMBOLS.items():
        if len(symbol) == 1 and symbol in text:
            return code
    return None


def document_conventions(lines: Sequence[TextLine], *, ocr: bool) -> Conventions:
    """The decimal mark and date order the document uses, from every word that tells. Where no
    date tells its order, a document in US dollars only writes month first, any other day first."""
    texts = [word.text for line in lines for word in line.words]
    words = [text.strip(_EDGE_PUNCTUATION + "€£$") for text in texts]
    amounts = [word for word in words if re.search(r"\d[.,]\d{1,3}[-)]?$", word)]
    dates = [word for word in words if _NUMERIC_DATE.match(word)]
    currencies = {code for text in texts if (code := currency_in(text))}
    order = infer_date_order(dates) or ("MDY" if currencies == {"USD"} else "DMY")
    return Conventions(infer_decimal_separator(amounts), order, ocr)


_GLUED_SEPARATOR = re.compile(r"^[;:,]+[-–—]")
INVOICE_SHAPE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9\-/._#]*[A-Za-z0-9]$")


def invoice_like(text: str) -> bool:
    """Whether a word can be an invoice number: letters, digits and ``-/._#``, with a digit, 3+ long
    (a number sign before it, ``#0002397``, as in ``Invoice #0002397``)."""
    cleaned = clean_invoice_number(text)
    decimal = re.fullmatch(r"\d+[.,]\d{1,2}", cleaned)
    return len(cleaned) >= 3 and not decimal and bool(INVOICE_SHAPE.match(cleaned))


def clean_invoice_number(text: str) -> str:
    """An invoice number without the punctuation around it (``FA-12,``, ``_FA-12`` → ``FA-12``), a
    separator and dash a scan glued before it too (``;-2026/02216``)."""
    return _GLUED_SEPARATOR.sub("", text).strip(_NUMBER_EDGES + "#")
