"""The statement writers: camt.053 structure, MT940 and CSV layout, streaming memory."""

from __future__ import annotations

import csv
import re
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from copilot.demo.statements import (
    CAMT053_NAMESPACE,
    STATEMENT_CSV_COLUMNS,
    PaymentBatch,
    split_unstructured,
    wrap_mt940_field,
    write_camt053,
    write_mt940,
    write_statement_csv,
)
from ingest.records import BankPayment

NS = {"c": CAMT053_NAMESPACE}
ACCOUNT = "FR7630004000031234567890143"
CREATED = datetime(2026, 10, 6, 20, 0, tzinfo=UTC)
LONG_TEXT = " ".join(f"FA-2026-{n:05d}" for n in range(1, 30))  # 405 characters


def payment(number: int, **changes: object) -> BankPayment:
    base: dict[str, object] = {
        "id": f"DEMO261005-{number:03d}",
        "booking_date": date(2026, 10, 5),
        "value_date": date(2026, 10, 5),
        "amount": Decimal("1234.56"),
        "currency": "EUR",
        "payer_name": "Boulangeries Dupont <&> SAS",
        "payer_iban": "FR7630006000011234567890189",
        "payer_bic": "AGRIFRPP",
        "end_to_end_id": "E2E-1",
        "remittance_text": "Facture FA-2026-00123",
        "locator": f"spec {number}",
    }
    base.update(changes)
    return BankPayment.model_validate(base)


def write_sample_camt(path: Path) -> None:
    batch = PaymentBatch("BATCH-1", (payment(3, amount=Decimal("10.00")), payment(4, amount=Decimal("0.50"))))
    payments: list[BankPayment | PaymentBatch] = [
        payment(1),
        payment(
            2,
            end_to_end_id=None,
            remittance_text=LONG_TEXT,
            creditor_reference="RF18539007547034",
            payer_bic=None,
            value_date=None,
        ),
        batch,
    ]
    write_camt053(
        path,
        payments,
        account_iban=ACCOUNT,
        currency="EUR",
        statement_id="STMT-1",
        created=CREATED,
        opening_balance=Decimal("-100.00"),
    )


def nodes(node: etree._Element, xpath: str) -> list[etree._Element]:
    """The elements ``xpath`` selects under ``node`` (camt namespace prefix ``c``)."""
    found = node.xpath(xpath, namespaces=NS)
    assert isinstance(found, list)
    return [item for item in found if isinstance(item, etree._Element)]


def texts(node: etree._Element, xpath: str) -> list[str]:
    """The texts of the elements ``xpath`` selects under ``node``."""
    return [element.text or "" for element in nodes(node, xpath)]


def test_camt053_structure(tmp_path: Path) -> None:
    path = tmp_path / "statement.xml"
    write_sample_camt(path)
    root = etree.parse(str(path)).getroot()  # well-formed
    assert root.tag == f"{{{CAMT053_NAMESPACE}}}Document"
    assert texts(root, "c:BkToCstmrStmt/c:GrpHdr/c:MsgId") == ["STMT-1"]
    assert texts(root, "c:BkToCstmrStmt/c:GrpHdr/c:CreDtTm") == ["2026-10-06T20:00:00+00:00"]
    statement = nodes(root, "c:BkToCstmrStmt/c:Stmt")
    assert len(statement) == 1
    stmt = statement[0]
    order = [etree.QName(child).localname for child in stmt]
    assert order == ["Id", "CreDtTm", "FrToDt", "Acct", "Bal", "Bal", "TxsSummry", "Ntry", "Ntry", "Ntry"]
    assert texts(stmt, "c:Acct/c:Id/c:IBAN") == [ACCOUNT]
    assert texts(stmt, "c:Bal/c:Tp/c:CdOrPrtry/c:Cd") == ["OPBD", "CLBD"]
    assert texts(stmt, "c:Bal/c:Amt") == ["100.00", "2379.62"]
    assert texts(stmt, "c:Bal/c:CdtDbtInd") == ["DBIT", "CRDT"]
    assert texts(stmt, "c:TxsSummry/c:TtlNtries/c:NbOfNtries") == ["3"]
    assert texts(stmt, "c:TxsSummry/c:TtlNtries/c:Sum") == ["2479.62"]

    first, second, batch = nodes(stmt, "c:Ntry")
    assert texts(first, "c:Amt") == ["1234.56"]
    assert [amount.get("Ccy") for amount in nodes(first, "c:Amt")] == ["EUR"]
    for xpath, expected in [
        ("c:CdtDbtInd", "CRDT"),
        ("c:Sts/c:Cd", "BOOK"),
        ("c:BookgDt/c:Dt", "2026-10-05"),
        ("c:ValDt/c:Dt", "2026-10-05"),
        ("c:AcctSvcrRef", "DEMO261005-001"),
        ("c:BkTxCd/c:Domn/c:Cd", "PMNT"),
        ("c:BkTxCd/c:Domn/c:Fmly/c:Cd", "RCDT"),
        ("c:BkTxCd/c:Domn/c:Fmly/c:SubFmlyCd", "ESCT"),
    ]:
        assert texts(first, xpath) == [expected], xpath
    tx = "c:NtryDtls/c:TxDtls/"
    assert texts(first, tx + "c:Refs/c:AcctSvcrRef") == ["DEMO261005-001"]
    assert texts(first, tx + "c:Refs/c:EndToEndId") == ["E2E-1"]
    assert texts(first, tx + "c:Amt") == ["1234.56"]
    assert texts(first, tx + "c:RltdPties/c:Dbtr/c:Pty/c:Nm") == ["Boulangeries Dupont <&> SAS"]
    assert texts(first, tx + "c:RltdPties/c:DbtrAcct/c:Id/c:IBAN") == ["FR7630006000011234567890189"]
    assert texts(first, tx + "c:RltdAgts/c:DbtrAgt/c:FinInstnId/c:BICFI") == ["AGRIFRPP"]
    assert texts(first, tx + "c:RmtInf/c:Ustrd") == ["Facture FA-2026-00123"]
    assert b"&lt;&amp;&gt;" in path.read_bytes()

    assert texts(second, tx + "c:Refs/c:EndToEndId") == ["NOTPROVIDED"]
    assert nodes(second, "c:ValDt") == []
    pieces = texts(second, tx + "c:RmtInf/c:Ustrd")
    assert len(pieces) == 3 and all(len(piece) <= 140 for piece in pieces)
    assert " ".join(pieces) == LONG_TEXT
    assert texts(second, tx + "c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref") == ["RF18539007547034"]
    assert texts(second, tx + "c:RmtInf/c:Strd/c:CdtrRefInf/c:Tp/c:CdOrPrtry/c:Cd") == ["SCOR"]

    assert texts(batch, "c:AcctSvcrRef") == ["BATCH-1"]
    assert texts(batch, "c:Amt") == ["10.50"]
    assert texts(batch, "c:NtryDtls/c:Btch/c:NbOfTxs") == ["2"]
    assert texts(batch, tx + "c:Refs/c:AcctSvcrRef") == ["DEMO261005-003", "DEMO261005-004"]
    assert texts(batch, tx + "c:Amt") == ["10.00", "0.50"]


def test_camt053_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    options: dict[str, object] = {
        "account_iban": ACCOUNT,
        "currency": "EUR",
        "statement_id": "S",
        "opening_balance": Decimal(0),
    }
    with pytest.raises(ValueError, match="timezone"):
        write_camt053(path, [payment(1)], created=datetime(2026, 10, 6), **options)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="GBP"):
        write_camt053(path, [payment(1, currency="GBP")], created=CREATED, **options)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="1 to 35"):
        write_camt053(path, [payment(1, id="X" * 36)], created=CREATED, **options)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="differs"):
        PaymentBatch("B", (payment(1), payment(2, booking_date=date(2026, 10, 6))))


def test_empty_camt053_is_dated_by_its_creation(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    totals = write_camt053(
        path,
        [],
        account_iban=ACCOUNT,
        currency="EUR",
        statement_id="S",
        created=CREATED,
        opening_balance=Decimal("5.00"),
    )
    assert (totals.payments, totals.closing_balance) == (0, Decimal("5.00"))
    assert texts(etree.parse(str(path)).getroot(), "//c:Bal/c:Dt/c:Dt") == ["2026-10-06", "2026-10-06"]


def test_split_unstructured_cuts_at_spaces() -> None:
    assert split_unstructured("") == []
    assert split_unstructured("a  b") == ["a b"]
    assert split_unstructured("x" * 300) == ["x" * 140, "x" * 140, "x" * 20]


def test_mt940_layout(tmp_path: Path) -> None:
    path = tmp_path / "statement.sta"
    payments = [
        payment(1, payer_name="Épicerie Fine Rousseau", remittance_text="x" * 500),
        payment(
            2,
            end_to_end_id=None,
            remittance_text=None,
            creditor_reference="RF18539007547034",
            amount=Decimal("7"),
        ),
    ]
    totals = write_mt940(
        path,
        payments,
        account=ACCOUNT,
        currency="EUR",
        statement_number=12,
        opening_balance=Decimal("1000.00"),
        encoding="cp1252",
    )
    assert totals.closing_balance == Decimal("2241.56")
    raw = path.read_bytes()
    assert b"\r\n" in raw and "É".encode("cp1252") in raw
    lines = raw.decode("cp1252").split("\r\n")
    assert lines[:4] == [":20:STMT12", f":25:{ACCOUNT}", ":28C:12/1", ":60F:C261005EUR1000,00"]
    assert lines[4] == ":61:2610051005C1234,56NTRFE2E-1//DEMO261005-001"
    first_details = lines[5:11]
    assert first_details[0].startswith(":86:/EREF/E2E-1/ORDP//NAME/Épicerie Fine Rousseau/IBAN/FR76")
    assert all(len(line) <= 65 for line in [first_details[0][4:], *first_details[1:]])
    body = first_details[0][4:] + "".join(first_details[1:])
    assert "/BIC/AGRIFRPP/REMI/USTD//xxx" in body
    assert lines[11] == ":61:2610051005C7,00NTRFNONREF//DEMO261005-002"
    assert lines[12] == ":86:/EREF/NOTPROVIDED/ORDP//NAME/Boulangeries Dupont <&> SAS/IBAN/FR7"
    closing = lines.index(":62F:C261005EUR2241,56")
    assert "".join(lines[12:closing]).endswith("/BIC/AGRIFRPP/REMI/STRD/CUR/RF18539007547034")
    assert lines[closing + 1 :] == [""]


def test_mt940_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "bad.sta"
    options: dict[str, object] = {
        "account": ACCOUNT,
        "currency": "EUR",
        "statement_number": 1,
        "opening_balance": Decimal(0),
    }
    with pytest.raises(ValueError, match="16"):
        write_mt940(path, [payment(1, id="DEMO-20261005-0001")], **options)  # type: ignore[arg-type]
    with pytest.raises(UnicodeEncodeError):
        write_mt940(path, [payment(1, payer_name="Łódź Sp. z o.o.")], encoding="cp1252", **options)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one"):
        write_mt940(path, [], **options)  # type: ignore[arg-type]


@given(st.text(alphabet=st.sampled_from("ab :-/1"), max_size=400))
def test_mt940_wrapping_reads_back_joined(body: str) -> None:
    lines = wrap_mt940_field(body)
    assert "".join(lines) == body
    assert all(0 < len(line) <= 65 for line in lines)
    for line in lines[1:]:
        assert line[0] not in ":-" or set(line) <= set(":-")  # only a run of marks can't be avoided


def test_statement_csv_layout(tmp_path: Path) -> None:
    path = tmp_path / "statement.csv"
    payments = [payment(1, reference="FA-2026-00123"), payment(2, value_date=None, payer_iban=None)]
    rows = write_statement_csv(
        path, payments, separator=";", decimal_comma=True, encoding="cp1252", date_format="%d/%m/%Y"
    )
    assert rows == 2
    with path.open(encoding="cp1252", newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    assert tuple(table[0]) == STATEMENT_CSV_COLUMNS
    assert table[1] == [
        "DEMO261005-001",
        "05/10/2026",
        "05/10/2026",
        "1234,56",
        "EUR",
        "Boulangeries Dupont <&> SAS",
        "FR7630006000011234567890189",
        "FA-2026-00123",
        "Facture FA-2026-00123",
    ]
    assert table[2][2] == "" and table[2][6] == ""
    write_statement_csv(path, payments, decimal_comma=True)
    assert '"1234,56"' in path.read_text(encoding="utf-8")


def many_payments(count: int) -> Iterator[BankPayment]:
    for number in range(count):
        yield payment(1, id=f"P{number:07d}", remittance_text=f"INV-{number} thank you")


def test_writers_stream_in_flat_memory(tmp_path: Path) -> None:
    count = 4000  # ~4 MB of camt.053: holding it would show in the peak
    tracemalloc.start()
    try:
        totals = write_camt053(
            tmp_path / "big.xml",
            many_payments(count),
            account_iban=ACCOUNT,
            currency="EUR",
            statement_id="BIG",
            created=CREATED,
            opening_balance=Decimal(0),
        )
        _, camt_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        write_mt940(
            tmp_path / "big.sta",
            many_payments(count),
            account=ACCOUNT,
            currency="EUR",
            statement_number=1,
            opening_balance=Decimal(0),
        )
        _, mt940_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert totals.payments == count and totals.total == Decimal("1234.56") * count
    assert (tmp_path / "big.xml").stat().st_size > 3_000_000
    assert camt_peak < 1_000_000 and mt940_peak < 1_000_000
    ids = re.findall(rb"<AcctSvcrRef>(P\d+)</AcctSvcrRef>", (tmp_path / "big.xml").read_bytes())
    assert len(ids) == 2 * count
