"""Reader bugs the generated statements found, pinned down on the smallest input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest.bank.bai2 import Bai2Reader
from ingest.bank.camt import Camt053Reader
from ingest.bank.identifiers import find_creditor_reference, statement_account
from tests.e2e.bank_files import CamtFile, entries_for, render_camt
from tests.e2e.truth import TxFactory

_BAI2 = """01,ARCOPILOT,BANK,261005,0600,1,80,,2/
02,ARCOPILOT,BANK,1,261005,0600,USD,2/
03,1234567890,USD,010,0,,,/
16,195,100,0,R1,,ORIGINATOR NAME=Smith, Jones and Partners LLP
16,195,200,0,R2,,ORIG CO NAME:ACME, INC.,ORIG ID:123456789
16,195,300,0,R3,,B/O: SOCIETE GENERALE ELECTRICITE, PARIS
16,195,400,0,R4,,DBNM:JOHN DOE, DENVER, CO
49,1000,6/
98,1000,1,8/
99,1000,1,10/
"""


def test_bai2_payer_name_keeps_a_comma_followed_by_a_legal_form(tmp_path: Path) -> None:
    path = tmp_path / "names.bai2"
    path.write_text(_BAI2, encoding="ascii")
    names = [payment.payer_name for payment in Bai2Reader().iter_payments(path)]
    assert names == [
        "Smith, Jones and Partners LLP",
        "ACME, INC.",
        "SOCIETE GENERALE ELECTRICITE",
        "JOHN DOE",
    ]


def test_a_compact_rf_reference_takes_no_word_after_it() -> None:
    # "RF35J4C6Z632PO" happens to have valid check digits too: "PO" is the next word, not a group.
    assert find_creditor_reference("SVWZ+RF35J4C6Z632 PO#998; lot 3") == "RF35J4C6Z632"
    assert find_creditor_reference("Facture RF18 5390 0754 7034 du 3/10") == "RF18539007547034"


def test_camt_two_accounts_numbering_references_alike_keep_the_bank_reference_as_id(tmp_path: Path) -> None:
    factory = TxFactory(5)
    first = [factory.tx(bank_ref="00000001")]
    second = [factory.tx(bank_ref="00000001")]
    spec = CamtFile(
        "053",
        "08",
        entries_for(first),
        date(2026, 10, 5),
        more=[("DE89370400440532013000", entries_for(second))],
    )
    path = tmp_path / "two.xml"
    path.write_text(render_camt(spec), encoding="utf-8")
    payments = list(Camt053Reader().iter_payments(path))
    assert [(p.id, p.account) for p in payments] == [
        ("00000001", "FR7630004000031234567890143"),
        ("00000001", "DE89370400440532013000"),
    ]


def test_mt940_account_read_as_the_iban_it_plainly_is() -> None:
    assert statement_account("NL34RABO0142623393 EUR") == "NL34RABO0142623393"  # IBAN, currency
    assert statement_account("FR7630004000031234567890143EUR") == "FR7630004000031234567890143"
    assert statement_account("37040044/0532013000") == "DE89370400440532013000"  # BLZ/Konto
    assert statement_account("10020030/1234567") == "DE73100200300001234567"
    # Kept as written: no valid IBAN without the suffix, an IBAN ending in letters, anything else.
    assert statement_account("NL77INGB0574908765EUR") == "NL77INGB0574908765EUR"
    assert statement_account("SC18SSCB11010000000000001497USD") == "SC18SSCB11010000000000001497USD"
    assert statement_account("50880050/0194791600888") == "50880050/0194791600888"
    assert statement_account("TRIODOSBANK/0390123456") == "TRIODOSBANK/0390123456"
    assert statement_account(None) is None
