"""The generated world: consistent truth, determinism, proportions and the hard cases it promises."""

from __future__ import annotations

import csv
import itertools
import re
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evals.world import (
    CASE_TYPES,
    DEFAULT_PROPORTIONS,
    EASY_CASES,
    PaymentTruth,
    World,
    WorldCustomer,
    WorldPayment,
    case_counts,
    check_world,
    generate_world,
    load_truth,
    write_world,
)
from evals.world.names import fits, fitting_customers, name_tokens
from ingest.bank.identifiers import find_creditor_reference
from tests.evals.outputs import AS_OF
from tools.money import quantise

ZERO = Decimal("0.00")


def _assert_consistent(world: World) -> None:
    assert check_world(world) == []
    invoices = {invoice.invoice_number: invoice for invoice in world.invoices}
    payments = {payment.id: payment for payment in world.payments}
    used: Counter[str] = Counter()
    for truth in world.truth.payments.values():
        payment = payments[truth.payment_id]
        applied = sum((a.amount for a in truth.allocations), ZERO)
        assert applied + truth.unapplied_amount == payment.amount == truth.amount
        assert truth.unapplied_amount >= 0
        assert {invoices[a.invoice_number].currency for a in truth.allocations} <= {payment.currency}
        for allocation in truth.allocations:
            used[allocation.invoice_number] += 1
            assert allocation.amount > 0
            assert allocation.settled <= invoices[allocation.invoice_number].open_amount
    assert max(used.values(), default=1) == 1


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_truth_is_consistent_for_several_seeds(seed: int) -> None:
    _assert_consistent(generate_world(seed, as_of=AS_OF, customers=60, payments=220))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31), days=st.integers(min_value=0, max_value=400))
def test_truth_is_consistent_for_any_seed_and_date(seed: int, days: int) -> None:
    _assert_consistent(generate_world(seed, as_of=AS_OF + timedelta(days=days), customers=30, payments=90))


def test_the_default_world_is_consistent(full_world: World) -> None:
    _assert_consistent(full_world)
    assert len(full_world.customers) == 150
    assert len(full_world.payments) == 600


def test_same_seed_same_files_and_another_seed_other_files(tmp_path: Path) -> None:
    first = write_world(generate_world(9, as_of=AS_OF, customers=40, payments=120), tmp_path / "a")
    again = write_world(generate_world(9, as_of=AS_OF, customers=40, payments=120), tmp_path / "b")
    other = write_world(generate_world(10, as_of=AS_OF, customers=40, payments=120), tmp_path / "c")
    for name in ("customers", "invoices", "statement", "truth"):
        assert getattr(first, name).read_bytes() == getattr(again, name).read_bytes(), name
    assert first.statement.read_bytes() != other.statement.read_bytes()


def test_every_case_type_in_its_known_proportion(full_world: World) -> None:
    counts = Counter(truth.case for truth in full_world.truth.payments.values())
    assert counts == case_counts(DEFAULT_PROPORTIONS, 600)
    assert set(counts) == set(CASE_TYPES)
    easy = sum(count for case, count in counts.items() if case in EASY_CASES)
    assert easy == 360  # 60 % easy, 40 % hard


def test_case_counts_split_exactly() -> None:
    counts = case_counts({"exact_reference": 2, "unidentifiable": 1}, 10)
    assert counts["exact_reference"] == 7 and counts["unidentifiable"] == 3
    assert sum(counts.values()) == 10
    assert sum(case_counts(DEFAULT_PROPORTIONS, 77).values()) == 77
    with pytest.raises(ValueError, match="unknown case types"):
        case_counts({"telepathy": 1.0}, 10)


def test_custom_proportions_are_followed() -> None:
    world = generate_world(
        4, as_of=AS_OF, customers=40, payments=60, proportions={"partial": 1, "discount": 1}
    )
    assert Counter(t.case for t in world.truth.payments.values()) == {"partial": 30, "discount": 30}


def test_dates_are_relative_to_as_of(full_world: World) -> None:
    assert all(AS_OF - timedelta(days=31) <= p.booking_date <= AS_OF for p in full_world.payments)
    assert all(i.issue_date < AS_OF and i.due_date >= i.issue_date for i in full_world.invoices)


def test_the_ledger_has_the_promised_variety(full_world: World) -> None:
    customers = full_world.customers
    assert {"EUR", "GBP", "USD"} <= {c.currency for c in customers}
    assert any(c.parent_id for c in customers)
    assert any(c.discount_terms for c in customers)
    assert any(c.ibans for c in customers) and any(not c.ibans for c in customers)
    shapes = {re.sub(r"\d", "9", i.invoice_number) for i in full_world.invoices}
    assert len({re.sub(r"9+", "9", shape) for shape in shapes}) >= 4  # several numbering styles
    assert any(i.open_amount < i.amount for i in full_world.invoices)  # partly paid before
    twins = Counter((i.customer_id, i.open_amount) for i in full_world.invoices)
    assert max(twins.values()) >= 2  # same amount twice at one customer
    shared = Counter(token for c in customers for token in set(name_tokens(c.name)))
    assert max(shared.values()) >= 2  # look-alike names ("Dupont SA" / "Dupont Frères")


def _truths(world: World, case: str) -> list[tuple[PaymentTruth, WorldPayment]]:
    payments = {p.id: p for p in world.payments}
    return [(t, payments[t.payment_id]) for t in world.truth.payments.values() if t.case == case]


def test_references_are_written_as_the_case_says(full_world: World) -> None:
    for truth, payment in _truths(full_world, "mangled_reference"):
        text = f"{payment.reference or ''} {payment.remittance_text or ''}".upper()
        assert truth.allocations[0].invoice_number.upper() not in text
    for truth, payment in _truths(full_world, "structured_reference"):
        rf = find_creditor_reference(payment.reference)
        body = re.sub(r"[^0-9A-Z]", "", truth.allocations[0].invoice_number.upper())
        assert rf is not None and rf[4:] == body
    for truth, payment in _truths(full_world, "exact_reference"):
        text = f"{payment.reference or ''} {payment.remittance_text or ''}"
        assert truth.allocations[0].invoice_number in text
    ranges = [truth for truth, _ in _truths(full_world, "multi_invoice") if truth.detail.endswith(":range")]
    assert ranges
    for truth in ranges:  # a range names consecutive numbers, every one of them paid
        tails = sorted(int(re.findall(r"\d+", a.invoice_number)[-1]) for a in truth.allocations)
        assert tails == list(range(tails[0], tails[0] + len(tails)))
    for truth, payment in _truths(full_world, "amount_only"):
        text = f"{payment.reference or ''} {payment.remittance_text or ''}"
        assert not any(a.invoice_number in text for a in truth.allocations)


def test_amount_only_payments_have_exactly_one_explanation(full_world: World) -> None:
    for truth, payment in _truths(full_world, "amount_only") + _truths(full_world, "name_variant"):
        if truth.detail.startswith("reference"):
            continue
        opens = [i.open_amount for i in full_world.invoices if i.customer_id == truth.customer_id]
        matches = sum(
            1
            for size in range(1, 5)
            for combo in itertools.combinations(opens, size)
            if sum(combo) == payment.amount
        )
        assert matches == 1, truth.payment_id


def test_hard_cases_carry_their_figures(full_world: World) -> None:
    customers = {c.customer_id: c for c in full_world.customers}
    invoices = {i.invoice_number: i for i in full_world.invoices}

    def customer_of(truth: PaymentTruth) -> WorldCustomer:
        return customers[truth.customer_id or ""]

    for truth, payment in _truths(full_world, "discount"):
        (allocation,) = truth.allocations
        invoice, terms = invoices[allocation.invoice_number], customer_of(truth).discount_terms or ""
        rate, days = terms.split("/")
        assert allocation.discount_amount == quantise(
            invoice.open_amount * Decimal(rate) / 100, "EUR", exact=False
        )
        assert (payment.booking_date - invoice.issue_date).days < int(days)
    for case, code in (("deduction", None), ("unexplained_deduction", "OTHER")):
        for truth, _ in _truths(full_world, case):
            (allocation,) = truth.allocations
            assert allocation.deduction_amount > 0 and allocation.deduction_code
            assert code is None or allocation.deduction_code == code
    for truth, _ in _truths(full_world, "partial"):
        (allocation,) = truth.allocations
        assert allocation.deduction_amount == allocation.discount_amount == 0
        assert allocation.amount < invoices[allocation.invoice_number].open_amount
    assert all(t.unapplied_amount > 0 for t, _ in _truths(full_world, "overpayment"))
    for truth, payment in _truths(full_world, "parent_pays"):
        parent = customers[customer_of(truth).parent_id or ""]
        assert payment.payer_iban is None or payment.payer_iban not in customer_of(truth).accounts
        assert fits(payment.payer_name or "", parent.name)
    for truth, payment in _truths(full_world, "name_variant"):
        customer = customer_of(truth)
        assert payment.payer_name != customer.name and payment.payer_iban not in customer.ibans
        assert fitting_customers(payment.payer_name or "", {c: customers[c].name for c in customers}) == [
            customer.customer_id
        ]
    for truth, _ in _truths(full_world, "unidentifiable"):
        assert truth.allocations == () and truth.unapplied_amount == truth.amount


def test_files_have_the_design_columns(small_world: World, tmp_path: Path) -> None:
    files = write_world(small_world, tmp_path)
    headers = {
        path.name: next(csv.reader(path.open(encoding="utf-8")))
        for path in (files.customers, files.invoices, files.statement)
    }
    assert headers["statement.csv"] == [
        "id", "booking_date", "value_date", "amount", "currency",
        "payer_name", "payer_iban", "reference", "remittance_text",
    ]  # fmt: skip
    assert headers["invoices.csv"][:6] == [
        "invoice_number",
        "customer_id",
        "issue_date",
        "due_date",
        "currency",
        "amount",
    ]
    assert {"parent_id", "ibans", "discount_terms"} <= set(headers["customers.csv"])
    assert load_truth(files.truth) == small_world.truth
