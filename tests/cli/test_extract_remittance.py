"""``arcopilot extract`` on a remittance advice sheet prints the DESIGN remittance contract."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from copilot.cli.main import app
from tests.cli.conftest import json_of

ADVICE = """Avis de paiement;;;;
Payeur;Boulangerie Dupont SAS;;;
Date de paiement;15/10/2026;;;
Montant du paiement;1 540,50;;;
;;;;
N° facture;Montant facture;Déduction;Montant payé;Motif
FA-2026-00123;1 200,00;20,00;1 180,00;marchandise endommagée
FA-2026-00124;350,50;0,00;350,50;
Total;1 550,50;20,00;1 530,50;
"""


def test_extract_prints_the_remittance_and_its_warnings(tmp_path: Path) -> None:
    advice = tmp_path / "avis.csv"
    advice.write_text(ADVICE, encoding="cp1252")
    result = CliRunner().invoke(app, ["extract", str(advice), "--json"])
    assert result.exit_code == 0, result.output
    data = json_of(result)
    assert data["document"]["format"] == "csv" and data["payments"] == []
    (remittance,) = data["remittances"]
    assert (remittance["payer_name"], remittance["payment_date"], remittance["payment_amount"]) == (
        "Boulangerie Dupont SAS",
        "2026-10-15",
        "1540.50",
    )
    assert [
        (line["invoice_number"], line["paid_amount"], line["deduction_amount"])
        for line in remittance["lines"]
    ] == [
        ("FA-2026-00123", "1180.00", "20.00"),
        ("FA-2026-00124", "350.50", "0.00"),
    ]
    assert any("1,530.50" in warning and "1,540.50" in warning for warning in remittance["warnings"])
    assert remittance["confidence"] < 0.98
    human = CliRunner().invoke(app, ["extract", str(advice)])
    assert human.exit_code == 0 and "warning" in human.output
