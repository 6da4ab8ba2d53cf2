from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tools.matching.ledger import AS_OF, book, pay
from tools.matching import Calibration, MatchPolicy, PaymentFacts, RemittanceLine, Status, match_payment
from tools.matching.amounts import ReasonFound

POLICY = MatchPolicy()


def reason_reader(text: str | None) -> ReasonFound | None:
    return ReasonFound("DAMAGE", "endommag") if text and "endommag" in text.lower() else None


def best(payment: PaymentFacts, policy: MatchPolicy = POLICY):  # type: ignore[no-untyped-def]
    outcome = match_payment(payment, book(), policy)
    assert outcome.best is not None, outcome
    return outcome.best


def settled(
    payment: PaymentFacts, policy: MatchPolicy = POLICY
) -> list[tuple[str, str, str, str, str | None]]:
    return [
        (a.invoice.number, str(a.amount), str(a.discount_amount), str(a.deduction_amount), a.deduction_code)
        for a in best(payment, policy).allocations
    ]


def test_exact_reference_and_amount() -> None:
    suggestion = best(pay("1200.00", "FA-2026-00123", name="BOULANGERIE DUPONT"))
    assert [(a.invoice.number, a.amount) for a in suggestion.allocations] == [
        ("FA-2026-00123", Decimal("1200.00"))
    ]
    assert suggestion.unapplied_amount == 0
    assert suggestion.customer_id == "C1"
    assert suggestion.evidence == "name+ref|exact|exact|sole"
    assert any("FA-2026-00123" in sentence for sentence in suggestion.explanation)


def test_several_invoices_in_one_payment_are_one_payment_with_several_allocations() -> None:
    assert settled(pay("1550.50", "FACT 123 ET 124", iban="FR76 3000 4000 0312 3456 7890 143")) == [
        ("FA-2026-00123", "1200.00", "0", "0", None),
        ("FA-2026-00124", "350.50", "0", "0", None),
    ]


def test_no_reference_but_a_unique_combination_of_the_customers_invoices() -> None:
    suggestion = best(pay("1330.50", name="BOULANGERIE DUPONT"))
    assert {a.invoice.number for a in suggestion.allocations} == {"FA-2026-00124", "FA-2026-00125"}
    assert suggestion.evidence.endswith("subset_multi|sole")
    assert "No other combination" in suggestion.explanation[-2]


def test_an_ambiguous_amount_says_so_and_never_applies_itself() -> None:
    ledger = book()
    ledger.add_invoice(
        ledger.invoices[1].__class__(
            99,
            "FA-2026-00999",
            "C1",
            "EUR",
            Decimal("1200.00"),
            Decimal("1200.00"),
            date(2026, 9, 1),
            date(2026, 10, 1),
        )
    )
    calibrated = MatchPolicy(calibration=Calibration({"iban|none|subset_ambiguous|sole": (1000, 1000)}))
    outcome = match_payment(pay("1200.00", iban="FR7630004000031234567890143"), ledger, calibrated)
    assert outcome.best is not None and outcome.best.evidence == "iban|none|subset_ambiguous|sole"
    assert any("Other combinations" in sentence for sentence in outcome.best.explanation)
    assert outcome.status is Status.SUGGESTED


def test_partial_payment_stays_partial() -> None:
    assert settled(pay("500.00", "acompte FA-2026-00123", name="BOULANGERIE DUPONT")) == [
        ("FA-2026-00123", "500.00", "0", "0", None)
    ]


def test_a_large_shortfall_without_words_is_a_partial_payment_too() -> None:
    suggestion = best(pay("600.00", "FA-2026-00123", name="BOULANGERIE DUPONT"))
    assert suggestion.evidence.endswith("|partial|sole")
    assert suggestion.allocations[0].deduction_amount == 0


def test_short_payment_with_a_reason_is_a_coded_deduction() -> None:
    policy = MatchPolicy(reason=reason_reader)
    assert settled(
        pay("1150.00", "FA-2026-00123 marchandise endommagée", name="DUPONT BOULANGERIE"), policy
    ) == [("FA-2026-00123", "1150.00", "0", "50.00", "DAMAGE")]


def test_short_payment_without_a_reason_is_an_unexplained_deduction() -> None:
    suggestion = best(pay("1190.00", "FA-2026-00123", name="BOULANGERIE DUPONT"))
    assert suggestion.allocations[0].deduction_code == "OTHER"
    assert suggestion.evidence.endswith("deduction_unexplained|sole")


def test_early_payment_discount_within_terms() -> None:
    assert settled(pay("4900.00", "INV-10023", name="ACME WIDGETS LTD", currency="GBP")) == [
        ("INV-10023", "4900.00", "100.00", "0", None)
    ]


def test_no_discount_after_the_terms() -> None:
    suggestion = best(
        pay("2450.00", "INV-10024", name="ACME WIDGETS LTD", currency="GBP")
    )  # issued 30 days ago
    assert suggestion.allocations[0].discount_amount == 0
    assert suggestion.evidence.endswith("deduction_unexplained|sole")


def test_overpayment_leaves_the_rest_on_account() -> None:
    suggestion = best(pay("1250.00", "FA-2026-00123", name="BOULANGERIE DUPONT"))
    assert suggestion.allocations[0].amount == Decimal("1200.00")
    assert suggestion.unapplied_amount == Decimal("50.00")


def test_paying_more_than_listed_finds_the_invoice_not_mentioned() -> None:
    suggestion = best(pay("2180.00", "FA-2026-00123", name="BOULANGERIE DUPONT"))
    assert {a.invoice.number for a in suggestion.allocations} == {"FA-2026-00123", "FA-2026-00125"}
    assert suggestion.unapplied_amount == 0


def test_a_parent_pays_for_its_subsidiary() -> None:
    suggestion = best(
        pay("9010.40", "FA 2026 00200 / 00201", name="GROUPE MARTIN", iban="FR7612345000019876543210987")
    )
    assert {a.invoice.number for a in suggestion.allocations} == {"FA-2026-00200", "FA-2026-00201"}
    assert any("pays for" in sentence for sentence in suggestion.explanation)


def test_a_parent_paying_without_reference_is_matched_on_the_groups_invoices() -> None:
    suggestion = best(pay("7400.00", iban="FR7612345000019876543210987"))
    assert [a.invoice.number for a in suggestion.allocations] == ["FA-2026-00200"]


def test_currencies_are_never_mixed() -> None:
    outcome = match_payment(
        pay("700.00", "INV-10025", name="ACME WIDGETS LTD", currency="GBP"), book(), POLICY
    )
    assert all(a.invoice.currency == "GBP" for s in outcome.suggestions for a in s.allocations)


def test_similar_customers_make_a_rival_and_lower_confidence() -> None:
    outcome = match_payment(pay("1200.00", name="DUPONT"), book(), POLICY)
    assert outcome.best is not None and outcome.best.evidence.endswith("|rival")
    assert outcome.status is Status.SUGGESTED


def test_unidentifiable_payments_are_unmatched() -> None:
    outcome = match_payment(pay("123.45", "REMBOURSEMENT TROP PERCU", name="DGFIP"), book(), POLICY)
    assert outcome.status is Status.UNMATCHED and outcome.suggestions == ()


def test_a_linked_remittance_advice_decides_the_allocation() -> None:
    lines = (
        RemittanceLine(
            "FA-2026-00123",
            paid_amount=Decimal("1180.00"),
            deduction_amount=Decimal("20.00"),
            reason_code="DAMAGE",
        ),
        RemittanceLine("FA2026-124", paid_amount=Decimal("350.50")),
    )
    payment = PaymentFacts(
        1, Decimal("1530.50"), "EUR", AS_OF, payer_name="BOULANGERIE DUPONT", remittance_lines=lines
    )
    assert settled(payment) == [
        ("FA-2026-00123", "1180.00", "0", "20.00", "DAMAGE"),
        ("FA-2026-00124", "350.50", "0", "0", None),
    ]
    assert best(payment).evidence.split("|")[1:3] == ["remit", "remittance"]


def test_uncalibrated_evidence_never_applies_itself() -> None:
    outcome = match_payment(pay("1200.00", "FA-2026-00123", name="BOULANGERIE DUPONT"), book(), POLICY)
    assert outcome.best is not None and outcome.best.confidence < POLICY.auto_apply_threshold
    assert outcome.status is Status.SUGGESTED


def test_measured_evidence_applies_itself_at_the_threshold() -> None:
    policy = MatchPolicy(calibration=Calibration({"name+ref|exact|exact|sole": (5000, 4995)}))
    outcome = match_payment(pay("1200.00", "FA-2026-00123", name="BOULANGERIE DUPONT"), book(), policy)
    assert outcome.status is Status.AUTO_APPLIED
    assert outcome.best is not None and 0.99 < outcome.best.confidence < 0.999


def test_applying_lowers_what_later_payments_see() -> None:
    ledger = book()
    first = match_payment(pay("1200.00", "FA-2026-00123", name="BOULANGERIE DUPONT"), ledger, POLICY)
    assert first.best is not None
    ledger.apply(first.best.allocations)
    second = match_payment(pay("1200.00", "FA-2026-00123", name="BOULANGERIE DUPONT"), ledger, POLICY)
    assert all(a.invoice.number != "FA-2026-00123" for s in second.suggestions for a in s.allocations)


@settings(max_examples=150, deadline=None)
@given(
    amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("20000"), places=2),
    text=st.sampled_from(
        ["", "FA-2026-00123", "123 124 125", "INV-10023", "00200", "acompte 126", "endommagé 124"]
    ),
    name=st.sampled_from([None, "DUPONT", "BOULANGERIE DUPONT", "GROUPE MARTIN", "ACME"]),
    currency=st.sampled_from(["EUR", "GBP"]),
)
def test_allocations_never_exceed_open_amounts_and_add_up_to_the_payment(
    amount: Decimal, text: str, name: str | None, currency: str
) -> None:
    ledger = book()
    payment = pay(str(amount), text, name=name, currency=currency)
    outcome = match_payment(payment, ledger, MatchPolicy(reason=reason_reader))
    for suggestion in outcome.suggestions:
        assert 0 <= suggestion.confidence <= 1
        assert suggestion.applied_amount + suggestion.unapplied_amount == payment.amount
        assert suggestion.unapplied_amount >= 0
        for allocation in suggestion.allocations:
            assert allocation.invoice.currency == currency
            assert min(allocation.amount, allocation.discount_amount, allocation.deduction_amount) >= 0
            assert allocation.settled <= ledger.invoice(allocation.invoice.key).open_amount


@pytest.mark.parametrize("threshold", [0.5, 0.95])
def test_the_threshold_is_a_setting(threshold: float) -> None:
    policy = MatchPolicy(auto_apply_threshold=threshold)
    outcome = match_payment(pay("1200.00", "FA-2026-00123", name="BOULANGERIE DUPONT"), book(), policy)
    assert (outcome.status is Status.AUTO_APPLIED) == (threshold <= 0.9)
