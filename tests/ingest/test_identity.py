from datetime import date
from decimal import Decimal

from ingest.identity import match_rule, normalise_token, real_reference
from ingest.records import BankPayment


def payment(**changes: object) -> BankPayment:
    base: dict[str, object] = {
        "id": "BANKREF-1",
        "bank_reference": "BANKREF-1",
        "account": "FR7630006000011234567890189",
        "booking_date": date(2026, 10, 5),
        "value_date": date(2026, 10, 5),
        "amount": Decimal("1200.00"),
        "currency": "EUR",
        "payer_name": "Boulangeries Dupont SAS",
        "payer_iban": "FR1420041010050500013M02606",
        "end_to_end_id": "E2E-77",
        "reference": "FA-2026-00123",
        "remittance_text": "Facture FA-2026-00123",
        "locator": "Ntry 1",
    }
    base.update(changes)
    return BankPayment.model_validate(base)


def test_normalisation_drops_case_accents_and_punctuation() -> None:
    assert normalise_token("Société Générale S.A.") == "SOCIETEGENERALESA"
    assert real_reference(" NONREF ") is None
    assert real_reference("NOTPROVIDED") is None


def test_same_bank_reference_is_one_transaction_even_within_a_file() -> None:
    assert match_rule(payment(), payment(locator="Ntry 9"), same_document=True) == "bank_reference"


def test_end_to_end_id_needs_the_same_amount_and_close_dates() -> None:
    camt054 = payment(bank_reference="N-1", id="N-1")
    camt053 = payment(bank_reference="S-1", id="S-1", booking_date=date(2026, 10, 7), payer_name=None)
    assert match_rule(camt054, camt053, same_document=False) == "end_to_end_id"
    assert (
        match_rule(camt054, camt053.model_copy(update={"amount": Decimal("1199.99")}), same_document=False)
        is None
    )
    far = camt053.model_copy(update={"booking_date": date(2026, 10, 20), "value_date": None})
    assert match_rule(camt054, far, same_document=False) is None


def test_fingerprint_across_formats_tolerates_truncated_text_but_not_contradictions() -> None:
    camt = payment(bank_reference=None, id="fallback-1", end_to_end_id=None)
    mt940 = payment(
        bank_reference="X9",
        id="X9",
        end_to_end_id=None,
        account="FR7630006000011234567890189",
        payer_name="BOULANGERIES DUPONT",
        remittance_text="Facture FA-2026-0",
    )
    assert match_rule(camt, mt940, same_document=False) == "fingerprint"
    assert match_rule(camt, mt940, same_document=True) is None  # two identical lines of one file stay two
    other_payer = mt940.model_copy(update={"payer_iban": "DE89370400440532013000"})
    assert match_rule(camt, other_payer, same_document=False) is None
    other_day = mt940.model_copy(update={"booking_date": date(2026, 10, 6), "value_date": date(2026, 10, 6)})
    assert match_rule(camt, other_day, same_document=False) is None


def test_fingerprint_needs_something_positively_equal() -> None:
    bare = payment(
        bank_reference=None,
        id="a",
        end_to_end_id=None,
        payer_name=None,
        payer_iban=None,
        reference=None,
        remittance_text=None,
    )
    assert match_rule(bare, bare.model_copy(update={"id": "b"}), same_document=False) is None
