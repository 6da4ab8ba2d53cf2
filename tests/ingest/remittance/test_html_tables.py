"""HTML email bodies as text lines and tables."""

from __future__ import annotations

from ingest.remittance.html_tables import HtmlTable, body_rows, read_html, render_text


def test_text_lines_and_a_data_table_inside_a_layout_table() -> None:
    blocks = read_html(
        "<html><head><title>t</title><style>p {}</style><script>var x;</script></head><body>"
        "<p>Payeur&nbsp;: <b>ACME</b>   SA</p><div>Bonjour<br>Madame</div>"
        "<table><tr><td><table>"
        "<tr><th>N° facture</th><th>Montant payé</th></tr>"
        "<tr><td>FA-1</td><td>1&nbsp;000,00</td></tr>"
        "<tr><td></td><td></td></tr>"
        "<tr><td>Total<br>général</td><td>1 000,00</td></tr>"
        "</table></td></tr></table><!-- a comment --><p>Merci</p></body></html>"
    )
    assert blocks == (
        "Payeur : ACME SA",
        "Bonjour",
        "Madame",
        HtmlTable((("N° facture", "Montant payé"), ("FA-1", "1 000,00"), ("Total général", "1 000,00"))),
        "Merci",
    )


def test_colspan_is_followed_by_empty_cells_and_pre_keeps_its_spacing() -> None:
    blocks = read_html(
        '<table><tr><td colspan="2">Total</td><td>5</td></tr><tr><td>a</td><td>b</td><td>c</td></tr></table>'
        "<pre>Invoice   Paid\nINV-1     10.00</pre>"
    )
    assert blocks == (HtmlTable((("Total", "", "5"), ("a", "b", "c"))), "Invoice   Paid", "INV-1     10.00")


def test_rendered_text_aligns_columns_and_numbers_rows_like_body_rows() -> None:
    blocks = read_html(
        "<p>Header</p><table><tr><td>Invoice</td><td>Paid</td></tr><tr><td>INV-10</td><td>5.00</td></tr></table>"
    )
    assert render_text(blocks) == "Header\nInvoice  Paid\nINV-10   5.00"
    assert list(body_rows(blocks)) == [(None, ("Header",)), (0, ("Invoice", "Paid")), (0, ("INV-10", "5.00"))]


def test_empty_or_textless_html_gives_nothing() -> None:
    assert read_html("") == ()
    assert read_html("<html><body><p>&nbsp;</p><!-- x --></body></html>") == ()
