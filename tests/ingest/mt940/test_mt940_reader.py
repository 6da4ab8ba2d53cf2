"""Mt940Reader: encodings, envelopes, several statements, credits only, errors with locations."""

from __future__ import annotations

import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.bank.mt940 import Mt940Reader
from ingest.reader import ReaderError
from tests.ingest.mt940.samples import FRAGMENT, HERE

READER = Mt940Reader()
HANDMADE = HERE / "handmade"
ERRORS = HERE / "errors"


def test_windows_1252_statement_with_envelope_decodes_accented_names() -> None:
    sample = HANDMADE / "windows1252_envelope.sta"
    assert b"\xe9" in sample.read_bytes()  # "é" in Windows-1252, not UTF-8
    payments = list(READER.iter_payments(sample))
    assert [p.payer_name for p in payments] == [
        "Société Générale Électricité",
        "Crème & Frères SARL",
        "Müller & Söhne Großhandel GmbH",
        None,
    ]
    assert payments[0].remittance_text == "Règlement factures FA-2023-0042 et FA-2023-0043"
    assert payments[3].remittance_text is not None and "bonne année" in payments[3].remittance_text


def test_credits_only_debits_reversals_and_returns_are_skipped() -> None:
    payments = list(READER.iter_payments(HANDMADE / "windows1252_envelope.sta"))
    # The file also holds a debit (D250,00), a reversal of a credit (RC40,00) and a returned
    # credit (/RTRN/MS03): none is a payment.
    assert [p.amount for p in payments] == [
        Decimal("1500.00"),
        Decimal("99.99"),
        Decimal("320.50"),
        Decimal("75.00"),
    ]
    assert all(p.currency == "EUR" for p in payments)


def test_entry_date_crosses_the_year_end_both_ways() -> None:
    first, _, _, last = READER.iter_payments(HANDMADE / "windows1252_envelope.sta")
    assert (first.value_date, first.booking_date) == (date(2023, 12, 29), date(2024, 1, 2))
    assert (last.value_date, last.booking_date) == (date(2024, 1, 1), date(2023, 12, 31))


def test_references_nonref_notprovided_and_fallback_ids() -> None:
    first, second, third, fourth = READER.iter_payments(HANDMADE / "windows1252_envelope.sta")
    assert first.id == first.bank_reference == "SGB20231229000001"
    assert first.end_to_end_id == first.reference == "FA-2023-0042"
    # NOTPROVIDED customer reference and EREF: no reference but the structured creditor one.
    assert second.bank_reference is None and second.end_to_end_id is None
    assert second.creditor_reference == second.reference == "RF18539007547034"
    # No bank reference: account / statement number (7 digits) / position / date / amount.
    assert second.id == "FR7630003000300003000300030/1234567/1/3/2023-12-31/99.99"
    assert third.bank_transaction_code == "NTRF/166"
    assert fourth.reference is None
    assert second.locator == "statement 1, :61: 3 (line 12)"


def test_mt942_interim_report_in_utf8_with_bom() -> None:
    (payment,) = READER.iter_payments(HANDMADE / "utf8_bom_mt942.sta")
    assert payment.payer_name == "Boulangerie Dupré & Fils"
    assert payment.payer_iban == "FR1420041010050500013M02606"
    assert payment.amount == Decimal("1234.56")
    assert payment.reference == "FACT-2024-0001"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing_amount.sta", "missing_amount.sta: statement 1 (line 1): line 5: cannot read :61: "),
        ("missing_balance.sta", "missing_balance.sta: statement 1, :61: 1 (line 4): no currency"),
        ("truncated_in_86.sta", "truncated_in_86.sta: statement 1 (line 2): the file ends without closing"),
    ],
)
def test_broken_files_raise_one_line_with_the_location(name: str, message: str) -> None:
    with pytest.raises(ReaderError) as caught:
        list(READER.iter_payments(ERRORS / name))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_fragment_without_statement_header_is_an_error() -> None:
    with pytest.raises(ReaderError, match=r"sparkassen.sta: no MT940 statement"):
        list(READER.iter_payments(FRAGMENT))


def test_statements_stream_one_at_a_time(tmp_path: Path) -> None:
    good = (HANDMADE / "utf8_bom_mt942.sta").read_text(encoding="utf-8-sig")
    broken = (ERRORS / "missing_amount.sta").read_text()
    path = tmp_path / "two.sta"
    path.write_text(good + broken, encoding="utf-8")
    payments = READER.iter_payments(path)
    assert next(payments).amount == Decimal("1234.56")  # yielded before the bad statement is read
    with pytest.raises(ReaderError, match=r"statement 2 \(line 12\): line 16: cannot read :61:"):
        next(payments)


def _statement(number: int) -> str:
    lines = [f":20:S{number}", ":25:FR7630004000031234567890143", f":28C:{number}/1", ":60F:C240102EUR0,00"]
    for item in range(5):
        lines += [
            f":61:2401020102C{item + 1},00NTRFNONREF//B{number}-{item}",
            f":86:/EREF/E2E-{number}-{item}/ORDP//NAME/Client {number}/REMI/USTD//Facture {number}-{item}",
        ]
    return "\n".join([*lines, ":62F:C240102EUR15,00", "-", ""])


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "big.sta"
    with path.open("w", encoding="utf-8") as out:
        for number in range(3000):
            out.write(_statement(number))
    size = path.stat().st_size
    tracemalloc.start()
    count = sum(1 for _ in READER.iter_payments(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 15000
    assert peak < size / 2, f"peak {peak} bytes for a {size}-byte file"


def test_round_trip_of_the_demo_writer(tmp_path: Path) -> None:
    statements = pytest.importorskip("copilot.demo.statements")
    from ingest.records import BankPayment

    written = [
        BankPayment(
            id="BK-1",
            booking_date=date(2026, 10, 3),
            value_date=date(2026, 10, 2),
            amount=Decimal("1234.56"),
            currency="EUR",
            payer_name="Société Générale Électricité",
            payer_iban="FR1420041010050500013M02606",
            payer_bic="SOGEFRPP",
            end_to_end_id="E2E-1",
            reference="E2E-1",
            remittance_text="Règlement des factures FA-1001 FA-1002 FA-1003 FA-1004 FA-1005 FA-1006 FA-1007",
            locator="demo",
        ),
        BankPayment(
            id="BK-2",
            booking_date=date(2026, 10, 3),
            amount=Decimal("80.00"),
            currency="EUR",
            creditor_reference="RF18539007547034",
            locator="demo",
        ),
    ]
    path = tmp_path / "demo.sta"
    statements.write_mt940(
        path,
        written,
        account="FR7630004000031234567890143",
        currency="EUR",
        statement_number=123456,
        opening_balance=Decimal("0"),
        encoding="cp1252",
    )
    first, second = READER.iter_payments(path)
    for field in (
        "id",
        "booking_date",
        "value_date",
        "amount",
        "payer_name",
        "payer_iban",
        "payer_bic",
        "end_to_end_id",
        "remittance_text",
    ):
        assert getattr(first, field) == getattr(written[0], field), field
    assert second.id == "BK-2" and second.creditor_reference == second.reference == "RF18539007547034"
    assert second.value_date == second.booking_date == date(2026, 10, 3)


def test_a_file_with_bytes_undefined_in_windows_1252_is_read_as_cp852() -> None:
    sample = HERE / "corpus" / "wolph-mt940" / "self-provided" / "raiffeisen-cmi.sta"
    (payment,) = READER.iter_payments(sample)
    assert payment.remittance_text is not None and "napi összevont utánvét" in payment.remittance_text
