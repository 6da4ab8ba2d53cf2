"""MT940, BAI2 and CSV statements written from templates, the way banks and exports write them.

Independent of ``copilot/demo``. Each writer returns the :class:`Expected` of every incoming
payment it wrote, saying what the format lost:

- MT940 ``swift`` (Rabobank-style ``/EREF/…/ORDP//NAME/…/CDTRREF/…/REMI/USTD//…``, payer IBAN in
  the ``:61:`` supplementary details), ``abn`` (``/TRTP/…/IBAN/…/BIC/…/NAME/…/REMI/…/EREF/…``),
  ``german`` (``166?00…?20EREF+…?21SVWZ+…?30BIC?31IBAN?32NAME?33NAME``) and ``free`` text. The
  ``:86:`` is cut at 65 characters wherever the limit falls, at most six lines (the SWIFT limit;
  longer texts are cut, German sub-fields at 27 characters and the name at 2 × 27); a
  free-text ``:86:`` carries no payer and no end-to-end id, its text is the whole field.
- BAI2: no IBAN, no end-to-end id, no creditor reference; the payer is the labelled name in
  the text; the text is the whole text of the ``16``/``88`` records; the value date is the
  as-of date for immediate availability (funds type ``0``), the availability date for
  value-dated funds (``V``) and unknown for ``Z``.
- CSV (DESIGN.md columns): everything but end-to-end id and creditor reference.
"""

from __future__ import annotations

import csv
import io
import random
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from tests.e2e.truth import DECIMALS, OWN_IBAN, Expected, Tx, amount_text, expected_of

MT_LINE = 65
MT_LINES = 6
GVC_FRAGMENT = 27


def _cut(text: str, width: int) -> list[str]:
    return [text[index : index + width] for index in range(0, len(text), width)] or [""]


def _fit(head: str, text: str, tail: str, room: int) -> str:
    """``text`` cut so that ``head + text + tail`` fits in ``room`` characters (no edge spaces)."""
    return text[: max(0, room - len(head) - len(tail))].strip().rstrip("/").strip()  # "/" delimits


def _mt_amount(amount: Decimal) -> str:
    return amount_text(amount, "EUR").replace(".", ",")


def _details_swift(tx: Tx, dialect: str) -> tuple[str, Expected]:
    room = MT_LINE * MT_LINES
    e2e = f"/EREF/{tx.end_to_end_id or 'NOTPROVIDED'}"
    if dialect == "abn":
        head = f"/TRTP/SEPA OVERBOEKING/IBAN/{tx.payer_iban}/BIC/{tx.payer_bic}/NAME/{tx.payer_name}"
        cref = f"/CDTRREF/{tx.creditor_reference}" if tx.creditor_reference else ""
        text = _fit(head + "/REMI/", tx.text or "", e2e + cref + "/", room)
        details = f"{head}/REMI/{text}{e2e}{cref}/"
    else:
        cref = (
            f"/CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/{tx.creditor_reference}" if tx.creditor_reference else ""
        )
        head = f"{e2e}/ORDP//NAME/{tx.payer_name}/ADDR/12 RUE DE LA PAIX 75002 PARIS FR{cref}/REMI/USTD//"
        text = _fit(head, tx.text or "", "/", room)
        details = f"{head}{text}/"
    return details, expected_of(tx, remittance_text=text or None)


def _details_german(tx: Tx) -> tuple[str, Expected]:
    purpose = ""
    if tx.end_to_end_id:
        purpose += f"EREF+{tx.end_to_end_id} "
    reference = f"{tx.creditor_reference} " if tx.creditor_reference else ""
    room = 10 * GVC_FRAGMENT
    text = _fit(purpose + "SVWZ+" + reference, tx.text or "", "", room)
    purpose += f"SVWZ+{reference}{text}"
    fragments = _cut(purpose, GVC_FRAGMENT)
    name = tx.payer_name[: 2 * GVC_FRAGMENT].strip()
    names = _cut(name, GVC_FRAGMENT)
    subfields = "".join(f"?{20 + index}{fragment}" for index, fragment in enumerate(fragments))
    subfields += f"?30{tx.payer_bic}?31{tx.payer_iban}"
    subfields += "".join(f"?{32 + index}{part}" for index, part in enumerate(names))
    details = f"166?00SEPA-GUTSCHRIFT?100599{subfields}?34997"
    svwz = f"{reference}{text}".strip()
    return details, expected_of(tx, payer_name=name, remittance_text=svwz or None)


def _details_free(tx: Tx) -> tuple[str, Expected]:
    parts = ["VIREMENT SEPA RECU", f"DE: {tx.payer_name}"]
    if tx.creditor_reference:
        parts.append(f"REF.CREANCIER: {tx.creditor_reference}")
    head = " ".join(parts) + " MOTIF: "
    text = _fit(head, tx.text or "", "", MT_LINE * MT_LINES)
    details = head + text
    reference = tx.creditor_reference or (tx.end_to_end_id or "")[:16] or None
    return details, expected_of(
        tx,
        payer_name=None,
        payer_iban=None,
        end_to_end_id=None,
        reference=reference,
        remittance_text=details,
    )


def _statement_line(tx: Tx, dialect: str, entry_date: bool) -> str:
    mark = ("RC" if tx.credit else "RD") if tx.reversal else ("C" if tx.credit else "D")
    customer = (tx.end_to_end_id or "NONREF")[:16]
    booked = f"{tx.booking_date:%m%d}" if entry_date else ""
    line = (
        f":61:{tx.value_date:%y%m%d}{booked}{mark}{_mt_amount(tx.amount)}"
        f"N{'TRF' if tx.credit else 'MSC'}{customer}//{tx.bank_ref}"
    )
    if dialect == "swift":
        line += f"\n{tx.payer_iban}"  # Rabobank: the counterparty account as supplementary details
    return line


def _details_lines(details: str, dialect: str, subfield_lines: bool) -> list[str]:
    """The ``:86:`` cut at 65 characters; German sub-fields each on a line of their own if asked."""
    if dialect != "german" or not subfield_lines:
        return _cut(details, MT_LINE)
    pieces = [piece if index == 0 else "?" + piece for index, piece in enumerate(details.split("?"))]
    return [line for piece in pieces for line in _cut(piece, MT_LINE)]


def _statement(
    txs: list[Tx],
    dialect: str,
    day: date,
    account: str,
    number: int,
    *,
    entry_date: bool,
    subfield_lines: bool,
) -> tuple[list[str], list[Expected]]:
    lines = [f":20:STMT{day:%y%m%d}-{number}", f":25:{account}", f":28C:{41 + number:05d}/001"]
    lines.append(f":60F:C{day:%y%m%d}EUR10000,00")
    expected: list[Expected] = []
    balance = Decimal("10000.00")
    for tx in txs:
        if dialect == "german":
            details, found = _details_german(tx)
        elif dialect == "free":
            details, found = _details_free(tx)
        else:
            details, found = _details_swift(tx, dialect)
        if not entry_date:
            found = replace(found, booking_date=tx.value_date)
        lines.append(_statement_line(tx, dialect, entry_date))
        cut = _details_lines(details, dialect, subfield_lines)
        lines.append(":86:" + cut[0])
        lines.extend(cut[1:])
        balance += tx.amount if tx.credit != tx.reversal else -tx.amount
        if tx.is_payment:
            expected.append(found)
    mark = "C" if balance >= 0 else "D"
    lines += [
        f":62F:{mark}{day:%y%m%d}EUR{_mt_amount(abs(balance))}",
        f":64:{mark}{day:%y%m%d}EUR{_mt_amount(abs(balance))}",
        "-",
    ]
    return lines, expected


def write_mt940(
    path: Path,
    txs: list[Tx],
    dialect: str,
    *,
    day: date,
    account: str = OWN_IBAN,
    encoding: str = "utf-8",
    envelope: bool = False,
    more: Sequence[tuple[date, str, list[Tx]]] = (),
    entry_date: bool = True,
    newline: str = "\r\n",
    subfield_lines: bool = False,
) -> list[Expected]:
    """An MT940 file in ``dialect`` (``swift``, ``abn``, ``german``, ``free``): the statement of
    ``txs``, then one per ``more`` (day, account, transactions)."""
    lines: list[str] = []
    expected: list[Expected] = []
    for number, (when, where, items) in enumerate([(day, account, txs), *more], start=1):
        text, found = _statement(
            items, dialect, when, where, number, entry_date=entry_date, subfield_lines=subfield_lines
        )
        lines += text
        expected += found
    text = "\n".join(lines).replace("\n", newline) + newline
    if envelope:
        head = "{1:F01BNPAFRPPAXXX0000000000}{2:O9401200261005BNPAFRPPAXXX00000000002610051200N}{4:"
        text = head + newline + text + "}"
    path.write_bytes(text.encode(encoding))
    return expected


# --- BAI2 ------------------------------------------------------------------------------------

BAI2_CREDIT_CODES = ("195", "301", "175")
BAI2_DEBIT_CODES = ("495", "475")
_LABELS = ("ORIG CO NAME:", "B/O: ", "ORIGINATOR NAME=", "DBNM:")


def _bai2_text(tx: Tx, rng: random.Random) -> list[str]:
    """The text of a ``16`` record and its ``88`` continuations (cut between words)."""
    label = rng.choice(_LABELS)
    pieces = [f"{label}{tx.payer_name}"]
    if tx.text:
        pieces += textwrap.wrap(f"DESCR: {tx.text}", 76, break_on_hyphens=False)
    return pieces


_ASCII = str.maketrans({"ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"})


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text.translate(_ASCII)).encode("ascii", "ignore").decode()


def ascii_tx(tx: Tx) -> Tx:
    """``tx`` as a US bank's ASCII-only file carries it (accents dropped)."""
    return replace(
        tx, payer_name=_ascii(tx.payer_name), remittance=tuple(_ascii(line) for line in tx.remittance)
    )


def _bai2_account(
    account: str, currency: str, txs: list[Tx], rng: random.Random, text_in_88: bool
) -> tuple[list[str], int, list[Expected]]:
    """An account's records (``03`` to ``49``), its control total and expected payments."""
    opening = 1_000_000
    records = [f"03,{account},{currency},010,{opening},,,015,,,/"]
    total = opening
    expected = []
    for original in txs:
        tx = ascii_tx(original)
        cents = int(tx.amount.scaleb(DECIMALS.get(currency, 2)))
        total += cents
        code = rng.choice(BAI2_CREDIT_CODES if tx.credit and not tx.reversal else BAI2_DEBIT_CODES)
        funds = rng.choice(("0", "Z", "V"))
        availability = f",{tx.value_date:%y%m%d}," if funds == "V" else ""
        customer = (tx.end_to_end_id or "").replace(",", " ")[:20]
        pieces = _bai2_text(tx, rng)
        head = f"16,{code},{cents},{funds}{availability},{tx.bank_ref},{customer},"
        if text_in_88:
            records += [head + "/", *(f"88,{piece}" for piece in pieces)]
        else:
            records += [head + pieces[0], *(f"88,{piece}" for piece in pieces[1:])]
        if tx.is_payment:
            value_date = {"0": tx.booking_date, "Z": None, "V": tx.value_date}[funds]
            expected.append(
                expected_of(
                    tx,
                    value_date=value_date,
                    payer_iban=None,
                    end_to_end_id=None,
                    creditor_reference=None,
                    reference=customer.strip() or None,
                    remittance_text=" ".join(pieces),
                )
            )
    records.append(f"49,{total},{len(records) + 1}/")
    return records, total, expected


def write_bai2(
    path: Path,
    accounts: Sequence[tuple[str, str, list[Tx]]],
    *,
    day: date,
    seed: int = 0,
    text_in_88: bool = False,
    padded: bool = False,
) -> list[Expected]:
    """A BAI2 file of one group with one account per (account number, currency, transactions).

    ``text_in_88``: the ``16`` record ends after the customer reference and all of its text is
    in ``88`` continuations; ``padded``: records padded to 80 characters, CR LF line ends."""
    rng = random.Random(seed)
    group: list[str] = [f"02,ARCOPILOT,026009593,1,{day:%y%m%d},0600,USD,2/"]
    group_total = 0
    expected: list[Expected] = []
    for account, currency, txs in accounts:
        records, total, found = _bai2_account(account, currency, txs, rng, text_in_88)
        group += records
        group_total += total
        expected += found
    group.append(f"98,{group_total},{len(accounts)},{len(group) + 1}/")
    records = [f"01,ARCOPILOT,BANKOFAMERICA,{day:%y%m%d},0600,1,80,,2/", *group]
    records.append(f"99,{group_total},1,{len(records) + 1}/")
    if padded:  # fixed 80-character records, CR LF, as mainframes send them
        path.write_bytes(b"".join(record.ljust(80).encode("ascii") + b"\r\n" for record in records))
    else:
        path.write_text("\n".join(records) + "\n", encoding="ascii")
    return expected


# --- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "booking_date",
    "value_date",
    "amount",
    "currency",
    "payer_name",
    "payer_iban",
    "reference",
    "remittance_text",
)


def _spaced_iban(iban: str) -> str:
    return " ".join(iban[index : index + 4] for index in range(0, len(iban), 4))


def render_csv(
    txs: list[Tx],
    *,
    separator: str = ",",
    decimal: str = ".",
    group: str = "",
    date_format: str = "%Y-%m-%d",
    columns: tuple[str, ...] = CSV_COLUMNS,
    newline_in_text: bool = False,
    spaced_iban: bool = False,
    quote_all: bool = False,
    blanks: bool = False,
) -> tuple[str, list[Expected]]:
    """A CSV statement; ``blanks`` leaves value date, IBAN and reference empty on every third
    row; columns not in the contract (``balance``) are filled with a running balance."""
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n", quoting=quoting)
    writer.writerow(columns)
    expected = []
    balance = Decimal(0)
    for number, original in enumerate(txs):
        tx = original
        if blanks and number % 3 == 2:
            tx = replace(tx, value_date=None, payer_iban=None, end_to_end_id=None, creditor_reference=None)  # type: ignore[arg-type]
        balance += tx.amount if tx.credit != tx.reversal else -tx.amount
        sign = "" if tx.credit != tx.reversal else "-"
        text = tx.text or ""
        if newline_in_text and " " in text[20:]:
            text = text[:20] + text[20:].replace(" ", "\r\n", 1)
        values = {
            "id": tx.bank_ref,
            "booking_date": tx.booking_date.strftime(date_format),
            "value_date": tx.value_date.strftime(date_format) if tx.value_date else "",
            "balance": amount_text(abs(balance), "EUR", decimal, group),
            "amount": sign + amount_text(tx.amount, tx.currency, decimal, group),
            "currency": tx.currency,
            "payer_name": tx.payer_name,
            "payer_iban": (_spaced_iban(tx.payer_iban) if spaced_iban else tx.payer_iban) or "",
            "reference": tx.reference or "",
            "remittance_text": text,
        }
        writer.writerow([values[column] for column in columns])
        if tx.credit != tx.reversal:  # a CSV cannot mark a reversal: a positive line is a payment
            expected.append(expected_of(tx, end_to_end_id=None, remittance_text=text or None))
    return buffer.getvalue(), expected


def write_csv(path: Path, txs: list[Tx], *, encoding: str = "utf-8", **options: object) -> list[Expected]:
    text, expected = render_csv(txs, **options)  # type: ignore[arg-type]
    path.write_bytes(text.encode(encoding, errors="replace"))
    return expected


def shuffled(columns: tuple[str, ...], seed: int) -> tuple[str, ...]:
    order = list(columns)
    random.Random(seed).shuffle(order)
    return tuple(order)
