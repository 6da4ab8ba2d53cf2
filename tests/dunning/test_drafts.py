"""Reminder drafts in French and English with the ledger's exact figures; formal notices with the
French (L441-10) and UK (Late Payment Act) amounts worked by hand; PDF letters; call tasks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import Engine, select

from copilot.db.copilot_models import PaymentPromise
from copilot.db.dunning_models import DunningDraft
from copilot.db.engine import session_factory, transaction
from copilot.db.models import AuditEntry
from copilot.dunning.drafting import create_draft
from copilot.dunning.errors import DunningError
from copilot.dunning.planning import day_plan
from copilot.settings import Settings
from tests.dunning.conftest import plain
from tests.dunning.world import AS_OF


def draft(engine: Engine, settings: Settings, customer: str, **options: object) -> DunningDraft:
    with transaction(engine) as session:
        return create_draft(session, settings, customer, as_of=AS_OF, actor="test:collector", **options)  # type: ignore[arg-type]


def test_a_french_first_reminder_states_the_ledgers_figures(world: Engine, world_settings: Settings) -> None:
    made = draft(world, world_settings, "C1")
    # Nothing sent yet: C1's oldest invoice is 78 days late, but the first reminder comes first.
    assert (made.stage, made.channel, made.language, made.method) == ("reminder_1", "email", "fr", "template")
    assert made.subject == "Relance : 2 factures échues — Boulangerie Dupont SAS"
    text = plain(made.body_text)
    assert text.startswith("Bonjour Jeanne Dupont,")
    assert "| FA-2026-0101 | 15/07/2026 | 14/08/2026 | 1 200,00 € | 1 200,00 € | 78 |" in text
    assert "| FA-2026-0102 | 20/08/2026 | 19/09/2026 | 800,00 € | 450,50 € | 42 |" in text
    assert "Total restant dû : 1 650,50 €" in text  # 1200.00 + 450.50
    assert "L441-10" not in text and made.pdf_path is None
    html = plain(made.body_html)
    for figure in ("FA-2026-0101", "FA-2026-0102", "1 200,00 €", "450,50 €", "1 650,50 €", "14/08/2026"):
        assert figure in html
    assert made.facts["total_open"] == "1650.50"
    assert [line["days_late"] for line in made.facts["lines"]] == ["78", "42"]
    with session_factory(world)() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "dunning_draft_created"))
    assert entry.actor == "test:collector" and entry.entity_id == str(made.id)
    assert entry.details["invoices"] == ["FA-2026-0101", "FA-2026-0102"]


def test_an_english_reminder_in_pounds(world: Engine, world_settings: Settings) -> None:
    made = draft(world, world_settings, "Acme Widgets")
    assert (made.stage, made.language, made.currency) == ("reminder_1", "en", "GBP")
    assert made.subject == "Reminder: 3 invoices overdue — Acme Widgets Ltd"
    text = plain(made.body_text)
    assert text.startswith("Dear John Smith,")
    assert "| INV-10023 | 1 Jun 2026 | 1 Jul 2026 | £950.00 | £950.00 | 122 |" in text
    assert "| INV-10024 | 1 Aug 2026 | 31 Aug 2026 | £12,000.00 | £12,000.00 | 61 |" in text
    assert "| INV-10025 | 1 Sept 2026 | 30 Sept 2026 | £5,000.00 | £5,000.00 | 31 |" in text
    assert "Total outstanding: £17,950.00" in text  # 950 + 12000 + 5000


def test_the_language_can_be_forced(world: Engine, world_settings: Settings) -> None:
    made = draft(world, world_settings, "C1", language="en")
    text = plain(made.body_text)
    assert made.language == "en" and text.startswith("Dear Jeanne Dupont,")
    assert "| FA-2026-0101 | 15 Jul 2026 | 14 Aug 2026 | €1,200.00 | €1,200.00 | 78 |" in text
    assert "Total outstanding: €1,650.50" in text


def test_a_french_formal_notice_claims_the_l441_10_penalties_and_the_40_euro_indemnity(
    world: Engine, world_settings: Settings
) -> None:
    made = draft(world, world_settings, "C1", stage="formal_notice")
    # Both invoices fell due in the second half of 2026: reference = ECB rate on 2026-07-01 = 2.15 %,
    # + 10 points = 12.15 %. Penalties = open × 12.15 % × days late / 365, rounded half up:
    #   FA-2026-0101: 1200.00 × 0.1215 × 78 / 365 = 11372.40 / 365 = 31.157… → 31.16
    #   FA-2026-0102:  450.50 × 0.1215 × 42 / 365 =  2298.90 / 365 =  6.298… →  6.30
    # Penalties 37.46; indemnities 2 × 40.00 = 80.00; claimed 1650.50 + 37.46 + 80.00 = 1767.96.
    assert (made.stage, made.channel) == ("formal_notice", "letter")
    assert made.subject == "Mise en demeure de payer — Boulangerie Dupont SAS"
    text = plain(made.body_text)
    assert "article L441-10 du Code de commerce" in text and "majoré de 10 points" in text
    assert "indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture" in text
    assert "| FA-2026-0101 | 78 | 2,15 % au 01/07/2026 | 12,15 % | 31,16 € | 40,00 € |" in text
    assert "| FA-2026-0102 | 42 | 2,15 % au 01/07/2026 | 12,15 % | 6,30 € | 40,00 € |" in text
    assert "Pénalités de retard : 37,46 €" in text and "Indemnités forfaitaires : 80,00 €" in text
    assert "Total réclamé (principal, pénalités et indemnités) : 1 767,96 €" in text
    assert "nous vous mettons en demeure de nous régler la somme de 1 767,96 €" in text
    assert (made.facts["total_interest"], made.facts["total_fixed_sums"]) == ("37.46", "80.00")
    assert made.facts["total_claimed"] == "1767.96"
    html = plain(made.body_html)
    assert "31,16 €" in html and "6,30 €" in html and "1 767,96 €" in html
    assert made.pdf_path is not None
    pdf = Path(made.pdf_path)
    assert (
        pdf.parent == world_settings.letters_dir and pdf.name == f"2026-10-31-C1-formal_notice-{made.id}.pdf"
    )
    with pdfplumber.open(pdf) as document:
        letter = plain("\n".join(page.extract_text() or "" for page in document.pages))
    assert "Fournitures Martin SA" in letter and "Lettre recommandée avec accusé de réception" in letter
    assert "FA-2026-0101 78 2,15 % au" in letter and "12,15 % 31,16 € 40,00 €" in letter
    assert "Pénalités de retard : 37,46 €" in letter and "1 767,96 €" in letter


def test_an_english_formal_notice_claims_uk_interest_and_the_three_fixed_sums(
    world: Engine, world_settings: Settings
) -> None:
    made = draft(world, world_settings, "C2", stage="formal_notice")
    # Reference date: 30 June 2026 (all became overdue in the second half of 2026); Bank of
    # England 3.75 % + 8 = 11.75 %. Interest = open × 11.75 % × days late / 365, half up:
    #   INV-10023:   950.00 × 0.1175 × 122 / 365 = 13618.25 / 365 =  37.310… →  37.31, £40 (< £1,000)
    #   INV-10024: 12000.00 × 0.1175 ×  61 / 365 = 86010.00 / 365 = 235.643… → 235.64, £100 (≥ £10,000)
    #   INV-10025:  5000.00 × 0.1175 ×  31 / 365 = 18212.50 / 365 =  49.897… →  49.90, £70
    # Interest 322.85; fixed sums 210.00; claimed 17950.00 + 322.85 + 210.00 = 18482.85.
    text = plain(made.body_text)
    assert "Late Payment of Commercial Debts (Interest) Act 1998" in text and "plus 8 points" in text
    assert "| INV-10023 | 122 | 3.75% on 30 Jun 2026 | 11.75% | £37.31 | £40.00 |" in text
    assert "| INV-10024 | 61 | 3.75% on 30 Jun 2026 | 11.75% | £235.64 | £100.00 |" in text
    assert "| INV-10025 | 31 | 3.75% on 30 Jun 2026 | 11.75% | £49.90 | £70.00 |" in text
    assert "Statutory interest: £322.85" in text and "Fixed sums: £210.00" in text
    assert "Total claimed (principal, interest and fixed sums): £18,482.85" in text
    assert made.pdf_path is not None
    with pdfplumber.open(made.pdf_path) as document:
        letter = plain("\n".join(page.extract_text() or "" for page in document.pages))
    assert "£235.64" in letter and "£18,482.85" in letter and "By recorded delivery" in letter


def test_the_rates_come_from_the_rate_table(world: Engine, world_settings: Settings, tmp_path: Path) -> None:
    table = Path(world_settings.dunning_rates_file or "")
    table.write_text(table.read_text().replace('"2.15"', '"3.15"'), encoding="utf-8")
    made = draft(world, world_settings, "C1", stage="formal_notice")
    # 3.15 + 10 = 13.15 %: 1200.00 × 0.1315 × 78 / 365 = 12308.40 / 365 = 33.721… → 33.72
    assert "| FA-2026-0101 | 78 | 3,15 % au 01/07/2026 | 13,15 % | 33,72 € | 40,00 € |" in plain(
        made.body_text
    )


def test_what_was_promised_and_broken_is_stated(world: Engine, world_settings: Settings) -> None:
    with transaction(world) as session:
        session.add(
            PaymentPromise(
                customer_pk=1,
                amount=Decimal("500.00"),
                currency="EUR",
                promised_date=date(2026, 10, 10),
                made_on=date(2026, 9, 25),
                status="open",
                created_by="test",
            )
        )
    made = draft(world, world_settings, "C1")
    # Broken (nothing paid by 2026-10-10): the planner raises the stage one step and alerts.
    assert made.stage == "reminder_2"
    assert "promise of 500.00 EUR due 2026-10-10 broken" in made.facts["alerts"]
    text = plain(made.body_text)
    assert "Vous vous étiez engagés le 25/09/2026 à régler 500,00 € au plus tard le 10/10/2026" in text
    assert made.facts["promises"] == [
        {"amount": "500.00", "promised_date": "2026-10-10", "made_on": "2026-09-25", "status": "broken"}
    ]


def test_a_call_stage_is_a_call_task(world: Engine, world_settings: Settings) -> None:
    made = draft(world, world_settings, "C1", stage="call")
    assert (made.stage, made.channel, made.pdf_path) == ("call", "call", None)
    assert made.subject == "Appel de relance — Boulangerie Dupont SAS"
    text = plain(made.body_text)
    assert text.startswith("Appel à passer : Boulangerie Dupont SAS, à l'attention de Jeanne Dupont.")
    assert "- 2 factures en retard, 1 650,50 € au total ; la plus ancienne a 78 jours de retard." in text
    assert "Relances déjà envoyées : aucune." in text
    assert "1 650,50 €" in plain(made.body_html)


def test_a_held_customer_gets_no_draft_unless_a_stage_is_forced(
    world: Engine, world_settings: Settings
) -> None:
    with transaction(world) as session:
        session.add(
            PaymentPromise(
                customer_pk=1,
                amount=Decimal("1650.50"),
                currency="EUR",
                promised_date=date(2026, 11, 15),
                made_on=date(2026, 10, 28),
                status="open",
                created_by="test",
            )
        )
    with pytest.raises(
        DunningError, match=r"Boulangerie Dupont SAS \(C1\) is on hold \(promise of 1650.50 EUR"
    ):
        draft(world, world_settings, "C1")
    forced = draft(world, world_settings, "C1", stage="reminder_1")
    assert forced.stage == "reminder_1" and forced.facts["holds"][0]["reason"] == "promise"
    assert "Nous avons bien noté votre engagement du 28/10/2026 de régler 1 650,50 €" in plain(
        forced.body_text
    )


def test_nothing_to_chase_and_unknown_stages_are_one_line_errors(
    world: Engine, world_settings: Settings
) -> None:
    with transaction(world) as session:
        with pytest.raises(DunningError, match=r"nothing to chase for Acme Widgets Ltd \(C2\) on 2026-06-10"):
            create_draft(session, world_settings, "C2", as_of=date(2026, 6, 10), actor="t")
        with pytest.raises(DunningError, match="the high_risk scenario has no stage 'final_warning'"):
            create_draft(session, world_settings, "C2", as_of=AS_OF, stage="final_warning", actor="t")


def test_the_reminders_already_sent_are_stated(world: Engine, world_settings: Settings) -> None:
    first = draft(world, world_settings, "C1")
    with transaction(world) as session:
        sent = session.get(DunningDraft, first.id)
        assert sent is not None
        sent.status, sent.sent_on = "sent", date(2026, 10, 20)
    second = draft(world, world_settings, "C1")
    assert second.stage == "reminder_2"
    assert second.subject == "Deuxième relance : 2 factures impayées — Boulangerie Dupont SAS"
    assert "Nos précédents envois : première relance du 20/10/2026." in plain(second.body_text)
    assert second.facts["previous"] == [
        {"stage": "reminder_1", "sent_on": "2026-10-20", "invoice_numbers": ["FA-2026-0101", "FA-2026-0102"]}
    ]
    english = draft(world, world_settings, "C1", language="en")
    assert "Our previous messages: first reminder of 20 Oct 2026." in plain(english.body_text)


def test_an_invoice_older_than_the_rate_table_alerts_instead_of_stopping_the_plan(
    world: Engine, world_settings: Settings
) -> None:
    table = Path(world_settings.dunning_rates_file or "")
    table.write_text(table.read_text().replace("2025-06-11", "2026-09-01"), encoding="utf-8")
    with session_factory(world)() as session:
        plan = day_plan(session, world_settings, as_of=AS_OF).as_json()
    c1 = next(action for action in plan["actions"] if action["customer_id"] == "C1")
    assert c1["late_penalties"] is None
    assert c1["alerts"] == [
        "late-payment amounts not computed: ecb_refinancing: no rate in force on 2026-07-01"
        " (the table starts later)"
    ]
    with pytest.raises(DunningError, match="no rate in force on 2026-07-01"):
        draft(world, world_settings, "C1", stage="formal_notice")
