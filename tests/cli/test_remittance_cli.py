"""Remittance advices through the command line: ``extract`` an e-mail with its PDF, ``ingest`` it."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from tests.cli.conftest import Invoke, json_of
from tests.remittance_pdfs import write_advice_pdf


def forwarded(tmp_path: Path) -> Path:
    advice = write_advice_pdf(
        tmp_path / "avis.pdf",
        payer="Martin SARL",
        payment_date="03/10/2026",
        amount="1 150,00",
        rows=[
            ("FA-2026-0501", "1 000,00", "0,00", "1 000,00", ""),
            ("FA-2026-0502", "200,00", "50,00", "150,00", "erreur de prix"),
        ],
    )
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "compta@martin.fr", "ar@acme.fr", "TR: avis"
    message.set_content("Bonjour,\nci-joint notre avis de paiement.\n")
    message.add_attachment(advice.read_bytes(), maintype="application", subtype="pdf", filename="avis.pdf")
    path = tmp_path / "forwarded.eml"
    path.write_bytes(message.as_bytes())
    return path


def test_extract_prints_the_attachments_remittance_with_reason_codes(
    arcopilot: Invoke, tmp_path: Path
) -> None:
    result = arcopilot("extract", str(forwarded(tmp_path)), "--json")
    assert result.exit_code == 0, result.output
    data = json_of(result)
    assert data["document"]["format"] == "eml"
    (remittance,) = data["remittances"]
    assert (remittance["payer_name"], remittance["payment_date"], remittance["payment_amount"]) == (
        "Martin SARL",
        "2026-10-03",
        "1150.00",
    )
    assert [
        (line["invoice_number"], line["deduction_amount"], line["reason_code"])
        for line in remittance["lines"]
    ] == [
        ("FA-2026-0501", "0.00", None),
        ("FA-2026-0502", "50.00", "PRICING"),
    ]


def test_ingest_reports_the_remittances_of_an_email_once(arcopilot: Invoke, tmp_path: Path) -> None:
    path = forwarded(tmp_path)
    first = json_of(arcopilot("ingest", str(path), "--json"))
    assert (first["ingested"], first["remittances_new"]) == (1, 1)
    assert first["outcomes"][0]["format"] == "eml"
    again = json_of(arcopilot("ingest", str(path), "--json"))
    assert (again["duplicate_files"], again["remittances_new"]) == (1, 0)
