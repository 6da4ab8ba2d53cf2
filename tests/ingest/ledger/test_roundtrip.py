"""Property: valid invoices written as any supported CSV dialect read back unchanged."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.ledger import read_invoices
from ingest.records import InvoiceRecord
from tools.money import minor_unit_exponent

FIELDS = (
    "invoice_number",
    "customer_id",
    "issue_date",
    "due_date",
    "currency",
    "amount",
    "open_amount",
    "po_number",
)
HEADERS = {  # per field: names a real export might use
    "invoice_number": ["invoice_number", "N° facture", "Invoice No", "Numéro de facture"],
    "customer_id": ["customer_id", "Code client", "Client ID", "Compte client"],
    "issue_date": ["issue_date", "Date facture", "Invoice date", "Date d'émission"],
    "due_date": ["due_date", "Échéance", "Due date", "Date d'échéance"],
    "currency": ["currency", "Devise", "Monnaie"],
    "amount": ["amount", "Montant TTC", "Invoice amount", "Total TTC"],
    "open_amount": ["open_amount", "Reste dû", "Balance due", "Solde"],
    "po_number": ["po_number", "N° commande", "PO number", "Bon de commande"],
}
# (thousands mark, decimal mark)
STYLES = [("", "."), ("", ","), (" ", ","), ("\u00a0", ","), (".", ","), (",", "."), ("'", ".")]
DATE_STYLES = ["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]
TEXT = (
    st.text(
        alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789-/_.:#éèàçÉÔ ;,|\"'"),
        min_size=1,
        max_size=16,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def invoices(draw: st.DrawFn) -> InvoiceRecord:
    currency = draw(st.sampled_from(["EUR", "GBP", "USD", "CHF", "JPY", "KWD"]))
    step = Decimal(1).scaleb(-minor_unit_exponent(currency))
    minor = draw(st.integers(1, 10**10))
    sign = draw(st.sampled_from([1, 1, 1, -1]))
    open_minor = draw(st.integers(0, minor))
    issue = draw(st.dates(date(2015, 1, 1), date(2035, 12, 31)))
    return InvoiceRecord(
        invoice_number=draw(TEXT),
        customer_id=draw(TEXT),
        issue_date=issue,
        due_date=issue + timedelta(days=draw(st.integers(0, 120))),
        currency=currency,
        amount=sign * minor * step,
        open_amount=sign * open_minor * step,
        po_number=draw(st.none() | TEXT),
        locator="-",
    )


def write_amount(value: Decimal, currency: str, style: tuple[str, str], negative_style: str) -> str:
    exponent = minor_unit_exponent(currency)
    integer, _, fraction = f"{abs(value):.{exponent}f}".partition(".")
    groups = [integer[max(0, i - 3) : i] for i in range(len(integer), 0, -3)][::-1]
    body = style[0].join(groups) + (style[1] + fraction if fraction else "")
    if value >= 0:
        return body
    return {"-": f"-{body}", "trailing": f"{body}-", "parens": f"({body})"}[negative_style]


@settings(max_examples=150, deadline=None)
@given(
    records=st.lists(invoices(), min_size=1, max_size=8, unique_by=lambda r: r.invoice_number),
    separator=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    style=st.sampled_from(STYLES),
    negative_style=st.sampled_from(["-", "trailing", "parens"]),
    date_style=st.sampled_from(DATE_STYLES),
    line_end=st.sampled_from(["\n", "\r\n"]),
    title=st.booleans(),
    data=st.data(),
)
def test_csv_round_trip(
    records: list[InvoiceRecord],
    separator: str,
    encoding: str,
    style: tuple[str, str],
    negative_style: str,
    date_style: str,
    line_end: str,
    title: bool,
    data: st.DataObject,
) -> None:
    header = [data.draw(st.sampled_from(HEADERS[field])) for field in FIELDS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator=line_end)
    if title:
        writer.writerow(["Balance âgée au 31/10/2026"])
    writer.writerow(header)
    for r in records:
        writer.writerow(
            [
                r.invoice_number,
                r.customer_id,
                r.issue_date.strftime(date_style),
                r.due_date.strftime(date_style),
                r.currency,
                write_amount(r.amount, r.currency, style, negative_style),
                write_amount(r.open_amount, r.currency, style, negative_style),
                r.po_number or "",
            ]
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export"
        path.write_bytes(buffer.getvalue().encode(encoding))
        result = read_invoices(path)
    assert result.errors == ()
    first_row = 3 if title else 2
    expected = [r.model_copy(update={"locator": f"row {first_row + i}"}) for i, r in enumerate(records)]
    assert list(result.records) == expected
