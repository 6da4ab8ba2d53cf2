"""Reconciling the parser's and the LLM's readings of a remittance advice, branch by branch."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ingest.records import RemittanceLineRecord, RemittanceRecord
from ingest.remittance.reconcile import reconcile

LEDGER = {"INV-1001", "INV-1002", "INV-1003"}


def known_invoice(number: str) -> str | None:
    """The test ledger: exact numbers, and ``INV-1O01`` as a near match of ``INV-1001``."""
    if number in LEDGER:
        return number
    return "INV-1001" if number == "INV-1O01" else None


def line(number: str, paid: str, *, invoice: str | None = None, **fields: Any) -> RemittanceLineRecord:
    amounts = {name: Decimal(value) for name, value in fields.items() if name.endswith("_amount")}
    others = {name: value for name, value in fields.items() if not name.endswith("_amount")}
    return RemittanceLineRecord(
        invoice_number=number,
        invoice_amount=Decimal(invoice if invoice is not None else paid),
        paid_amount=Decimal(paid),
        locator=others.pop("locator", f"row {number}"),
        **amounts,
        **others,
    )


def remittance(*lines: RemittanceLineRecord, **fields: Any) -> RemittanceRecord:
    paid = sum((item.paid_amount or Decimal(0) for item in lines), Decimal(0))
    values: dict[str, Any] = {
        "payer_name": "ACME SA",
        "payment_date": date(2026, 10, 3),
        "payment_amount": paid,
        "currency": "EUR",
        "payment_reference": "VIR-77",
        "confidence": 0.98,
        "locator": "rows 3-9",
        "lines": lines,
    }
    values.update(fields)
    if isinstance(values["payment_amount"], str):
        values["payment_amount"] = Decimal(values["payment_amount"])
    return RemittanceRecord(**values)


def one(result: list[RemittanceRecord]) -> RemittanceRecord:
    assert len(result) == 1
    return result[0]


def test_agreement_keeps_the_parsers_record_and_its_confidence() -> None:
    rules = remittance(line("INV-1001", "500.00"), line("INV-1002", "250.00"))
    llm = remittance(
        line("INV-1001", "500.00", locator="text, line 1"),
        line("inv 1002", "250.00", discount_amount="0.00", locator="text, line 2"),
        payer_name="Acme S.A.",
        locator="text",
    )

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert merged == rules


def test_a_near_invoice_number_is_corrected_to_the_ledgers_with_a_warning() -> None:
    rules = remittance(line("INV-1O01", "500.00"))
    llm = remittance(line("INV-1001", "500.00"))

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert merged.lines[0].invoice_number == "INV-1001"
    assert merged.warnings == ("row INV-1O01: invoice INV-1O01 taken as INV-1001, the nearest open invoice",)
    assert merged.confidence == 0.98


def test_a_disagreement_keeps_the_verified_parser_value_and_lowers_confidence() -> None:
    rules = remittance(line("INV-1001", "500.00", invoice_date=date(2026, 9, 1)))
    llm = remittance(line("INV-1001", "500.00", invoice_date=date(2026, 1, 9)))

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert merged.lines[0].invoice_date == date(2026, 9, 1)
    assert merged.confidence == 0.88
    assert merged.warnings == (
        "row INV-1001, invoice INV-1001: invoice_date read as 2026-09-01 by the parser and "
        "2026-01-09 by the LLM; kept the parser's",
    )


def test_a_disagreement_keeps_the_llm_value_when_only_its_line_verifies() -> None:
    misread = line("INV-1001", "980.00", invoice="1000.00", deduction_amount="2.00")
    rules = remittance(misread, payment_amount="980.00", confidence=0.88, warnings=("row: does not add up",))
    llm = remittance(line("INV-1001", "980.00", invoice="1000.00", deduction_amount="20.00"))

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert merged.lines[0].deduction_amount == Decimal("20.00")
    assert merged.lines[0].locator == "row INV-1001"
    assert merged.confidence == 0.78
    assert merged.warnings[-1] == (
        "row INV-1001, invoice INV-1001: deduction_amount read as 2.00 by the parser and 20.00 "
        "by the LLM; kept the LLM's (it verifies, the parser's does not)"
    )


def no_invoice_known(number: str) -> str | None:
    return None


def test_an_llm_line_that_does_not_verify_never_replaces_the_parsers() -> None:
    rules = remittance(line("INV-1001", "980.00", invoice="1000.00"), payment_amount="980.00")
    llm = remittance(line("INV-1001", "1000.00", invoice="1000.00"), payment_amount="980.00")

    merged = one(reconcile([rules], [llm], known_invoice=no_invoice_known))

    assert merged.lines[0].paid_amount == Decimal("980.00")
    assert (
        "paid_amount read as 980.00 by the parser and 1,000.00 by the LLM; kept the parser's"
        in (merged.warnings[0])
    )


def test_when_neither_side_verifies_the_parser_value_stands() -> None:
    rules = remittance(line("INV-1001", "90.00", invoice="100.00"))
    llm = remittance(line("INV-1001", "95.00", invoice="100.00"), payment_amount="90.00")

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert merged.lines[0].paid_amount == Decimal("90.00")
    assert merged.confidence == pytest.approx(0.78)  # the disagreement, and the line that does not add up
    assert merged.warnings[1].startswith("row INV-1001, invoice INV-1001: 100.00 less discount")


def test_a_line_only_the_parser_found_is_kept_with_a_warning() -> None:
    rules = remittance(line("INV-1001", "500.00"), line("INV-1002", "250.00"))
    llm = remittance(line("INV-1001", "500.00"), payment_amount="750.00")

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert [item.invoice_number for item in merged.lines] == ["INV-1001", "INV-1002"]
    assert merged.warnings == ("row INV-1002, invoice INV-1002: found by the parser only, not by the LLM",)
    assert merged.confidence == 0.88


def test_a_verified_line_only_the_llm_found_completes_lines_that_did_not_add_up() -> None:
    rules = remittance(line("INV-1001", "500.00"), payment_amount="750.00", confidence=0.78)
    llm = remittance(line("INV-1001", "500.00"), line("INV-1002", "250.00", locator="text, line 2"))

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert [item.invoice_number for item in merged.lines] == ["INV-1001", "INV-1002"]
    assert merged.lines[1].locator == "text, line 2"
    assert merged.warnings == ("text, line 2, invoice INV-1002: found by the LLM only (kept: it verifies)",)
    assert merged.confidence == 0.68


def test_an_llm_only_line_that_does_not_verify_is_left_out() -> None:
    rules = remittance(line("INV-1001", "500.00"), payment_amount="750.00")
    llm = remittance(line("INV-1001", "500.00"), line("INV-9999", "250.00", locator="text, line 2"))

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert [item.invoice_number for item in merged.lines] == ["INV-1001"]
    assert merged.warnings[0] == (
        "text, line 2, invoice INV-9999: found by the LLM only, left out: its invoice is not in the ledger"
    )
    assert "lines sum to 500.00 but payment is 750.00" in merged.warnings


def test_an_llm_only_line_is_left_out_when_the_parsers_lines_already_add_up() -> None:
    rules = remittance(line("INV-1001", "500.00"))
    llm = remittance(line("INV-1001", "500.00"), line("INV-1002", "250.00", locator="text, line 2"))

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert (len(merged.lines), merged.payment_amount) == (1, Decimal("500.00"))
    assert merged.warnings == (
        "rows 3-9: payment_amount read as 500.00 by the parser and 750.00 by the LLM; kept the parser's",
        "text, line 2, invoice INV-1002: found by the LLM only, left out: the parser's lines already add up",
    )
    assert merged.confidence == 0.78


def test_lines_with_different_numbers_pair_by_amounts_and_the_known_number_wins() -> None:
    rules = remittance(line("INV-1Q01", "500.00"))
    llm = remittance(line("INV-1001", "500.00"))

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert merged.lines[0].invoice_number == "INV-1001"
    assert merged.warnings == (
        "row INV-1Q01, invoice INV-1Q01: invoice_number read as 'INV-1Q01' by the parser and "
        "'INV-1001' by the LLM; kept the LLM's (it verifies, the parser's does not)",
    )


def test_a_remittance_field_disagreement_keeps_the_parser_value() -> None:
    rules = remittance(line("INV-1001", "500.00"))
    llm = remittance(line("INV-1001", "500.00"), payment_date=date(2026, 3, 10), payer_name="Other Ltd")

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert (merged.payment_date, merged.payer_name) == (date(2026, 10, 3), "ACME SA")
    assert merged.warnings == (
        "rows 3-9: payer_name read as 'ACME SA' by the parser and 'Other Ltd' by the LLM; kept the parser's",
        "rows 3-9: payment_date read as 2026-10-03 by the parser and 2026-03-10 by the LLM; "
        "kept the parser's",
    )
    assert merged.confidence == 0.78


def test_the_payment_amount_comes_from_the_llm_when_only_its_reading_adds_up() -> None:
    rules = remittance(line("INV-1001", "500.00"), payment_amount="5000.00", confidence=0.78)
    llm = remittance(line("INV-1001", "500.00"))

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert merged.payment_amount == Decimal("500.00")
    assert merged.confidence == 0.68
    assert (
        "payment_amount read as 5,000.00 by the parser and 500.00 by the LLM; kept the LLM's"
        in (merged.warnings[-1])
    )


def test_a_field_only_one_side_gives_is_filled_in_without_a_penalty() -> None:
    rules = remittance(line("INV-1001", "500.00"), payer_name=None, payment_reference=None)
    llm = remittance(line("INV-1001", "500.00", reason_text="escompte"), payer_name="ACME SA")

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert (merged.payer_name, merged.payment_reference) == ("ACME SA", "VIR-77")
    assert merged.lines[0].reason_text == "escompte"
    assert (merged.confidence, merged.warnings) == (0.98, ())


def test_a_filled_in_amount_that_breaks_a_line_is_a_new_problem() -> None:
    rules_line = RemittanceLineRecord(invoice_number="INV-1001", paid_amount=Decimal("500.00"), locator="r4")
    rules = remittance(rules_line)
    llm = remittance(line("INV-1001", "500.00", invoice="600.00"))

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert merged.lines[0].invoice_amount == Decimal("600.00")
    assert merged.warnings == (
        "r4, invoice INV-1001: 600.00 less discount 0.00 and deduction 0.00 is 600.00 but 500.00 is paid",
    )
    assert merged.confidence == 0.88


def test_remittances_pair_by_reference_then_amount_not_by_order() -> None:
    first = remittance(line("INV-1001", "500.00"), payment_reference="A")
    second = remittance(line("INV-1002", "250.00"), payment_reference="B")
    llm_second = remittance(line("INV-1002", "250.00"), payment_reference="B", locator="text, remittance 1")
    llm_first = remittance(line("INV-1001", "500.00"), payment_reference=None, locator="text, remittance 2")

    merged = reconcile([first, second], [llm_second, llm_first], known_invoice=known_invoice)

    assert merged == [first, second]


def test_remittances_in_different_currencies_are_not_paired() -> None:
    rules = remittance(line("INV-1001", "500.00"))
    llm = remittance(line("INV-1001", "500.00"), currency="USD", locator="text")

    parser_side, llm_side = reconcile([rules], [llm], known_invoice=known_invoice)

    assert parser_side.warnings == ("rows 3-9: remittance found by the parser only, not by the LLM",)
    assert parser_side.confidence == 0.88
    assert llm_side.currency == "USD"
    assert llm_side.warnings == ("text: remittance found by the LLM only (it verifies)",)
    assert llm_side.confidence == 0.88


def test_an_llm_only_remittance_that_does_not_verify_says_why() -> None:
    llm = remittance(line("INV-1001", "500.00"), line("INV-7777", "1.00"), locator="text", confidence=0.9)

    merged = one(reconcile([], [llm], known_invoice=known_invoice))

    assert merged.warnings == (
        "text: remittance found by the LLM only (invoices not in the ledger: INV-7777)",
    )
    assert merged.confidence == 0.8


def test_an_llm_only_remittance_whose_lines_do_not_add_up_says_so() -> None:
    llm = remittance(line("INV-1001", "500.00"), payment_amount="900.00", locator="text", confidence=0.7)

    merged = one(reconcile([], [llm], known_invoice=known_invoice))

    assert merged.warnings == (
        "text: remittance found by the LLM only (its lines do not add up to the payment)",
    )


def test_an_llm_only_remittance_with_a_broken_line_says_so() -> None:
    llm = remittance(line("INV-1001", "400.00", invoice="500.00"), locator="text", confidence=0.8)

    merged = one(reconcile([], [llm], known_invoice=known_invoice))

    assert merged.warnings == ("text: remittance found by the LLM only (its line amounts do not add up)",)


def test_nothing_read_by_the_llm_lowers_each_parser_remittance() -> None:
    rules = remittance(line("INV-1001", "500.00"))

    merged = one(reconcile([rules], [], known_invoice=known_invoice))

    assert merged.lines == rules.lines
    assert merged.confidence == 0.88


def test_confidence_stays_within_bounds() -> None:
    certain = remittance(line("INV-1001", "500.00"), confidence=1.0)
    doubtful = remittance(line("INV-1001", "500.00"), confidence=0.1)
    lines = [line(f"INV-{n}", "1.00") for n in range(2000, 2005)]
    llm_disagrees = remittance(*lines, payer_name="X", payment_date=None, payment_reference="Z")

    assert one(reconcile([certain], [certain], known_invoice=known_invoice)).confidence == 0.99
    low = one(reconcile([doubtful], [llm_disagrees], known_invoice=known_invoice))
    assert low.confidence == 0.05


def test_a_kept_llm_only_line_carries_its_invoice_number_correction() -> None:
    rules = remittance(line("INV-1002", "500.00"), payment_amount="750.00", confidence=0.78)
    llm = remittance(line("INV-1002", "500.00"), line("INV-1O01", "250.00", locator="text, line 2"))

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert [item.invoice_number for item in merged.lines] == ["INV-1002", "INV-1001"]
    assert merged.warnings == (
        "text, line 2, invoice INV-1001: found by the LLM only (kept: it verifies)",
        "text, line 2: invoice INV-1O01 taken as INV-1001, the nearest open invoice",
    )


def test_a_lone_remittance_on_each_side_pairs_even_without_common_evidence() -> None:
    rules = remittance(line("INV-1001", "500.00"), payment_reference="A")
    llm = remittance(line("INV-1002", "400.00"), payment_reference="B")

    merged = one(reconcile([rules], [llm], known_invoice=known_invoice))

    assert merged.payment_reference == "A"
    assert merged.warnings[0] == (
        "rows 3-9: payment_amount read as 500.00 by the parser and 400.00 by the LLM; kept the parser's"
    )
