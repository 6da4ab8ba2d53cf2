"""A small ledger loaded through the real command line, shared by the ``kpi`` and ``ask`` tests.

Days late on 2026-10-31 (EUR): FA-1 500.00 78 days (17 + 30 + 31), FA-2 2000.00 16, FA-3
1000.00 not due, FA-4 paid (open 0), FA-5 122 days (30 + 31 + 30 + 31) with 300.00 of 800.00
open; US-1 5000.00 USD due that day. Open EUR: 500 + 2000 + 1000 + 300 = 3800.00; over 60
days: FA-1 (C1) + FA-5 (C3) = 800.00.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Invoke

CUSTOMERS = """customer_id,name,email,language,country,segment,credit_limit,payment_terms_days,contact_name
C1,Boulangerie Dupont SAS,compta@dupont.example,fr,FR,sme,20000,30,Jeanne Dupont
C2,Acme Widgets Ltd,ap@acme.example,en,GB,sme,50000,30,John Smith
C3,Dupont Frères SARL,contact@dupontfreres.example,fr,FR,sme,10000,30,Paul Dupont
"""
INVOICES = """invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,po_number
FA-1,C1,2026-07-15,2026-08-14,EUR,500.00,500.00,
FA-2,C1,2026-09-15,2026-10-15,EUR,2000.00,2000.00,
FA-3,C2,2026-10-20,2026-11-19,EUR,1000.00,1000.00,
FA-4,C2,2026-08-10,2026-09-09,EUR,3000.00,0.00,
FA-5,C3,2026-06-01,2026-07-01,EUR,800.00,300.00,
US-1,C2,2026-10-01,2026-10-31,USD,5000.00,5000.00,
"""
ON = ("--as-of", "2026-10-31")


@pytest.fixture
def ledger(arcopilot: Invoke, tmp_path: Path) -> Invoke:
    for name, text in (("customers.csv", CUSTOMERS), ("invoices.csv", INVOICES)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert arcopilot("import", "customers", str(tmp_path / "customers.csv")).exit_code == 0
    assert arcopilot("import", "invoices", str(tmp_path / "invoices.csv")).exit_code == 0
    return arcopilot
