"""Bad content raises :class:`ReaderError` with one line saying what and where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.bank.camt import Camt053Reader, Camt054Reader
from ingest.reader import ReaderError
from tests.ingest.camt.corpus import HERE, NOT_CAMT, WRONG

NTRY = """<Ntry>{ntry_ref}{amount}<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>{booking}</Dt></BookgDt>{details}</Ntry>"""


def _statement(tmp_path: Path, *entries: str, version: str = "02") -> Path:
    path = tmp_path / "statement.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"><BkToCstmrStmt>\n'
        "<GrpHdr><MsgId>M</MsgId><CreDtTm>2026-10-04T06:00:00</CreDtTm></GrpHdr>\n"
        "<Stmt><Id>S</Id><Acct><Id><IBAN>FR7610107001011234567890129</IBAN></Id></Acct>\n"
        + "\n".join(entries)
        + "\n</Stmt></BkToCstmrStmt></Document>\n",
        encoding="utf-8",
    )
    return path


def _entry(
    amount: str | None = '<Amt Ccy="EUR">10.00</Amt>', booking: str = "2026-10-03", details: str = ""
) -> str:
    return NTRY.format(ntry_ref="<NtryRef>R</NtryRef>", amount=amount or "", booking=booking, details=details)


def _error(path: Path, reader: Camt053Reader | Camt054Reader | None = None) -> str:
    with pytest.raises(ReaderError) as caught:
        list((reader or Camt053Reader()).iter_payments(path))
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_truncated_xml_raises_with_a_line_number(tmp_path: Path) -> None:
    source = HERE / "camt053" / "camt_parser-rb" / "valid_example_v4.xml"
    data = source.read_bytes()
    truncated = tmp_path / "truncated.xml"
    truncated.write_bytes(data[: len(data) // 2])
    assert Camt053Reader().identify(truncated)
    message = _error(truncated)
    assert re.match(r"camt053: XML syntax error at line \d+: ", message), message


def test_truncation_is_not_a_short_statement(tmp_path: Path) -> None:
    """Payments before the cut may be yielded, but the read as a whole fails."""
    good = _entry(details="")
    path = _statement(tmp_path, good, good.replace(">R<", ">R2<"))
    path.write_bytes(path.read_bytes()[:-40])
    assert "XML syntax error" in _error(path)


def test_missing_amount_names_the_entry(tmp_path: Path) -> None:
    path = _statement(tmp_path, _entry(), _entry(amount=None))
    assert _error(path) == "camt053: Stmt 1, Ntry 2: missing Amt"


def test_missing_amount_in_a_batch_names_the_transaction(tmp_path: Path) -> None:
    details = "<NtryDtls><TxDtls><Amt Ccy='EUR'>4.00</Amt></TxDtls><TxDtls><Refs/></TxDtls></NtryDtls>"
    path = _statement(tmp_path, _entry(details=details))
    assert _error(path).startswith("camt053: Stmt 1, Ntry 1, TxDtls 2: missing Amt")


def test_batch_amount_in_another_currency(tmp_path: Path) -> None:
    usd, eur = "<TxDtls><Amt Ccy='USD'>4.00</Amt></TxDtls>", "<TxDtls><Amt Ccy='EUR'>6</Amt></TxDtls>"
    details = f"<NtryDtls>{usd}{eur}</NtryDtls>"
    path = _statement(tmp_path, _entry(details=details))
    assert _error(path) == "camt053: Stmt 1, Ntry 1, TxDtls 1: Amt in USD, the entry is in EUR"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ('<Amt Ccy="EUR">10,00</Amt>', "invalid Amt '10,00'"),
        ('<Amt Ccy="EUR">-5.00</Amt>', "invalid Amt '-5.00'"),
        ('<Amt Ccy="EUR"></Amt>', "invalid Amt ''"),
        ("<Amt>5.00</Amt>", "Amt without Ccy"),
        ('<Amt Ccy="EUR">18.155</Amt>', "18.155 has more decimals than EUR allows"),
        ('<Amt Ccy="JPY">1500.5</Amt>', "1500.5 has more decimals than JPY allows"),
        ('<Amt Ccy="EURO">5.00</Amt>', "not an ISO 4217 currency code"),
    ],
)
def test_bad_amounts(tmp_path: Path, amount: str, expected: str) -> None:
    message = _error(_statement(tmp_path, _entry(amount=amount)))
    assert message.startswith("camt053: Stmt 1, Ntry 1: ") and expected in message, message


def test_extra_zero_decimals_are_exact(tmp_path: Path) -> None:
    (payment,) = Camt053Reader().iter_payments(
        _statement(tmp_path, _entry(amount='<Amt Ccy="EUR">18.150</Amt>'))
    )
    assert str(payment.amount) == "18.15"


def test_bad_date(tmp_path: Path) -> None:
    assert _error(_statement(tmp_path, _entry(booking="03/10/2026"))) == (
        "camt053: Stmt 1, Ntry 1: invalid date '03/10/2026' in BookgDt"
    )
    assert _error(_statement(tmp_path, _entry(booking="2026-02-30"))).endswith(
        "invalid date '2026-02-30' in BookgDt"
    )


def test_missing_status_and_direction(tmp_path: Path) -> None:
    no_status = _entry().replace("<Sts>BOOK</Sts>", "")
    assert _error(_statement(tmp_path, no_status)) == "camt053: Stmt 1, Ntry 1: missing Sts"
    no_direction = _entry().replace("<CdtDbtInd>CRDT</CdtDbtInd>", "")
    assert _error(_statement(tmp_path, no_direction)).endswith("CdtDbtInd must be CRDT or DBIT, got None")


def test_statement_without_stmt_is_rejected() -> None:
    """genkgo's camt053.v2.wrong.xml: a group header and no Stmt, which the schema requires
    (genkgo rejects it too). An empty result would read as "no payments that day"; an
    error sends the file to quarantine with its reason."""
    assert Camt053Reader().identify(WRONG)
    assert _error(WRONG) == "camt053: no Stmt in the document (schema requires one)"


def test_statement_without_entries_is_empty() -> None:
    assert list(Camt053Reader().iter_payments(HERE / "camt053" / "oca" / "test-camt053-no-ntry.xml")) == []


def test_not_this_format(tmp_path: Path) -> None:
    assert _error(NOT_CAMT / "abn_sample.sta") == "camt053: abn_sample.sta is not a camt.053 document"
    notification = HERE / "camt054" / "oca" / "test-camt054.xml"
    assert _error(notification).startswith("camt053: test-camt054.xml is not a camt.053 document")
    assert _error(_statement(tmp_path, _entry()), Camt054Reader()).startswith("camt054: statement.xml is not")


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    details = "<NtryDtls><TxDtls><RmtInf><Ustrd>before &xxe; after</Ustrd></RmtInf></TxDtls></NtryDtls>"
    path = _statement(tmp_path, _entry(details=details))
    text = path.read_text(encoding="utf-8")
    doctype = f'<!DOCTYPE Document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
    path.write_text(text.replace("<Document", doctype + "<Document", 1), encoding="utf-8")
    (payment,) = Camt053Reader().iter_payments(path)
    assert "TOP-SECRET" not in payment.model_dump_json()
