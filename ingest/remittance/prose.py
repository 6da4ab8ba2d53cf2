"""Invoice lines written as sentences or bullets: ``- FA-2026-0412 du 12/09/2026 : 1 200,00 €``,
``Invoice INV10023 of 3 Oct 2026, 1,000.00 less 50.00 damaged goods``.

A line names an invoice when it holds an invoice-like word after an invoice keyword
(``facture``, ``invoice``, ``n°``, ``réf``…) or at its start, and at least one amount. Each amount
takes its role from the words just before it: a discount (``escompte``, ``discount``), a
deduction (``déduction``, ``retenue``, ``less``, ``short``…), the invoice amount (``montant de``,
``amount of``, ``gross``), else what was paid. The reason is the text after the deduction.
A later sentence about the same invoice (``déduction de 50,00 € sur FA-0412 : avarie``) adds
to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from ingest.remittance.tokens import Value, clean_invoice_number, currency_of, fold, invoice_like
from ingest.values import month_name_date

_INVOICE_WORDS = frozenset(
    {
        "facture",
        "factures",
        "fact",
        "invoice",
        "invoices",
        "inv",
        "n",
        "no",
        "nr",
        "num",
        "bill",
        "#",
    }
)
_LIST_WORDS = frozenset({"suivantes", "suivants", "ci-dessous", "ci-apres", "following", "below"})
"""Words that announce a list: the invoice number after them starts it even without a colon
(``des factures suivantes`` / ``26FC05494 du 8 juin…``)."""
_MINUS_WORDS = frozenset({"moins", "less", "minus"})
_DISCOUNT_WORDS = ("escompte", "discount", "remise")
_DEDUCTION_WORDS = (
    "deduction",
    "deduit",
    "retenue",
    "retenu",
    "moins",
    "less",
    "short",
    "minus",
    "deducted",
    "withheld",
    "litige",
    "dispute",
    "claim",
    "reclamation",
)
_GROSS_WORDS = (
    "montant de la facture",
    "montant facture",
    "sur un montant",
    "d'un montant",
    "amount of",
    "invoice amount",
    "gross",
    "brut",
    "total of",
    "facture de",
    "invoice of",
    "ttc",
)
_PAID_WORDS = (
    "regle",
    "paye",
    "paid",
    "net",
    "soit",
    "verse",
    "reglons",
    "payons",
    "pay",
    "settled",
    "i.e",
    "ie",
)
_ROLE_WORDS = (
    ("discount_amount", _DISCOUNT_WORDS),
    ("deduction_amount", _DEDUCTION_WORDS),
    ("invoice_amount", _GROSS_WORDS),
    ("paid_amount", _PAID_WORDS),
)
_REASON_LEAD = re.compile(r"^(?:pour|for|due to|because of|motif|reason|cause|:|-|–|\(|,)+\s*", re.IGNORECASE)
_BULLET = frozenset({"o", "e"})
"""Letters scans make of a round bullet; any mark alone (``-``, ``•``, ``*``, and ``¢``, ``©``,
``@``… as scans read a bullet) is a bullet too."""
_ABBREVIATIONS = frozenset({"i.e.", "e.g.", "c.-a-d.", "c.a.d.", "cf.", "soit."})
"""Words ending in a dot that do not end a sentence (``… discount 34.95, i.e.`` / ``1712.40 paid``)."""
_THOUSANDS_HEAD = re.compile(r"-?\d{1,3}")
_THOUSANDS_TAIL = re.compile(r"\d{3}[.,]\d{1,2}(?!\d)")
_SEPARATORS = frozenset({";", ":", ",", "i"})
"""A word of its own between two invoices of a list: ``;``, and what scans make of it."""


@dataclass(frozen=True)
class ProseLine:
    """An invoice line read from a sentence."""

    invoice_number: str
    invoice_date: date | None
    invoice_amount: Decimal | None
    paid_amount: Decimal | None
    discount_amount: Decimal | None
    deduction_amount: Decimal | None
    reason_text: str | None
    locator: str
    introduced: bool = True
    """Whether a keyword (``facture``, ``invoice``…) or a bullet introduced the number."""
    stated: Decimal | None = None
    """The one unlabelled amount beside a deduction, when it could be paid or gross."""
    minus: bool = False
    """Whether :attr:`stated` was read as the invoice amount (``1 200,00 moins 50,00``)."""


def _invoice_at(values: Sequence[Value]) -> tuple[int, bool] | None:
    """Where the invoice number is, and whether a keyword or bullet introduced it."""
    for index, value in enumerate(values):
        if value.kind != "text" or not invoice_like(value.text):
            continue
        previous = fold(values[index - 1].text).strip(".:°º") if index else ""
        leading = all(_is_bullet(v.text) or v.kind != "text" for v in values[:index]) or (
            index > 0 and values[index - 1].text.endswith((";", "."))
        )
        keyword = (
            previous in _INVOICE_WORDS or previous.endswith(("n°", "no", "°")) or previous in _LIST_WORDS
        )
        bullet = index > 0 and _is_bullet(values[0].text)
        shaped = any(char.isalpha() for char in value.text) or len(clean_invoice_number(value.text)) >= 4
        if (keyword or leading) and shaped:
            return index, keyword or bullet
    return None


def _is_bullet(text: str) -> bool:
    return fold(text) in _BULLET or (len(text) == 1 and not text.isalnum() and text not in ";:,.()")


def sentences(lines: Sequence[tuple[str, Sequence[Value]]]) -> list[tuple[str, list[Value]]]:
    """Lines as sentences.

    A line whose sentence is unfinished (it ends on a word or a date, not on an amount or ``.``
    ``;`` ``:``) goes on with the next line when that one starts in lower case or with a number
    (``USD 10.35`` too), so an invoice written over two lines (``… for 8,953.79 GBP, less
    discount`` / ``179.08 GBP, i.e. 8,774.71 paid;``) is one sentence. A line ending on an amount
    goes on with a next line in lower case (``… less USD 100.00`` / ``(freight charge), i.e. …``;
    an opening bracket or quote is passed over). After ``i.e.`` and the like the next line goes
    on whatever it starts with (``i.e.`` / ``USD 5499.21 paid;``); a line of marks alone, a
    scan's speck, is passed over. An amount whose thousands went to the line before (``… pour 2``
    / ``257,25 ; …``) is one amount again, and so is a date (``… dated 7`` / ``March 2026``).
    Each sentence keeps the locator of its first line."""
    joined: list[tuple[str, list[Value]]] = []
    unfinished = amount_ends = abbreviated = False
    for locator, values in lines:
        if values and not any(char.isalnum() for value in values for char in value.text):
            continue  # a speck or a rule mark on a line of its own: the sentence goes on past it
        opening = values[0].text.lstrip("([«\"'‘“") if values else ""
        lower = bool(values) and values[0].kind == "text" and opening[:1].islower()
        priced = len(values) > 1 and currency_of(values[0].text) is not None and values[1].kind == "amount"
        goes_on = bool(values) and (values[0].kind != "text" or lower or opening[:1].isdigit() or priced)
        dated = date_across(joined[-1][1], values) if joined else None
        goes_on = goes_on or dated is not None
        if joined and values and ((unfinished and goes_on) or (amount_ends and lower) or abbreviated):
            joined[-1] = (joined[-1][0], dated or _rejoined(joined[-1][1], values))
        elif values:
            joined.append((locator, list(values)))
        last = values[-1] if values else None
        abbreviated = last is not None and last.kind == "text" and fold(last.text) in _ABBREVIATIONS
        unfinished = last is not None and (
            last.kind == "date" or (last.kind == "text" and not last.text.endswith((".", ";", ":", "!", "?")))
        )
        amount_ends = last is not None and last.kind == "amount"
    return joined


def _rejoined(sentence: list[Value], values: Sequence[Value]) -> list[Value]:
    """``sentence`` going on with a line's ``values``, an amount cut by the line break whole again."""
    return [*sentence[:-1], *_rejoined_amount(sentence[-1], values[0]), *values[1:]]


def date_across(sentence: Sequence[Value], values: Sequence[Value]) -> list[Value] | None:
    """``sentence`` and ``values`` with the date the line break cut in two whole again
    (``… dated 7`` / ``March 2026``, ``… dated 7 March`` / ``2026``), ``None`` when none was cut."""
    for kept, taken in ((1, 2), (2, 1)):
        parts = [*sentence[-kept:], *values[:taken]]
        if len(sentence) >= kept and len(values) >= taken and all(part.kind == "text" for part in parts):
            text = " ".join(part.text for part in parts)
            day = month_name_date(text.rstrip(".,;:"))
            if day is not None:
                whole = Value("date", text, parts[0].x0, parts[-1].x1, day=day)
                return [*sentence[:-kept], whole, *values[taken:]]
    return None


def _rejoined_amount(last: Value, first: Value) -> list[Value]:
    """``2`` ending a line and ``257,25`` starting the next as the one amount ``2 257,25``."""
    if (
        last.kind != "text"
        or first.amount is None
        or not _THOUSANDS_HEAD.fullmatch(last.text)
        or not _THOUSANDS_TAIL.match(first.text)
    ):
        return [last, first]
    thousands = Decimal(last.text) * 1000
    amount = thousands - first.amount if thousands < 0 else thousands + first.amount
    return [replace(first, text=f"{last.text} {first.text}", x0=last.x0, amount=amount)]


def split_invoices(values: Sequence[Value]) -> list[list[Value]]:
    """A sentence naming several invoices (``FA-1 … ; FA-2 …``) as one part per invoice, each
    starting at the keyword or bullet before its number, or at the number after a separator or
    straight after an amount (a scan may drop the ``;`` between two invoices)."""
    starts: list[int] = []
    for index, value in enumerate(values):
        if value.kind != "text" or not invoice_like(value.text) or index == 0:
            continue
        previous = fold(values[index - 1].text).strip(".:°º")
        if previous in _INVOICE_WORDS or _is_bullet(values[index - 1].text):
            starts.append(index - 1)
        elif (
            values[index - 1].text.endswith((";", ".", ":"))
            or values[index - 1].text in _SEPARATORS
            or values[index - 1].kind == "amount"
            or value.text.startswith((";", ":"))  # the separator glued to it: ";-2026/02216"
        ):
            starts.append(index)
    first = next(
        (index for index, value in enumerate(values) if value.kind == "text" and invoice_like(value.text)), 0
    )
    starts = [0, *(start for start in starts if start > first)]
    return [list(values[start:end]) for start, end in zip(starts, [*starts[1:], len(values)], strict=True)]


def _role(before: str) -> str:
    """The role the keyword nearest an amount gives it (``moins 26,74 € (remise
    promotionnelle), soit 63,26 €``: ``soit``, paid), a discount deducted being a discount
    (``escompte déduit 470,20``); ``unknown`` when none."""
    found = [
        (before.rfind(word) + len(word), role)
        for role, words in _ROLE_WORDS
        for word in words
        if word in before
    ]
    if not found:
        return "unknown"
    role = max(found)[1]
    return (
        "discount_amount"
        if role == "deduction_amount" and any(found_role == "discount_amount" for _, found_role in found)
        else role
    )


def read_prose_line(values: Sequence[Value], locator: str) -> ProseLine | None:
    """The invoice line a sentence states, or ``None`` when it states none."""
    found = _invoice_at(values)
    amounts = [index for index, value in enumerate(values) if value.amount is not None]
    if found is None or not amounts:
        return None
    at, introduced = found
    folded = [fold(value.text) for value in values]
    roles: dict[str, Decimal] = {}
    unknown: list[Decimal] = []
    deduction_end: int | None = None
    previous = -1
    for index in amounts:
        start = max(at + 1 if index > at else 0, previous + 1)
        previous = index
        before = " ".join(folded[max(start, index - 4) : index])
        role = _role(before)
        amount = values[index].amount
        assert amount is not None
        if role == "unknown" or role in roles:
            unknown.append(amount)
        else:
            roles[role] = abs(amount) if role in ("discount_amount", "deduction_amount") else amount
            if role == "deduction_amount":
                deduction_end = index
    minus = any(word in folded for word in _MINUS_WORDS)
    ambiguous = _place_unknown(roles, unknown, minus=minus)
    reason = _reason(values, max(deduction_end, at)) if deduction_end is not None else None
    day = next((value.day for value in values[at + 1 :] if value.day), None)
    return ProseLine(
        clean_invoice_number(values[at].text),
        day,
        roles.get("invoice_amount"),
        roles.get("paid_amount"),
        roles.get("discount_amount"),
        roles.get("deduction_amount"),
        reason,
        locator,
        introduced,
        unknown[0] if ambiguous else None,
        minus and ambiguous,
    )


def _place_unknown(roles: dict[str, Decimal], unknown: Sequence[Decimal], *, minus: bool) -> bool:
    """Amounts without a word saying what they are: paid if one, else invoice amount then paid.

    One such amount beside a deduction or discount is the invoice amount when the sentence
    says ``minus`` (``1 200,00 moins 50,00``), else what was paid (``980,00 — deducted 20,00``);
    True then, as the document's total may tell otherwise (see :func:`other_reading`).
    """
    remaining = list(unknown)
    reduced = "deduction_amount" in roles or "discount_amount" in roles
    if reduced and len(remaining) == 1 and "paid_amount" not in roles and "invoice_amount" not in roles:
        taken = roles.get("deduction_amount", Decimal(0)) + roles.get("discount_amount", Decimal(0))
        if minus:
            roles["invoice_amount"], roles["paid_amount"] = remaining[0], remaining[0] - taken
        else:
            roles["invoice_amount"], roles["paid_amount"] = remaining[0] + taken, remaining[0]
        return True
    if len(remaining) >= 2 and "invoice_amount" not in roles and "paid_amount" not in roles:
        roles["invoice_amount"], roles["paid_amount"] = remaining[0], remaining[-1]
        return False
    for role in ("paid_amount", "invoice_amount"):
        if remaining and role not in roles:
            roles[role] = remaining.pop(0 if role == "paid_amount" and len(remaining) == 1 else -1)
    return False


def other_reading(line: ProseLine) -> ProseLine:
    """The line read the other way round: the one amount stated beside a deduction taken as
    what was paid instead of the invoice amount, or the reverse (:func:`_place_unknown`)."""
    if line.stated is None:
        return line
    taken = (line.deduction_amount or Decimal(0)) + (line.discount_amount or Decimal(0))
    if line.minus:
        return replace(line, invoice_amount=line.stated + taken, paid_amount=line.stated, minus=False)
    return replace(line, invoice_amount=line.stated, paid_amount=line.stated - taken, minus=True)


def _reason(values: Sequence[Value], after: int) -> str | None:
    words: list[str] = []
    for value in values[after + 1 :]:
        if fold(value.text).strip(",") in _ABBREVIATIONS or fold(value.text).strip(",.") == "soit":
            break  # "(short shipped), i.e. 15042.20 paid": what follows is the paid amount
        if value.kind == "text":
            words.append(value.text)
    text = _REASON_LEAD.sub("", " ".join(words)).strip(" .,;)(")
    return text or None


def merge_prose(lines: Sequence[ProseLine]) -> list[ProseLine]:
    """One line per invoice: a later sentence about a listed invoice adds what it says."""
    merged: dict[str, ProseLine] = {}
    for line in lines:
        key = fold(line.invoice_number)
        first = merged.get(key)
        if first is None:
            merged[key] = line
            continue
        merged[key] = replace(
            first,
            invoice_date=first.invoice_date or line.invoice_date,
            invoice_amount=first.invoice_amount or line.invoice_amount,
            discount_amount=first.discount_amount or line.discount_amount,
            deduction_amount=first.deduction_amount
            or line.deduction_amount
            or (line.paid_amount if first.paid_amount is not None else None),
            reason_text=first.reason_text or line.reason_text,
            paid_amount=first.paid_amount if first.paid_amount is not None else line.paid_amount,
        )
    return list(merged.values())
