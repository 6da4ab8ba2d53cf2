"""ISO 20022 camt.052 / camt.053 / camt.054 written from templates, the way banks write them.

Independent of ``copilot/demo``: plain string templates, one per element group, varying what
real banks vary — message version (.001.02, .001.04, .001.08), ``Dbtr/Nm`` vs ``Dbtr/Pty/Nm``,
``BIC`` vs ``BICFI``, ``Sts`` vs ``Sts/Cd``, ``BookgDt/Dt`` vs ``BookgDt/DtTm``, entries with and
without ``NtryDtls``, ``AcctSvcrRef`` at entry and/or transaction level, batch entries, several
``Ustrd`` lines, ``Strd/CdtrRefInf`` with an RF reference, debits and reversals.

:func:`write_camt` returns the :class:`Expected` of every incoming payment it wrote, saying
what the format carried (an entry without ``NtryDtls`` carries no payer, no references, only
the entry's ``AddtlNtryInf`` as text).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from tests.e2e.truth import OWN_BIC, OWN_IBAN, OWN_NAME, Expected, Tx, amount_text, expected_of

ROOTS = {
    "053": ("BkToCstmrStmt", "Stmt"),
    "052": ("BkToCstmrAcctRpt", "Rpt"),
    "054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
}
BANK_TEXT = "VIREMENT SEPA RECU"
BATCH_TEXT = "REMISE DE VIREMENTS SEPA RECUS"


@dataclass
class Entry:
    """One ``Ntry``: one transaction, or a batch of several; how the bank lays it out."""

    txs: list[Tx]
    details: bool = True  # NtryDtls present
    ref_level: str = "both"  # "entry", "tx" or "both": where AcctSvcrRef sits (single transactions)
    status: str = "BOOK"
    with_booking_date: bool = True
    date_time: bool = False  # BookgDt/DtTm instead of BookgDt/Dt
    split_ustrd: bool = False  # remittance text as several Ustrd lines
    ustrd_with_rf: bool = True  # Ustrd also written when a Strd creditor reference is
    ultimate_debtor: str | None = None
    batch_ref: str = ""
    tx_refs: bool = True  # a batch's transactions carry their own AcctSvcrRef

    def __post_init__(self) -> None:
        # One entry has one booking and one value date: a batch's transactions share them.
        first = self.txs[0]
        self.txs = [
            replace(tx, booking_date=first.booking_date, value_date=first.value_date) for tx in self.txs
        ]

    @property
    def is_batch(self) -> bool:
        return len(self.txs) > 1


@dataclass
class CamtFile:
    """A whole message: kind (053/052/054), version number, entries, encoding."""

    kind: str
    version: str
    entries: list[Entry]
    day: date
    account: str = OWN_IBAN
    currency: str = "EUR"
    encoding: str = "UTF-8"
    message_id: str = "MSG-1"
    opening: Decimal = Decimal("10000.00")
    more: list[tuple[str, list[Entry]]] = field(default_factory=list)  # further (account, entries)
    prefix: str = ""  # a namespace prefix (``ns2:Document``) instead of the default namespace
    pretty: bool = False  # indented, one element per line
    bom: bool = False
    expected: list[Expected] = field(default_factory=list)


def _esc(text: str) -> str:
    return escape(text)


def _date(tag: str, day: date, date_time: bool, hour: int = 9) -> str:
    if date_time:
        stamp = datetime(day.year, day.month, day.day, hour, 30).isoformat()
        return f"<{tag}><DtTm>{stamp}+02:00</DtTm></{tag}>"
    return f"<{tag}><Dt>{day.isoformat()}</Dt></{tag}>"


def _party(role: str, name: str, version: int) -> str:
    name_xml = f"<Nm>{_esc(name)}</Nm>"
    return f"<{role}><Pty>{name_xml}</Pty></{role}>" if version >= 8 else f"<{role}>{name_xml}</{role}>"


def _agent(bic: str, version: int) -> str:
    tag = "BICFI" if version >= 4 else "BIC"
    return f"<DbtrAgt><FinInstnId><{tag}>{bic}</{tag}></FinInstnId></DbtrAgt>"


def _amount(tx: Tx) -> str:
    return f'<Amt Ccy="{tx.currency}">{amount_text(tx.amount, tx.currency)}</Amt>'


def _ustrd(text: str, split: bool) -> list[str]:
    width = 35 if split else 140
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=True)


def _tx_details(tx: Tx, entry: Entry, version: int, own_ref: bool) -> str:
    refs = f"<AcctSvcrRef>{_esc(tx.bank_ref)}</AcctSvcrRef>" if own_ref else ""
    refs += f"<EndToEndId>{_esc(tx.end_to_end_id or 'NOTPROVIDED')}</EndToEndId>"
    amount = _amount(tx)
    amounts = f"{amount}<CdtDbtInd>CRDT</CdtDbtInd>" if version >= 4 else ""
    amounts += f"<AmtDtls><TxAmt>{amount}</TxAmt></AmtDtls>"
    parties = _party("Dbtr", tx.payer_name, version)
    parties += f"<DbtrAcct><Id><IBAN>{tx.payer_iban}</IBAN></Id></DbtrAcct>"
    if entry.ultimate_debtor:
        parties += _party("UltmtDbtr", entry.ultimate_debtor, version)
    parties += _party("Cdtr", OWN_NAME, version) + f"<CdtrAcct><Id><IBAN>{OWN_IBAN}</IBAN></Id></CdtrAcct>"
    remittance = ""
    if tx.text and (entry.ustrd_with_rf or not tx.creditor_reference):
        remittance += "".join(f"<Ustrd>{_esc(line)}</Ustrd>" for line in _ustrd(tx.text, entry.split_ustrd))
    if tx.creditor_reference:
        kind = "<Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp>"
        remittance += f"<Strd><CdtrRefInf>{kind}<Ref>{tx.creditor_reference}</Ref></CdtrRefInf></Strd>"
    return (
        f"<TxDtls><Refs>{refs}</Refs>{amounts}"
        f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
        f"<RltdPties>{parties}</RltdPties><RltdAgts>{_agent(tx.payer_bic, version)}</RltdAgts>"
        f"<RmtInf>{remittance}</RmtInf></TxDtls>"
    )


def _entry_ref(entry: Entry) -> bool:
    """Whether the entry carries an ``AcctSvcrRef`` (always when the details cannot)."""
    return entry.ref_level != "tx" or entry.is_batch or not entry.details


def _entry(entry: Entry, version: int, currency: str) -> str:
    first = entry.txs[0]
    total = sum((tx.amount for tx in entry.txs), Decimal(0))
    credit = first.credit != first.reversal
    status = f"<Sts><Cd>{entry.status}</Cd></Sts>" if version >= 8 else f"<Sts>{entry.status}</Sts>"
    entry_ref = entry.batch_ref or first.bank_ref
    parts = [
        f'<Ntry><Amt Ccy="{currency}">{amount_text(total, currency)}</Amt>',
        f"<CdtDbtInd>{'CRDT' if credit else 'DBIT'}</CdtDbtInd>",
        "<RvslInd>true</RvslInd>" if first.reversal else "",
        status,
        _date("BookgDt", first.booking_date, entry.date_time) if entry.with_booking_date else "",
        _date("ValDt", first.value_date, False),
        f"<AcctSvcrRef>{_esc(entry_ref)}</AcctSvcrRef>" if _entry_ref(entry) else "",
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>",
    ]
    if entry.details:
        batch = f"<Btch><NbOfTxs>{len(entry.txs)}</NbOfTxs></Btch>" if entry.is_batch else ""
        own_ref = entry.tx_refs if entry.is_batch else entry.ref_level != "entry"
        details = "".join(_tx_details(tx, entry, version, own_ref) for tx in entry.txs)
        parts.append(f"<NtryDtls>{batch}{details}</NtryDtls>")
        parts.append(f"<AddtlNtryInf>{BANK_TEXT}</AddtlNtryInf>")
    else:
        text = BATCH_TEXT if entry.is_batch else (first.text or BANK_TEXT)
        parts.append(f"<AddtlNtryInf>{_esc(text)}</AddtlNtryInf>")
    parts.append("</Ntry>")
    return "".join(parts)


def _expected(entry: Entry) -> list[Expected]:
    """What the reader should give for the entry's incoming payments."""
    if not entry.txs[0].is_payment or entry.status not in ("BOOK", "PDNG"):
        return []
    if entry.is_batch and not entry.details:  # a batch total: one payment, nobody's in particular
        total = sum((tx.amount for tx in entry.txs), Decimal(0))
        blank = dict.fromkeys(
            ("payer_name", "payer_iban", "reference", "end_to_end_id", "creditor_reference")
        )
        first = entry.txs[0]
        booking = first.booking_date if entry.with_booking_date else first.value_date
        return [
            expected_of(
                first,
                id=entry.batch_ref,
                amount=total,
                booking_date=booking,
                remittance_text=BATCH_TEXT,
                **blank,
            )
        ]
    found = []
    for number, tx in enumerate(entry.txs, start=1):
        if entry.is_batch and not entry.tx_refs:  # our convention: the entry's reference, "/n"
            tx = replace(tx, bank_ref=f"{entry.batch_ref}/{number}")
        booking = tx.booking_date if entry.with_booking_date else tx.value_date
        if not entry.details:
            found.append(
                expected_of(
                    tx,
                    booking_date=booking,
                    payer_name=None,
                    payer_iban=None,
                    reference=None,
                    end_to_end_id=None,
                    creditor_reference=None,
                    remittance_text=tx.text or BANK_TEXT,
                )
            )
            continue
        text = tx.text if (entry.ustrd_with_rf or not tx.creditor_reference) else None
        found.append(
            expected_of(
                tx,
                booking_date=booking,
                # A single entry's AddtlNtryInf is its text when there is no Ustrd (our choice).
                remittance_text=text or (None if entry.is_batch else BANK_TEXT),
                payer_name=tx.payer_name,
            )
        )
    return found


def _balances(kind: str, version: int, day: date, currency: str, opening: Decimal, moves: Decimal) -> str:
    if kind == "054":
        return ""
    closing = opening + moves
    out = []
    for code, amount in (
        ("OPBD" if kind == "053" else "ITBD", opening),
        ("CLBD" if kind == "053" else "ITBD", closing),
    ):
        sign = "CRDT" if amount >= 0 else "DBIT"
        kind_xml = f"<Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        out.append(
            f'<Bal>{kind_xml}<Amt Ccy="{currency}">{amount_text(abs(amount), currency)}</Amt>'
            f"<CdtDbtInd>{sign}</CdtDbtInd><Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>"
        )
    return "".join(out)


def _container(spec: CamtFile, number: int, account_iban: str, entries: list[Entry]) -> str:
    version = int(spec.version)
    container = ROOTS[spec.kind][1]
    moves = Decimal(0)
    for entry in entries:
        total = sum((tx.amount for tx in entry.txs), Decimal(0))
        moves += total if entry.txs[0].credit != entry.txs[0].reversal else -total
    created = datetime(spec.day.year, spec.day.month, spec.day.day, 18, 5).isoformat()
    bic = "BICFI" if version >= 4 else "BIC"
    account = (
        f"<Acct><Id><IBAN>{account_iban}</IBAN></Id><Ccy>{spec.currency}</Ccy>"
        f"<Ownr><Nm>{_esc(OWN_NAME)}</Nm></Ownr><Svcr><FinInstnId><{bic}>{OWN_BIC}</{bic}></FinInstnId></Svcr></Acct>"
    )
    body = "\n".join(_entry(entry, version, spec.currency) for entry in entries)
    sequence = f"<ElctrncSeqNb>{41 + number}</ElctrncSeqNb>" if spec.kind != "054" else ""
    day = spec.day.isoformat()
    return (
        f"<{container}><Id>{spec.message_id}-{number}</Id>{sequence}<CreDtTm>{created}</CreDtTm>"
        f"<FrToDt><FrDtTm>{day}T00:00:00</FrDtTm><ToDtTm>{day}T23:59:59</ToDtTm></FrToDt>\n"
        f"{account}\n{_balances(spec.kind, version, spec.day, spec.currency, spec.opening, moves)}\n"
        f"{body}\n</{container}>"
    )


def render_camt(spec: CamtFile) -> str:
    """The XML text of a camt message (one or more statements / reports / notifications)."""
    root = ROOTS[spec.kind][0]
    namespace = f"urn:iso:std:iso:20022:tech:xsd:camt.{spec.kind}.001.{spec.version}"
    created = datetime(spec.day.year, spec.day.month, spec.day.day, 18, 5).isoformat()
    containers = [(spec.account, spec.entries), *spec.more]
    body = "\n".join(_container(spec, n, acct, entries) for n, (acct, entries) in enumerate(containers, 1))
    xml = (
        f'<Document xmlns="{namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"<{root}><GrpHdr><MsgId>{spec.message_id}</MsgId><CreDtTm>{created}</CreDtTm></GrpHdr>\n"
        f"{body}</{root}></Document>\n"
    )
    if spec.pretty:
        xml = re.sub(r">\s*<", ">\n  <", xml)
    if spec.prefix:
        xml = re.sub(r"<(/?)([A-Za-z])", rf"<\1{spec.prefix}:\2", xml)
        xml = xml.replace(' xmlns="', f' xmlns:{spec.prefix}="', 1)
    return f'<?xml version="1.0" encoding="{spec.encoding}"?>\n' + xml


def write_camt(path: Path, spec: CamtFile) -> list[Expected]:
    """Write ``spec`` to ``path``; the expected payments, in file order."""
    data = render_camt(spec).encode(spec.encoding, errors="xmlcharrefreplace")  # US-ASCII: &#233;
    path.write_bytes((b"\xef\xbb\xbf" if spec.bom else b"") + data)
    entries = spec.entries + [entry for _, more in spec.more for entry in more]
    spec.expected = [found for entry in entries for found in _expected(entry)]
    return spec.expected


def entries_for(txs: list[Tx], *, batch_every: int = 0, **layout: object) -> list[Entry]:
    """One entry per transaction; with ``batch_every``, consecutive same-currency credits grouped."""
    entries: list[Entry] = []
    pending: list[Tx] = []
    for tx in txs:
        if batch_every and tx.is_payment:
            pending.append(tx)
            if len(pending) == batch_every:
                entries.append(Entry(pending, batch_ref=f"B{pending[0].bank_ref}", **layout))  # type: ignore[arg-type]
                pending = []
            continue
        entries.append(Entry([tx], **layout))  # type: ignore[arg-type]
    entries.extend(Entry([tx], **layout) for tx in pending)  # type: ignore[arg-type]
    return entries
