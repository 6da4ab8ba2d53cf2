"""Streaming: a ~100 MB camt.053 is read with flat memory.

The file is generated in ``tmp_path`` and read in a fresh interpreter, which reports the
tracemalloc peak (Python objects) and its peak RSS (which also sees libxml2's tree, that
tracemalloc cannot: without clearing the entries, RSS passes 800 MB on this file).
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt><GrpHdr><MsgId>BIG</MsgId><CreDtTm>2026-10-04T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>BIG-1</Id><Acct><Id><IBAN>FR7610107001011234567890129</IBAN></Id></Acct>
"""
ENTRY = """      <Ntry>
        <NtryRef>N{n:09d}</NtryRef>
        <Amt Ccy="EUR">{euros}.{cents:02d}</Amt>
        <CdtDbtInd>{direction}</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-10-03</Dt></BookgDt>
        <ValDt><Dt>2026-10-03</Dt></ValDt>
        <AcctSvcrRef>REF{n:012d}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>E2E-{n:09d}</EndToEndId></Refs>
            <RltdPties>
              <Dbtr><Pty><Nm>Customer number {n} with a reasonably long company name SARL</Nm></Pty></Dbtr>
              <DbtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></DbtrAcct>
            </RltdPties>
            <RltdAgts><DbtrAgt><FinInstnId><BICFI>AGRIFRPPXXX</BICFI></FinInstnId></DbtrAgt></RltdAgts>
            <RmtInf>
              <Ustrd>Payment of invoices INV-{n:07d} and INV-{m:07d}, thank you for your business</Ustrd>
              <Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd>
            </RmtInf>
          </TxDtls>
        </NtryDtls>
        <AddtlNtryInf>SEPA CREDIT TRANSFER FROM CUSTOMER {n}</AddtlNtryInf>
      </Ntry>
"""
FOOTER = "</Stmt></BkToCstmrStmt></Document>\n"

MEASURE = """
import json, sys, tracemalloc
from decimal import Decimal
from pathlib import Path
from ingest.bank.camt import Camt053Reader
tracemalloc.start()
count, total = 0, Decimal(0)
for payment in Camt053Reader().iter_payments(Path(sys.argv[1])):
    count, total = count + 1, total + payment.amount
peak = tracemalloc.get_traced_memory()[1]
# VmHWM is this process's own peak; ru_maxrss would also carry the parent's peak across exec
status = Path("/proc/self/status").read_text()
rss = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) * 1024
print(json.dumps({"count": count, "total": str(total), "peak": peak, "rss": rss}))
"""

LIMIT = 150 * 1024 * 1024
REPO = Path(__file__).resolve().parents[3]


def _write_statement(path: Path, size: int) -> tuple[int, int]:
    """Write entries until the file passes ``size`` bytes; every tenth is a debit. (count, cents)."""
    credits = credit_cents = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        n = 0
        while out.tell() < size:
            n += 1
            euros, cents, debit = n % 5000 + 1, n % 100, n % 10 == 0
            direction = "DBIT" if debit else "CRDT"
            out.write(ENTRY.format(n=n, m=n + 1, euros=euros, cents=cents, direction=direction))
            if not debit:
                credits, credit_cents = credits + 1, credit_cents + euros * 100 + cents
        out.write(FOOTER)
    return credits, credit_cents


def test_100_mb_statement_streams_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.camt053.xml"
    credits, credit_cents = _write_statement(path, 100 * 1024 * 1024)
    assert path.stat().st_size > 100 * 1024 * 1024
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], cwd=REPO, capture_output=True, text=True, check=True
    )
    measured = json.loads(result.stdout)
    assert measured["count"] == credits
    assert Decimal(measured["total"]) == Decimal(credit_cents).scaleb(-2)
    assert measured["peak"] < LIMIT, f"tracemalloc peak {measured['peak'] / 2**20:.0f} MB"
    assert measured["rss"] < LIMIT, f"peak RSS {measured['rss'] / 2**20:.0f} MB"
