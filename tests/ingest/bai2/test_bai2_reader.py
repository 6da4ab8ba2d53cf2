"""Bai2Reader: credits only, implied decimals, control totals, layouts real banks send."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from bai2 import bai2
from bai2.constants import TypeCodeTransaction

from ingest.bank.bai2 import Bai2Reader
from ingest.reader import ReaderError
from tests.ingest.bai2.samples import BAD_TOTALS, CORPUS, HERE, NOT_BAI2, sample_id, samples
from tools.money import minor_unit_exponent

READER = Bai2Reader()
HANDMADE = HERE / "handmade" / "multi_currency.bai2"
ERRORS = HERE / "errors"
_RETURNS = ("Reversal", "Return", "Reject")


def test_credits_only_with_implied_decimals_per_currency() -> None:
    payments = list(READER.iter_payments(HANDMADE))
    # 142 ACH, 195 wire, 175 cheque deposit, 108 (JPY), 208 (KWD); not 475 (debit) nor 252 (reversal).
    assert [(p.bank_transaction_code, p.amount, p.currency) for p in payments] == [
        ("142", Decimal("12500.00"), "USD"),  # no currency in 02 or 03: USD by default
        ("195", Decimal("98765.43"), "USD"),
        ("175", Decimal("333.33"), "USD"),
        ("108", Decimal("150000"), "JPY"),
        ("208", Decimal("1234.567"), "KWD"),
    ]
    assert {p.booking_date for p in payments} == {date(2024, 1, 2)}


def test_references_text_and_payer() -> None:
    ach, wire, cheque, yen, dinar = READER.iter_payments(HANDMADE)
    assert ach.payer_name == "ACME CORP"  # ORIG CO NAME:, cut before ORIG ID:
    assert ach.id == "123456789/1.1.1/2024-01-02/12500.00" and ach.bank_reference is None
    assert ach.value_date == date(2024, 1, 2)  # immediate availability
    assert wire.id == wire.bank_reference == "FW24010200012"
    assert wire.reference == "INV-1001"
    assert wire.payer_name == "SOCIETE GENERALE ELECTRICITE"  # B/O:
    assert wire.remittance_text == "WIRE IN B/O: SOCIETE GENERALE ELECTRICITE, PARIS OBI: INV-1001 INV-1002"
    assert wire.locator == "group 1, account 1 (123456789), detail 2 (line 5)"
    assert cheque.payer_name is None and cheque.reference == "3312"
    assert yen.payer_name is None
    assert dinar.payer_name == "GULF TRADING CO"


def test_continuation_text_is_joined_without_field_delimiters() -> None:
    (payment,) = READER.iter_payments(CORPUS / "venturehacks-bai2" / "daily_with_summary.bai2")
    assert payment.remittance_text == "SAMPLE CONTINUATION TEXT"
    assert payment.reference == "50848"


def test_several_records_per_line_and_summaries_continued_mid_item() -> None:
    assert len(list(READER.iter_payments(CORPUS / "moov-bai2" / "sample3.bai2"))) == 13
    assert [p.amount for p in READER.iter_payments(CORPUS / "moov-bai2" / "sample2.bai2")] == [
        Decimal("4500.00"),
        Decimal("5000.00"),
        Decimal("200000.00"),
        Decimal("100000.00"),
    ]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (ERRORS / "broken_record.bai2", "broken_record.bai2: line 4: group 1: invalid literal for int()"),
        (ERRORS / "truncated.bai2", "truncated.bai2: the file ends without file trailer (99): truncated"),
        (
            ERRORS / "wrong_group_total.bai2",
            "wrong_group_total.bai2: line 12: group 1 trailer (98) control total "
            "is 22838852, the records add up to 22838752",
        ),
        (
            CORPUS / "venturehacks-bai2" / "invalid_checksum_eod.bai2",
            "invalid_checksum_eod.bai2: line 15: account "
            "3333333333 trailer (49) control total is 8325983, the records add up to 8325982",
        ),
        (NOT_BAI2, "sample-parseError.bai2: line 1: unknown BAI2 record code '00'"),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else "",
)
def test_bad_files_raise_one_line_with_the_location(path: Path, message: str) -> None:
    with pytest.raises(ReaderError) as caught:
        list(READER.iter_payments(path))
    assert str(caught.value) == message or str(caught.value).startswith(message)


def test_wrong_totals_can_be_read_when_a_person_decides_so() -> None:
    lenient = Bai2Reader(verify_totals=False)
    eod = list(lenient.iter_payments(CORPUS / "venturehacks-bai2" / "eod.bai2"))
    assert list(lenient.iter_payments(CORPUS / "venturehacks-bai2" / "invalid_checksum_eod.bai2")) == eod
    with pytest.raises(ReaderError, match="trailer"):
        list(READER.iter_payments(CORPUS / "moov-bai2" / "sample4-continuations-newline-delimited.bai2"))


# --- peers: the bai2 library itself, and the file's own control figures ----------------------

# The library alone trips on moov-io's layouts (records sharing a line, 03 summaries continued
# mid-item) and on blank availability amounts (the handmade file): those are ours to read.
_LIBRARY_PARSES = [
    s for s in samples() if s not in BAD_TOTALS and s.parent.name not in ("moov-bai2", "handmade")
]


@pytest.mark.parametrize("sample", _LIBRARY_PARSES, ids=sample_id)
def test_same_credits_as_the_bai2_library(sample: Path) -> None:
    """Files the library parses on its own (with its integrity checks) give the same credits."""
    parsed = bai2.parse_from_string(sample.read_text(), check_integrity=True)
    expected = []
    for group in parsed.children:
        for account in group.children:
            currency = account.header.currency or group.header.currency
            for detail in account.children:
                code = detail.type_code
                if code.transaction != TypeCodeTransaction.credit or any(
                    w in code.description for w in _RETURNS
                ):
                    continue
                amount = Decimal(detail.amount).scaleb(-minor_unit_exponent(currency))
                expected.append((code.code, amount, currency, group.header.as_of_date, detail.bank_reference))
    ours = [
        (p.bank_transaction_code, p.amount, p.currency, p.booking_date, p.bank_reference)
        for p in READER.iter_payments(sample)
    ]
    assert ours == expected


def _stated_total_credits(sample: Path) -> dict[str, Decimal]:
    """``{"group 1, account 2 (number)": Total Credits}`` read straight from the 03 records (and
    their 88 continuations), for accounts without return or reversal credits."""
    records: list[str] = []
    for line in sample.read_text().splitlines():
        for piece in re.split(r"(?<=/)\s+(?=\d\d,)", line.strip()):
            if piece[:3] == "88," and records:
                records[-1] += "," + piece[3:]
            elif re.match(r"\d\d,", piece):
                records.append(piece)
    stated: dict[str, Decimal] = {}
    group = account = 0
    key = ""
    currency = "USD"
    for record in records:
        code, _, text = record.partition(",")
        fields = text.replace("/", "").split(",")
        if code == "02":
            group, account = group + 1, 0
            currency = fields[5] or "USD"
        elif code == "03":
            account += 1
            key = f"group {group}, account {account} ({fields[0]})"
            total = re.search(r"(?:^|,)100,([+-]?\d+),", text)
            if total:
                exponent = minor_unit_exponent(fields[1] or currency)
                stated[key] = Decimal(int(total.group(1))).scaleb(-exponent)
        elif code == "16" and fields[0] in _RETURN_CODES:
            stated.pop(key, None)
    return stated


_RETURN_CODES = {"123", "252", "255", "257", "258", "261", "266", "268", "395"}


# Accounts whose Total Credits include credits the file does not detail.
_NOT_ALL_DETAILED = {
    ("sample2.bai2", "group 1, account 2 (9876543210)"),
    ("sample2.bai2", "group 2, account 1 (4589761203)"),
}


@pytest.mark.parametrize("sample", [s for s in samples() if s not in BAD_TOTALS], ids=sample_id)
def test_credits_add_up_to_the_total_credits_summary(sample: Path) -> None:
    """Where an 03 record states Total Credits (type 100) and no credit is a return, our
    credits of that account add up to it (the item count may count cheques in a deposit)."""
    ours: dict[str, Decimal] = defaultdict(Decimal)
    for payment in READER.iter_payments(sample):
        ours[payment.locator.split(", detail")[0]] += payment.amount
    for key, amount in _stated_total_credits(sample).items():
        if (sample.name, key) in _NOT_ALL_DETAILED:
            assert ours[key] < amount, key
        else:
            assert ours[key] == amount, key


def test_total_credits_are_stated_in_enough_samples() -> None:
    stated = [
        key for sample in samples() if sample not in BAD_TOTALS for key in _stated_total_credits(sample)
    ]
    assert len(stated) >= 10
