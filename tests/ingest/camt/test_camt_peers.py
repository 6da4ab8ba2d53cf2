"""Our camt output against other parsers' ground truth kept beside the samples.

- genkgo/camt (PHP) ``*.json``: a DTO dump; amounts are minor units as strings, and objects
  met a second time are replaced by ``"__RECURSIVITY__"`` (so it may list fewer entries than
  the file has: we check that each credit it lists is in our output).
- OCA bank-statement-import (Odoo) ``golden-*.pydata``: ``(currency, account, [statements])``
  with float amounts; it lists every transaction, debits negative.
"""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ingest.records import BankPayment
from tests.ingest.camt.corpus import HERE, reader_for, sample_id
from tools.money import minor_unit_exponent, quantise

GENKGO = sorted(path for path in HERE.glob("camt05*/genkgo-camt/*.json") if path.with_suffix(".xml").exists())
OCA = sorted(HERE.glob("camt05*/oca/golden-*.pydata"))


def _money(value: dict[str, Any]) -> tuple[Decimal, str]:
    currency = value["getCurrency"]["getCode"]
    return Decimal(value["getAmount"]).scaleb(-minor_unit_exponent(currency)), currency


def _genkgo_expectations(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """What each payment of one genkgo credit entry must show in our output."""
    details = [
        entry["getTransactionDetail"] if d == "__RECURSIVITY__" else d for d in entry["getTransactionDetails"]
    ]
    amount, currency = _money(entry["getAmount"])
    expected_base = {"currency": currency, "booking_date": entry["getBookingDate"]["0"][:10]}
    if not details:
        return [{**expected_base, "amount": amount, "bank_reference": entry["getAccountServicerReference"]}]
    expectations = []
    for detail in details:
        tx_amount = _money(detail["getAmount"])[0] if len(details) > 1 else amount
        expected = {**expected_base, "amount": tx_amount}
        reference = detail["getReference"] or {}
        expected["end_to_end_id"] = reference.get("getEndToEndId")
        expected["bank_reference"] = (
            reference.get("getAccountServicerReference") or entry["getAccountServicerReference"]
        )
        remittance = detail["getRemittanceInformation"] or {}
        creditor_ref = remittance.get("getCreditorReferenceInformation") or {}
        expected["creditor_reference"] = creditor_ref.get("getRef")
        for party in detail["getRelatedParties"]:
            kind = party["getRelatedPartyType"]
            if isinstance(kind, dict) and kind["__CLASS__"].endswith("\\Debtor"):
                expected["payer_name"] = kind["getName"]
                account = party["getAccount"] or {}
                expected["payer_iban"] = (account.get("getIban") or {}).get("getIban")
        expectations.append({key: value for key, value in expected.items() if value is not None})
    return expectations


def _shown(payment: BankPayment, expected: dict[str, Any]) -> bool:
    actual = payment.model_dump(mode="json") | {"amount": payment.amount}
    return all(actual[key] == value for key, value in expected.items())


@pytest.mark.parametrize("peer", GENKGO, ids=sample_id)
def test_genkgo_credits_are_in_our_output(peer: Path) -> None:
    sample = peer.with_suffix(".xml")
    reader = reader_for(sample)
    payments = list(reader.iter_payments(sample))
    statuses = {"camt053": {"BOOK"}}.get(reader.format, {"BOOK", "PDNG"})
    entries = [entry for entry in json.loads(peer.read_text())["getEntries"] if isinstance(entry, dict)]
    credits = [
        entry
        for entry in entries
        if entry["getCreditDebitIndicator"] == "CRDT"
        and not entry["getReversalIndicator"]
        and entry["getStatus"] in statuses
    ]
    for entry in credits:
        for expected in _genkgo_expectations(entry):
            assert any(_shown(payment, expected) for payment in payments), (expected, payments)
    if not credits:  # the peer lists debits only: we must not turn them into payments
        debit_refs = {entry["getAccountServicerReference"] for entry in entries} - {None}
        assert not {payment.bank_reference for payment in payments} & debit_refs


def test_genkgo_comparison_covers_credits() -> None:
    """Guard against a vacuous comparison: the peer files do list credits."""
    total = 0
    for peer in GENKGO:
        entries = json.loads(peer.read_text())["getEntries"]
        total += sum(1 for e in entries if isinstance(e, dict) and e["getCreditDebitIndicator"] == "CRDT")
    assert total >= 7


@pytest.mark.parametrize("peer", OCA, ids=sample_id)
def test_oca_credits_match(peer: Path) -> None:
    sample = peer.with_name("test-" + peer.name.removeprefix("golden-").removesuffix(".pydata") + ".xml")
    currency, account, statements = ast.literal_eval(peer.read_text())
    payments = list(reader_for(sample).iter_payments(sample))
    credits = [tx for statement in statements for tx in statement["transactions"] if tx["amount"] > 0]
    assert len(payments) == len(credits)
    for payment, tx in zip(payments, credits, strict=True):
        assert payment.account == account
        assert payment.currency == currency
        assert payment.amount == quantise(Decimal(str(tx["amount"])), currency)
        assert payment.booking_date.isoformat() == tx["date"]
        assert payment.payer_name == tx["partner_name"]
        assert payment.payer_iban == tx["account_number"]
        assert payment.reference == tx["ref"]
