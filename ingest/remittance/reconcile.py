"""Two readings of one remittance advice, the parser's and a language model's, made one.

Each side is first verified: invoice numbers are looked up in the ledger (a near match is
corrected to the ledger's number, with a warning), each line's invoice amount less discount
and deduction must be what it pays, and the lines must add up to the payment. A line
*verifies* when its arithmetic holds and its invoice is known; a remittance when its lines
add up and each verifies.

Remittances are paired by reference, amount and shared invoices (same currency only), lines
by invoice number, then by amounts. A field both sides agree on keeps the confidence. On a
disagreement the parser's value stands unless only the LLM's side verifies; either way a
warning names the field and both values, and the confidence drops by
:data:`DISAGREEMENT_PENALTY`. What only one side found costs :data:`ONE_SIDED_PENALTY`: the
parser's lines and remittances are kept; an LLM-only line is kept when it verifies and the
parser's lines did not already add up; an LLM-only remittance is kept, flagged. The result's
confidence stays within [:data:`MIN_CONFIDENCE`, :data:`MAX_CONFIDENCE`], so an LLM-only
reading never reaches auto-application on its own.

Pure: no model, no database; ``known_invoice`` says which invoice numbers the ledger holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ingest.records import RemittanceLineRecord, RemittanceRecord
from ingest.remittance.checks import line_warning, paid_total, shown, total_warnings

KnownInvoice = Callable[[str], str | None]
"""The ledger's invoice number for an exact or near match of a number, else ``None``."""

DISAGREEMENT_PENALTY = 0.1
ONE_SIDED_PENALTY = 0.1
NEW_PROBLEM_PENALTY = 0.1
MIN_CONFIDENCE = 0.05
MAX_CONFIDENCE = 0.99

LINE_FIELDS = (
    "invoice_number",
    "invoice_date",
    "invoice_amount",
    "paid_amount",
    "discount_amount",
    "deduction_amount",
    "reason_text",
)
REMITTANCE_FIELDS = ("payer_name", "payment_date", "payment_amount", "payment_reference")
_ZERO_WHEN_ABSENT = frozenset({"discount_amount", "deduction_amount"})
_TEXT_FIELDS = frozenset({"payer_name", "payment_reference", "reason_text"})

Value = str | date | Decimal | None


@dataclass(frozen=True)
class _CheckedLine:
    line: RemittanceLineRecord
    known: bool
    adds_up: bool
    correction: str | None

    @property
    def verifies(self) -> bool:
        return self.known and self.adds_up


@dataclass(frozen=True)
class _Checked:
    record: RemittanceRecord
    lines: tuple[_CheckedLine, ...]

    @property
    def adds_up(self) -> bool:
        return not self.lines or paid_total([c.line for c in self.lines]) == self.record.payment_amount

    @property
    def verifies(self) -> bool:
        return self.adds_up and all(checked.verifies for checked in self.lines)

    @property
    def corrections(self) -> list[str]:
        return [checked.correction for checked in self.lines if checked.correction]


@dataclass
class _Merge:
    """Warnings and penalties gathered while one remittance is put together."""

    currency: str
    warnings: list[str]
    penalty: float = 0.0

    def note(self, warning: str, penalty: float) -> None:
        self.warnings.append(warning)
        self.penalty += penalty

    def fields(
        self, where: str, names: Sequence[str], rule: object, model: object, prefer_llm: bool
    ) -> dict[str, Value]:
        """The value to keep for each field of ``names``; a disagreement is noted with both values."""
        return {
            name: self.pick(where, name, getattr(rule, name), getattr(model, name), prefer_llm)
            for name in names
        }

    def pick(self, where: str, name: str, rule: Value, model: Value, prefer_llm: bool) -> Value:
        if model is None or _agree(name, rule, model):
            return rule
        if rule is None:
            return model
        kept = "the LLM's (it verifies, the parser's does not)" if prefer_llm else "the parser's"
        self.note(
            f"{where}: {name} read as {_shown(rule, self.currency)} by the parser and "
            f"{_shown(model, self.currency)} by the LLM; kept {kept}",
            DISAGREEMENT_PENALTY,
        )
        return model if prefer_llm else rule


def reconcile(
    rules: Sequence[RemittanceRecord], llm: Sequence[RemittanceRecord], *, known_invoice: KnownInvoice
) -> list[RemittanceRecord]:
    """The parser's remittances, reconciled with the LLM's, then those only the LLM found."""
    rules_checked = [_check(record, known_invoice) for record in rules]
    llm_checked = [_check(record, known_invoice) for record in llm]
    partners = _pair_remittances(rules_checked, llm_checked)
    result = [
        _merge(checked, llm_checked[partners[index]]) if index in partners else _parser_only(checked)
        for index, checked in enumerate(rules_checked)
    ]
    paired = set(partners.values())
    result += [_llm_only(checked) for index, checked in enumerate(llm_checked) if index not in paired]
    return result


def _check(record: RemittanceRecord, known_invoice: KnownInvoice) -> _Checked:
    lines = []
    for line in record.lines:
        found = known_invoice(line.invoice_number)
        correction = None
        if found is not None and found != line.invoice_number:
            correction = (
                f"{line.locator}: invoice {line.invoice_number} taken as {found}, the nearest open invoice"
            )
            line = line.model_copy(update={"invoice_number": found})
        adds_up = line_warning(line, record.currency) is None
        lines.append(_CheckedLine(line, found is not None, adds_up, correction))
    return _Checked(record, tuple(lines))


def _pair_remittances(rules: list[_Checked], llm: list[_Checked]) -> dict[int, int]:
    """Rules index → LLM index, best evidence first; one left on each side pair anyway."""
    scored = sorted(
        (
            (-score, r, m)
            for r, rule in enumerate(rules)
            for m, model in enumerate(llm)
            if (score := _pairing_score(rule.record, model.record)) is not None
        ),
    )
    partners: dict[int, int] = {}
    for negative_score, r, m in scored:
        if negative_score < 0 and r not in partners and m not in partners.values():
            partners[r] = m
    rules_left = [r for r in range(len(rules)) if r not in partners]
    llm_left = [m for m in range(len(llm)) if m not in partners.values()]
    if len(rules_left) == len(llm_left) == 1:
        r, m = rules_left[0], llm_left[0]
        if rules[r].record.currency == llm[m].record.currency:
            partners[r] = m
    return partners


def _pairing_score(rule: RemittanceRecord, model: RemittanceRecord) -> int | None:
    if rule.currency != model.currency:
        return None
    same_reference = rule.payment_reference is not None and _same_text(
        rule.payment_reference, model.payment_reference
    )
    rule_invoices = {_number_key(line.invoice_number) for line in rule.lines}
    shared_invoice = any(_number_key(line.invoice_number) in rule_invoices for line in model.lines)
    return 4 * same_reference + 2 * (rule.payment_amount == model.payment_amount) + shared_invoice


def _merge(rule: _Checked, model: _Checked) -> RemittanceRecord:
    record, currency = rule.record, rule.record.currency
    merge = _Merge(currency, [*record.warnings, *rule.corrections])
    prefer_llm = model.verifies and not rule.verifies
    fields = merge.fields(record.locator, REMITTANCE_FIELDS, record, model.record, prefer_llm)
    amount = fields["payment_amount"]
    payment_amount = amount if isinstance(amount, Decimal) else record.payment_amount
    lines = _merge_lines(merge, rule, model, payment_amount)
    for line in lines:
        _note_new(merge, line_warning(line, currency))
    for warning in total_warnings(paid_total(lines), payment_amount, None, None, currency):
        _note_new(merge, warning)
    return _finish(record, record.confidence, merge, update={**fields, "lines": tuple(lines)})


def _merge_lines(
    merge: _Merge, rule: _Checked, model: _Checked, payment_amount: Decimal
) -> list[RemittanceLineRecord]:
    partners = _pair_lines(rule.lines, model.lines)
    lines: list[RemittanceLineRecord] = []
    for index, checked in enumerate(rule.lines):
        if index in partners:
            lines.append(_merge_line(merge, checked, model.lines[partners[index]]))
        else:
            lines.append(checked.line)
            where = _line_where(checked.line)
            merge.note(f"{where}: found by the parser only, not by the LLM", ONE_SIDED_PENALTY)
    paired = set(partners.values())
    already_add_up = bool(lines) and paid_total(lines) == payment_amount
    for index, checked in enumerate(model.lines):
        if index in paired:
            continue
        where = _line_where(checked.line)
        if checked.verifies and not already_add_up:
            lines.append(checked.line)
            merge.note(f"{where}: found by the LLM only (kept: it verifies)", ONE_SIDED_PENALTY)
            merge.warnings.extend(filter(None, [checked.correction]))
        else:
            why = "the parser's lines already add up" if already_add_up else _unverified(checked)
            merge.note(f"{where}: found by the LLM only, left out: {why}", ONE_SIDED_PENALTY)
    return lines


def _pair_lines(rules: Sequence[_CheckedLine], llm: Sequence[_CheckedLine]) -> dict[int, int]:
    """Rules line index → LLM line index: same invoice number first, then same amounts."""
    partners: dict[int, int] = {}
    for same in (_same_invoice, _same_amounts):
        for r, rule in enumerate(rules):
            if r in partners:
                continue
            taken = set(partners.values())
            m = next(
                (m for m, model in enumerate(llm) if m not in taken and same(rule.line, model.line)), None
            )
            if m is not None:
                partners[r] = m
    return partners


def _same_invoice(rule: RemittanceLineRecord, model: RemittanceLineRecord) -> bool:
    return _number_key(rule.invoice_number) == _number_key(model.invoice_number)


def _same_amounts(rule: RemittanceLineRecord, model: RemittanceLineRecord) -> bool:
    if rule.paid_amount is None or rule.paid_amount != model.paid_amount:
        return False
    return None in (rule.invoice_amount, model.invoice_amount) or rule.invoice_amount == model.invoice_amount


def _merge_line(merge: _Merge, rule: _CheckedLine, model: _CheckedLine) -> RemittanceLineRecord:
    prefer_llm = model.verifies and not rule.verifies
    update = merge.fields(_line_where(rule.line), LINE_FIELDS, rule.line, model.line, prefer_llm)
    return rule.line.model_copy(update=update)


def _agree(name: str, rule: Value, model: Value) -> bool:
    if name in _ZERO_WHEN_ABSENT:
        return (rule or Decimal(0)) == (model or Decimal(0))
    if name in _TEXT_FIELDS and isinstance(rule, str) and isinstance(model, str):
        return _same_text(rule, model)
    if name == "invoice_number" and isinstance(rule, str) and isinstance(model, str):
        return _number_key(rule) == _number_key(model)
    return rule == model


def _parser_only(rule: _Checked) -> RemittanceRecord:
    merge = _Merge(rule.record.currency, [*rule.record.warnings, *rule.corrections])
    merge.note(
        f"{rule.record.locator}: remittance found by the parser only, not by the LLM", ONE_SIDED_PENALTY
    )
    lines = tuple(checked.line for checked in rule.lines)
    return _finish(rule.record, rule.record.confidence, merge, update={"lines": lines})


def _llm_only(model: _Checked) -> RemittanceRecord:
    merge = _Merge(model.record.currency, [*model.record.warnings, *model.corrections])
    status = "it verifies" if model.verifies else _unverified_remittance(model)
    merge.note(f"{model.record.locator}: remittance found by the LLM only ({status})", ONE_SIDED_PENALTY)
    lines = tuple(checked.line for checked in model.lines)
    return _finish(model.record, model.record.confidence, merge, update={"lines": lines})


def _finish(
    record: RemittanceRecord, base: float, merge: _Merge, *, update: dict[str, object]
) -> RemittanceRecord:
    value = round(min(MAX_CONFIDENCE, max(MIN_CONFIDENCE, base - merge.penalty)), 2)
    fields = record.model_dump() | update | {"confidence": value, "warnings": tuple(merge.warnings)}
    return RemittanceRecord.model_validate(fields)


def _note_new(merge: _Merge, warning: str | None) -> None:
    """A problem the merged reading has that neither side's warnings already state."""
    if warning is not None and warning not in merge.warnings:
        merge.note(warning, NEW_PROBLEM_PENALTY)


def _unverified(checked: _CheckedLine) -> str:
    reasons = [] if checked.known else ["its invoice is not in the ledger"]
    reasons += [] if checked.adds_up else ["its amounts do not add up"]
    return " and ".join(reasons)


def _unverified_remittance(model: _Checked) -> str:
    if not model.adds_up:
        return "its lines do not add up to the payment"
    unknown = [c.line.invoice_number for c in model.lines if not c.known]
    if unknown:
        return "invoices not in the ledger: " + ", ".join(unknown)
    return "its line amounts do not add up"


def _line_where(line: RemittanceLineRecord) -> str:
    return (
        f"{line.locator}, invoice {line.invoice_number}" if line.locator else f"invoice {line.invoice_number}"
    )


def _shown(value: Value, currency: str) -> str:
    if isinstance(value, Decimal):
        return shown(value, currency)
    if isinstance(value, date):
        return value.isoformat()
    return repr(value)


def _same_text(first: str, second: str | None) -> bool:
    return second is not None and _text_key(first) == _text_key(second)


def _text_key(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _number_key(number: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", number.upper())
