"""What becomes a payment: credits only, booked (and pending in 052/054), batches split."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from ingest.bank.camt import Camt052Reader, Camt053Reader, Camt054Reader
from tests.ingest.camt.corpus import HERE, readable_samples, reader_for, sample_id

HANDMADE_054 = HERE / "handmade" / "camt054.v8.batch-and-pending.xml"
HANDMADE_053 = HERE / "handmade" / "camt053.v13.two-statements.xml"


def _entries(sample: Path) -> dict[str, etree._Element]:
    """Every ``Ntry`` of a sample by its locator prefix (``"Stmt 1, Ntry 3"``)."""
    container = {"camt053": "Stmt", "camt052": "Rpt", "camt054": "Ntfctn"}[reader_for(sample).format]
    root = etree.parse(str(sample)).getroot()
    found = {}
    for statement_no, statement in enumerate(root.iter(f"{{*}}{container}"), start=1):
        for entry_no, entry in enumerate(statement.iterfind("{*}Ntry"), start=1):
            found[f"{container} {statement_no}, Ntry {entry_no}"] = entry
    return found


def _entry_of(locator: str) -> str:
    return ", ".join(locator.split(", ")[:2])


@pytest.mark.parametrize("sample", readable_samples(), ids=sample_id)
def test_only_credits_that_are_not_reversals(sample: Path) -> None:
    entries = _entries(sample)
    for payment in reader_for(sample).iter_payments(sample):
        entry = entries[_entry_of(payment.locator)]
        assert entry.findtext("{*}CdtDbtInd") == "CRDT"
        assert (entry.findtext("{*}RvslInd") or "false") == "false"


@pytest.mark.parametrize("sample", readable_samples(), ids=sample_id)
def test_batch_transactions_sum_to_the_entry(sample: Path) -> None:
    entries = _entries(sample)
    split: dict[str, list[Decimal]] = defaultdict(list)
    for payment in reader_for(sample).iter_payments(sample):
        entry = entries[_entry_of(payment.locator)]
        if "TxDtls" in payment.locator:
            split[_entry_of(payment.locator)].append(payment.amount)
        else:
            assert payment.amount == Decimal(entry.findtext("{*}Amt") or "")
    for locator, amounts in split.items():
        entry = entries[locator]
        assert len(amounts) == len(entry.findall("{*}NtryDtls/{*}TxDtls")) > 1
        assert sum(amounts) == Decimal(entry.findtext("{*}Amt") or ""), locator


def test_the_corpus_has_batches() -> None:
    """The sum check above is not vacuous: several samples split batch entries."""
    batched = {
        sample.name
        for sample in readable_samples()
        if any("TxDtls" in payment.locator for payment in reader_for(sample).iter_payments(sample))
    }
    assert {"valid_example_v4.xml", "test-camt053-txdtls.xml", "FI_camt_054_sample.xml"} <= batched


@pytest.mark.parametrize("sample", readable_samples(), ids=sample_id)
def test_ids_are_unique_in_a_file(sample: Path) -> None:
    ids = [payment.id for payment in reader_for(sample).iter_payments(sample)]
    assert len(ids) == len(set(ids))


def test_notification_keeps_booked_and_pending_only() -> None:
    payments = list(Camt054Reader().iter_payments(HANDMADE_054))
    assert [p.locator for p in payments] == [
        "Ntfctn 1, Ntry 1, TxDtls 1",
        "Ntfctn 1, Ntry 1, TxDtls 2",
        "Ntfctn 1, Ntry 1, TxDtls 3",
        "Ntfctn 1, Ntry 2",  # PDNG
        "Ntfctn 1, Ntry 6",  # BOOK, no reference at all
    ]  # Ntry 3 INFO, Ntry 4 reversed credit, Ntry 5 debit: not payments
    assert sum(p.amount for p in payments[:3]) == Decimal("1500.00")


def test_statement_keeps_booked_only() -> None:
    payments = list(Camt053Reader().iter_payments(HANDMADE_053))
    assert "ARC-PENDING" not in {p.bank_reference for p in payments}
    assert [(p.account, p.locator) for p in payments] == [
        ("FR7610107001011234567890129", "Stmt 1, Ntry 1, TxDtls 1"),
        ("FR7610107001011234567890129", "Stmt 1, Ntry 1, TxDtls 2"),
        ("FR7630004000031234567890143", "Stmt 2, Ntry 1"),
    ]


def test_intraday_report_keeps_pending() -> None:
    sample = HERE / "camt052" / "moov-iso20022" / "FI_camt_052_sample.xml"
    (pending, booked) = Camt052Reader().iter_payments(sample)
    assert pending.id == "21892819" and pending.amount == Decimal("2120.00")
    assert booked.bank_reference == "091029ACCTSTMTARCH08"


def test_ids_and_references() -> None:
    by_locator = {p.locator: p for p in Camt054Reader().iter_payments(HANDMADE_054)}
    own, shared, no_own = (by_locator[f"Ntfctn 1, Ntry 1, TxDtls {n}"] for n in (1, 2, 3))
    assert (own.id, own.bank_reference) == ("ARC-TX-7001-A", "ARC-TX-7001-A")
    assert (shared.id, shared.bank_reference) == ("ARC-NTRY-7001/2", None)  # the entry's, not its own
    assert (no_own.id, no_own.bank_reference) == ("ARC-NTRY-7001/3", None)
    assert {own.entry_reference, shared.entry_reference, no_own.entry_reference} == {"ARC-NTRY-7001"}
    assert own.end_to_end_id is None  # NOTPROVIDED
    assert own.reference == own.creditor_reference == "RF18539007547034"
    assert shared.reference == shared.end_to_end_id == "E2E-INV-1002"
    assert shared.payer_name == "Acme Holding"  # UltmtDbtr when there is no Dbtr
    assert by_locator["Ntfctn 1, Ntry 2"].id == "PENDING-1"  # NtryRef
    assert by_locator["Ntfctn 1, Ntry 6"].id == "00012345678:2026-10-03:18.15:EUR:1.6"
    batch = {
        (p.id, p.bank_reference)
        for p in Camt053Reader().iter_payments(HANDMADE_053)
        if p.entry_reference == "ARC-SHARED"
    }
    assert batch == {("ARC-SHARED/1", None), ("ARC-SHARED/2", None)}  # a shared own ref names no one


def test_two_entries_with_one_bank_reference_stay_two_payments() -> None:
    sample = (
        HERE
        / "camt053"
        / "moov-iso20022"
        / "postfinance_camt053_P_CH2909000000250094239_2020112503071366.xml"
    )
    twins = [p for p in Camt053Reader().iter_payments(sample) if p.bank_reference == "07582000303KBMSU"]
    assert [(p.id, str(p.amount)) for p in twins] == [
        ("07582000303KBMSU", "1537.00"),
        ("07582000303KBMSU@1.5", "1692.22"),
    ]


def test_reading_twice_gives_the_same_ids() -> None:
    first = [p.id for p in Camt054Reader().iter_payments(HANDMADE_054)]
    assert first == [p.id for p in Camt054Reader().iter_payments(HANDMADE_054)]
