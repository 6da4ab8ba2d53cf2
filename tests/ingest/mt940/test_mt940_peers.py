"""Peer comparison: every credit the ``mt-940`` library (v4.23) found in a wolph-mt940 sample
(its ``.yml`` dump) appears in our output with the same amount, currency, dates and references.

Known differences, 4.23 bugs fixed in 5.x:

- the customer reference was cut after 16 characters *including* ``//``, so ``NONREF//B4E07XM0``
  + supplementary details ``0J000023`` is customer reference ``NONREF`` and bank reference
  ``B4E07XM00J000023``;
- a German ``:86:`` without ``KREF+`` then wiped that customer reference, and with it the head
  of the bank reference: only its tail is left, in the supplementary details.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from ingest.bank.mt940 import Mt940Reader
from ingest.records import BankPayment
from tests.ingest.mt940.samples import FRAGMENT, HERE, sample_id

PEERS = sorted(
    path for path in (HERE / "corpus" / "wolph-mt940").rglob("*.yml") if path.with_suffix(".sta") != FRAGMENT
)
_PLACEHOLDERS = {"", "NONREF", "NOTPROVIDED", "EREF", "PREF", "MARF", "KREF"}


def _real(value: object) -> str | None:
    text = " ".join(str(value or "").split())
    return None if text.upper() in _PLACEHOLDERS else text


def _day(value: datetime.date) -> datetime.date:
    return datetime.date(value.year, value.month, value.day)


def _references(data: dict[str, Any]) -> tuple[str | None, str | None, str]:
    """(customer reference, bank reference, tail of a wiped bank reference) from the 4.23 dump."""
    customer = str(data.get("customer_reference") or "")
    bank = str(data.get("bank_reference") or "")
    extra = str(data.get("extra_details") or "").split("\n")[0]
    if "//" in customer and not bank:
        customer, bank = customer.split("//", 1)
        if len(data["customer_reference"]) == 16:  # the bank reference ran on into the details
            bank += extra
    wiped = data.get("customer_reference") is None and "posting_text" in data and not bank
    return _real(customer), _real(bank), extra if wiped else ""


def peer_credits(yml: Path) -> list[dict[str, Any]]:
    """The credits of a peer dump (trusted fixture: PyYAML objects of the mt-940 library)."""
    loaded = yaml.unsafe_load(yml.read_text(encoding="utf-8"))
    collections = loaded if isinstance(loaded, list) else [loaded]
    credits = []
    for transaction in (t for collection in collections for t in collection.transactions):
        data = transaction.data
        if str(data.get("status") or "").upper() != "C" or data["amount"].amount == 0:
            continue
        customer, bank, bank_tail = _references(data)
        credits.append(
            {
                "amount": abs(Decimal(data["amount"].amount)),
                "currency": data["amount"].currency or data.get("currency"),
                "value_date": _day(data["date"]),
                "booking_date": _day(data.get("entry_date") or data["date"]),
                "bank_reference": bank,
                "customer_reference": customer,
                "bank_tail": bank_tail,
            }
        )
    return credits


def _ours(payment: BankPayment) -> dict[str, Any]:
    return {
        "amount": payment.amount,
        "currency": payment.currency,
        "value_date": payment.value_date,
        "booking_date": payment.booking_date,
        "bank_reference": payment.bank_reference,
    }


@pytest.mark.parametrize("yml", PEERS, ids=sample_id)
def test_every_peer_credit_is_ours(yml: Path) -> None:
    expected = peer_credits(yml)
    ours = list(Mt940Reader().iter_payments(yml.with_suffix(".sta")))
    assert len(ours) == len(expected)
    for peer, payment in zip(expected, ours, strict=True):
        customer = peer.pop("customer_reference")
        bank_tail = peer.pop("bank_tail")
        if bank_tail:
            assert (payment.bank_reference or "").endswith(bank_tail), payment.locator
            peer["bank_reference"] = payment.bank_reference
        assert _ours(payment) == peer, payment.locator
        if customer is not None:
            # The customer reference is our reference unless the :86: gave a stronger one.
            assert customer == payment.reference or payment.end_to_end_id or payment.creditor_reference


def test_the_peer_files_hold_credits() -> None:
    assert sum(len(peer_credits(yml)) for yml in PEERS) >= 30
