"""Dunning: the day's plan, reminder drafts, their approval (reviewer) and sending (reviewer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from copilot.api import schemas_collection as schemas
from copilot.api.deps import Collector, EngineDep, Reader, Reviewer, SettingsDep
from copilot.api.routes.common import AsOf, RowId, day_or_today, not_found
from copilot.api.schemas import plain_json
from copilot.db.engine import session_factory, transaction
from copilot.dunning.approval import approve_draft, list_drafts, show_draft
from copilot.dunning.drafting import create_draft
from copilot.dunning.errors import DunningError
from copilot.dunning.planning import day_plan
from copilot.dunning.sending import send_approved

dunning = APIRouter(prefix="/dunning", tags=["dunning"])
DraftStatus = Annotated[
    str | None,
    Query(pattern="^(draft|approved|sending|sent|cancelled)$", description="Only drafts in this status."),
]


@dunning.get("/plan", summary="The day's dunning plan", response_model=schemas.DunningPlan)
def get_plan(engine: EngineDep, settings: SettingsDep, _: Reader, as_of: AsOf = None) -> schemas.DunningPlan:
    """Who gets which reminder on the day: one action per customer and currency, largest first,
    with holds, alerts, invoices and the late-payment amounts the law allows."""
    with session_factory(engine)() as session:
        plan = day_plan(session, settings, as_of=day_or_today(as_of))
    return schemas.DunningPlan.model_validate(plain_json(plan.as_json()))


@dunning.post("/drafts", summary="Draft a reminder", response_model=schemas.DunningDraft, status_code=201)
def post_draft(
    body: schemas.DraftRequest, engine: EngineDep, settings: SettingsDep, identity: Collector
) -> schemas.DunningDraft:
    """Draft one customer's reminder at the plan's stage (or ``stage``), in its language, for a
    reviewer to approve."""
    with transaction(engine) as session:
        draft = create_draft(
            session,
            settings,
            body.customer,
            as_of=day_or_today(body.as_of),
            stage=body.stage,
            language=body.language,
            currency=body.currency.upper() if body.currency else None,
            actor=identity.actor,
        )
        view = show_draft(session, draft.id)
        return schemas.DunningDraft.model_validate(plain_json(view.as_json()))


@dunning.get("/drafts", summary="List reminder drafts", response_model=schemas.DunningDraftList)
def get_drafts(engine: EngineDep, _: Reader, status: DraftStatus = None) -> schemas.DunningDraftList:
    """Reminder drafts, oldest first."""
    with session_factory(engine)() as session:
        views = list_drafts(session, status=status)
        rows = [plain_json(view.as_json(full=False)) for view in views]
    return schemas.DunningDraftList.model_validate({"drafts": rows})


@dunning.get("/drafts/{draft_id}", summary="One reminder draft", response_model=schemas.DunningDraft)
def get_draft(draft_id: RowId, engine: EngineDep, _: Reader) -> schemas.DunningDraft:
    """A draft in full: text, HTML body, facts and state."""
    with session_factory(engine)() as session:
        try:
            view = show_draft(session, draft_id)
        except DunningError:
            not_found(f"dunning draft {draft_id}")
        return schemas.DunningDraft.model_validate(plain_json(view.as_json()))


@dunning.post("/drafts/{draft_id}/approve", summary="Approve a draft", response_model=schemas.DunningDraft)
def post_approve(draft_id: RowId, engine: EngineDep, identity: Reviewer) -> schemas.DunningDraft:
    """Approve a draft for sending; only a ``draft`` can be approved (409 otherwise)."""
    get_draft(draft_id, engine, identity)
    with transaction(engine) as session:
        view = approve_draft(session, draft_id, user=identity.actor)
        return schemas.DunningDraft.model_validate(plain_json(view.as_json(full=False)))


@dunning.post("/send", summary="Send the approved drafts", response_model=schemas.SendReport)
def post_send(
    engine: EngineDep, settings: SettingsDep, identity: Reviewer, as_of: AsOf = None
) -> schemas.SendReport:
    """Send every approved draft once: e-mails over SMTP, letters marked printed."""
    day = day_or_today(as_of)
    outcomes = send_approved(engine, settings, as_of=day, actor=identity.actor)
    return schemas.SendReport(as_of=day.isoformat(), sent=[plain_json(o.as_json()) for o in outcomes])
