"""Writing a reminder draft for one customer: plan, facts, templates, optional LLM rewrite, PDF letter.

The stage is the day's plan's for the customer (:func:`copilot.dunning.planning.day_plan`);
a held customer gets no draft unless a stage is forced. A forced stage takes the planner's
invoices for the customer when it has an item, else the customer's open invoices that are
overdue on ``as_of`` (for ``preventive``: due within the stage's |offset| days), disputed ones
left out. A draft for a stage with ``legal_notice`` states the late-payment amounts of the
customer's country; one on the ``letter`` channel, or with ``legal_notice``, also gets a PDF
letter. A ``call`` stage drafts a call task (talking points), not an e-mail.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.customer_names import directory_of
from copilot.db.copilot_models import CustomerNote
from copilot.db.dunning_models import DunningDraft
from copilot.db.models import Customer
from copilot.dunning.errors import DunningError
from copilot.dunning.letters import letter_path, write_letter
from copilot.dunning.message_facts import Recipient, message_facts
from copilot.dunning.personalise import personalise
from copilot.dunning.planning import DayPlan, day_plan, item_charges, rates_of, scenarios_of
from copilot.dunning.rendering import render_message, text_as_html
from copilot.locales import Language, language_of
from copilot.services.audit import record_action
from copilot.settings import Settings
from tools.dunning import PlanItem, PlanLine, Stage, segment_of
from tools.forecast.promises import judge_promises
from tools.kpis.ledger import ZERO, CustomerFacts
from tools.money import quantise

NOTES_SHOWN = 5


def create_draft(
    session: Session,
    settings: Settings,
    customer: str,
    *,
    as_of: date,
    stage: str | None = None,
    language: Language | None = None,
    currency: str | None = None,
    actor: str,
) -> DunningDraft:
    """Draft the reminder of ``customer`` (id or name) on ``as_of`` in the caller's transaction.

    ``stage`` forces a stage of the customer's scenario; ``language`` overrides the customer's;
    ``currency`` picks one of several items (else the largest). Audited as
    ``dunning_draft_created``. Raises :class:`DunningError` when there is nothing to draft,
    :class:`~copilot.customer_names.UnknownCustomer` for an unknown or ambiguous name.
    """
    found = directory_of(session).one(customer)
    row = session.scalars(select(Customer).where(Customer.customer_id == found.customer_id)).one()
    plan = day_plan(session, settings, as_of=as_of)
    item = _item(plan, row, settings, stage=stage, currency=currency)
    words: Language = language or language_of(row.language)
    charges = item_charges(item, as_of=as_of, rates=rates_of(settings)) if item.stage.legal_notice else []
    ledger = plan.inputs.ledger
    facts = message_facts(
        item,
        Recipient(row.customer_id, row.name, row.contact_name, row.email, row.country),
        as_of=as_of,
        language=words,
        charges=charges,
        promises=judge_promises(ledger.promises, ledger.invoices, as_of=as_of),
        sender={"company": settings.dunning_company_name, "signature": settings.dunning_signature},
    )
    rendered = render_message(facts, words)
    text, html, method = rendered.text, rendered.html, "template"
    if item.stage.channel != "call":
        rewrite = personalise(
            settings, facts=facts, template_text=text, language=words, notes=_notes(session, row)
        )
        if rewrite.text is not None:
            text, method = rewrite.text, "llm"
            html = text_as_html(text, subject=rendered.subject, language=words)
    draft = DunningDraft(
        customer_pk=row.id,
        as_of=as_of,
        stage=item.stage.key,
        channel=item.stage.channel,
        language=words,
        currency=item.currency,
        subject=rendered.subject,
        body_text=text,
        body_html=html,
        facts=facts,
        method=method,
        status="draft",
        created_by=actor,
    )
    session.add(draft)
    session.flush()
    if item.stage.channel == "letter" or item.stage.legal_notice:
        path = letter_path(
            settings.letters_dir,
            as_of=as_of.isoformat(),
            customer_id=row.customer_id,
            stage=item.stage.key,
            draft_id=draft.id,
        )
        draft.pdf_path = str(write_letter(path, facts, words))
    record_action(
        session,
        actor=actor,
        action="dunning_draft_created",
        entity_type="dunning_draft",
        entity_id=draft.id,
        details={
            "customer_id": row.customer_id,
            "as_of": as_of.isoformat(),
            "stage": item.stage.key,
            "channel": item.stage.channel,
            "language": words,
            "method": method,
            "total_open": facts["total_open"],
            "currency": item.currency,
            "invoices": [line["invoice_number"] for line in facts["lines"]],
            "pdf_path": draft.pdf_path,
        },
    )
    return draft


def _item(
    plan: DayPlan, customer: Customer, settings: Settings, *, stage: str | None, currency: str | None
) -> PlanItem:
    """The plan item to draft from: the planner's, or one built for a forced stage."""
    items = [
        action.item
        for action in plan.actions
        if action.item.customer_id == customer.customer_id and currency in (None, action.item.currency)
    ]
    label = f"{customer.name} ({customer.customer_id})"
    if stage is None:
        if not items:
            raise DunningError(
                f"nothing to chase for {label} on {plan.as_of}: no invoice due for a reminder"
                + (f" in {currency}" if currency else "")
            )
        if items[0].action == "hold":
            reasons = "; ".join(hold.detail for hold in items[0].holds)
            raise DunningError(f"{label} is on hold ({reasons}); force a stage with --stage to draft anyway")
        return items[0]
    segment, chosen = _stage(plan, customer, settings, stage)
    if items:
        return replace(items[0], stage=chosen, action="call" if chosen.channel == "call" else "send")
    return _forced_item(plan, customer, segment, chosen, currency)


def _facts_of(plan: DayPlan, customer: Customer) -> CustomerFacts:
    known = {c.customer_id: c for c in plan.inputs.ledger.customers}
    return known.get(customer.customer_id) or CustomerFacts(customer.customer_id, customer.name)


def _stage(plan: DayPlan, customer: Customer, settings: Settings, key: str) -> tuple[str, Stage]:
    """The customer's scenario's segment and its stage ``key``."""
    scenarios = scenarios_of(settings)
    facts = _facts_of(plan, customer)
    scenario = scenarios[segment_of(facts, plan.inputs.grades.get(customer.customer_id), scenarios)]
    for stage in scenario.stages:
        if stage.key == key:
            return scenario.segment, stage
    keys = ", ".join(stage.key for stage in scenario.stages)
    raise DunningError(f"the {scenario.segment} scenario has no stage {key!r}; its stages: {keys}")


def _forced_item(
    plan: DayPlan, customer: Customer, segment: str, stage: Stage, currency: str | None
) -> PlanItem:
    """The customer's open, undisputed invoices the forced stage covers, in one currency."""
    as_of = plan.as_of
    horizon = as_of + timedelta(days=-stage.offset_days)

    def covered(due: date) -> bool:
        return as_of <= due <= horizon if stage.offset_days < 0 else due < as_of

    invoices = [
        invoice
        for invoice in plan.inputs.ledger.invoices
        if invoice.customer_id == customer.customer_id
        and not invoice.disputed
        and invoice.open_on(as_of) > ZERO
        and covered(invoice.due_date)
        and currency in (None, invoice.currency)
    ]
    currencies = sorted({invoice.currency for invoice in invoices})
    label = f"{customer.name} ({customer.customer_id})"
    if not currencies:
        raise DunningError(f"{label} has no open invoice a {stage.key} reminder would cover on {as_of}")
    if len(currencies) > 1:
        raise DunningError(f"{label} owes in {' and '.join(currencies)}: say which currency with --currency")
    chosen = currencies[0]
    lines = tuple(
        PlanLine(
            invoice.number,
            invoice.issue_date,
            invoice.due_date,
            chosen,
            invoice.amount,
            quantise(invoice.open_on(as_of), chosen, exact=False),
            invoice.days_late(as_of),
        )
        for invoice in sorted(invoices, key=lambda i: (i.due_date, i.number))
    )
    facts = _facts_of(plan, customer)
    numbers = {line.invoice_number for line in lines}
    return PlanItem(
        customer_id=customer.customer_id,
        customer_name=customer.name,
        language=facts.language,
        country=customer.country,
        segment=segment,
        stage=stage,
        action="call" if stage.channel == "call" else "send",
        lines=lines,
        currency=chosen,
        total_open=quantise(sum((line.open_amount for line in lines), ZERO), chosen),
        previous=tuple(
            reminder
            for reminder in plan.inputs.reminders
            if reminder.customer_id == customer.customer_id
            and reminder.sent_on <= as_of
            and (not reminder.invoice_numbers or numbers.intersection(reminder.invoice_numbers))
        ),
    )


def _notes(session: Session, customer: Customer) -> list[str]:
    """The customer's latest notes, newest first, as ``date: text`` lines for the LLM."""
    rows = session.scalars(
        select(CustomerNote)
        .where(CustomerNote.customer_pk == customer.id)
        .order_by(CustomerNote.noted_on.desc(), CustomerNote.id.desc())
        .limit(NOTES_SHOWN)
    )
    return [f"{note.noted_on.isoformat()}: {note.text}" for note in rows]
