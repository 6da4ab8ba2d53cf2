"""Buttons and modals on cards: approve, reject or edit a suggestion; approve, edit or send a
reminder. Only a reviewer decides money; anyone else gets a refusal only they see, and nothing
changes. A card is decided once however often it is clicked."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from copilot.access import Permission
from copilot.db.engine import session_factory, transaction
from copilot.db.models import Suggestion
from copilot.db.types import utc_now
from copilot.dunning.approval import approve_draft, show_draft
from copilot.dunning.errors import DunningError
from copilot.dunning.sending import send_approved
from copilot.services.four_eyes import request_approval
from copilot.services.once import claim_once
from copilot.services.review import EditedLine, ReviewError, reject
from copilot.services.review_views import suggestion_view
from copilot.services.users import Identity
from copilot.slack import ids
from copilot.slack.card_blocks import (
    card_metadata,
    decision_line,
    draft_card,
    edit_draft_modal,
    edit_suggestion_modal,
    review_card,
)
from copilot.slack.context import SlackContext, refusal
from copilot.slack.posting import redraw, refuse


@dataclass(frozen=True)
class Click:
    """A button pressed on a card: by whom, which entity, which message."""

    user: str
    action: str
    entity_pk: int
    channel: str
    ts: str
    trigger_id: str

    @classmethod
    def of(cls, body: dict[str, Any]) -> Click:
        action = body["actions"][0]
        container = body.get("container") or {}
        return cls(
            user=str(body["user"]["id"]),
            action=str(action["action_id"]),
            entity_pk=int(action["value"]),
            channel=str(container.get("channel_id") or body["channel"]["id"]),
            ts=str(container.get("message_ts") or body["message"]["ts"]),
            trigger_id=str(body.get("trigger_id") or ""),
        )


def allowed(
    client: WebClient, context: SlackContext, user: str, channel: str, permission: Permission
) -> Identity | None:
    identity = context.identity(user)
    refused = refusal(identity, user, permission)
    if refused is not None:
        refuse(client, channel, user, refused)
        return None
    return identity


def first_decision(client: WebClient, context: SlackContext, key: str, user: str, channel: str) -> bool:
    """Whether this is the first decision on ``key``; a later one hears that it was already made."""
    if claim_once(context.engine, "slack_action", key):
        return True
    refuse(client, channel, user, "This card was already decided; nothing more was done.")
    return False


def redraw_suggestion(
    client: WebClient,
    context: SlackContext,
    pk: int,
    card: tuple[str, str],
    decision: str,
    *,
    second_pk: int | None = None,
) -> None:
    """The card of suggestion ``pk`` as it now stands, with ``decision`` instead of the buttons."""
    with session_factory(context.engine)() as session:
        view = suggestion_view(session, session.get_one(Suggestion, pk), detailed=True)
    blocks = review_card(view, decision=decision, second_pk=second_pk)
    redraw(client, card[0], card[1], blocks, f"Suggestion {pk}: {decision}")


def approve_suggestion(
    client: WebClient,
    context: SlackContext,
    identity: Identity,
    *,
    pk: int,
    channel: str,
    ts: str,
    user: str,
    edits: tuple[EditedLine, ...] = (),
    deduction_code: str | None = None,
) -> None:
    """Approve through four eyes and redraw the card; a refusal of the service goes to ``user``."""
    try:
        outcome = request_approval(
            context.engine,
            context.settings,
            pk,
            identity=identity,
            edits=edits,
            deduction_code=deduction_code,
        )
    except ReviewError as exc:
        refuse(client, channel, user, f"Not approved: {exc}")
        return
    edited = " with edits" if edits or deduction_code else ""
    if outcome.status == "approved":
        decision = "✅ " + decision_line(f"Approved{edited}", user, identity.name, utc_now())
    else:
        decision = "⏳ " + decision_line(f"Proposed{edited}", user, identity.name, utc_now())
        decision += f"; {outcome.message} (second approval #{outcome.second_approval_pk})"
    redraw_suggestion(client, context, pk, (channel, ts), decision, second_pk=outcome.second_approval_pk)


def on_suggestion_click(client: WebClient, context: SlackContext, body: dict[str, Any]) -> None:
    """Approve, Reject or Edit on a review card."""
    click = Click.of(body)
    identity = allowed(client, context, click.user, click.channel, Permission.APPROVE)
    if identity is None:
        return
    if click.action == ids.EDIT_SUGGESTION:
        with session_factory(context.engine)() as session:
            view = suggestion_view(session, session.get_one(Suggestion, click.entity_pk))
        modal = edit_suggestion_modal(view, card_metadata(click.entity_pk, click.channel, click.ts))
        client.views_open(trigger_id=click.trigger_id, view=modal)
        return
    if not first_decision(client, context, f"{click.channel}:{click.ts}:decision", click.user, click.channel):
        return
    if click.action == ids.APPROVE_SUGGESTION:
        approve_suggestion(
            client, context, identity, pk=click.entity_pk, channel=click.channel, ts=click.ts, user=click.user
        )
        return
    try:
        reject(context.engine, click.entity_pk, actor=identity.actor, reason="rejected in Slack")
    except ReviewError as exc:
        refuse(client, click.channel, click.user, f"Not rejected: {exc}")
        return
    decision = "❌ " + decision_line("Rejected", click.user, identity.name, utc_now())
    redraw_suggestion(client, context, click.entity_pk, (click.channel, click.ts), decision)


def card_of(view: dict[str, Any]) -> tuple[int, str, str]:
    """The entity, channel and message a modal was opened from."""
    data = json.loads(view["private_metadata"])
    return int(data["id"]), str(data["channel"]), str(data["ts"])


def redraw_draft(client: WebClient, context: SlackContext, pk: int, channel: str, ts: str, done: str) -> None:
    """The card of reminder ``pk`` as it now stands, with what was just done."""
    with session_factory(context.engine)() as session:
        draft = show_draft(session, pk).as_json(full=False)
    redraw(client, channel, ts, draft_card(draft, done=done), f"Reminder {pk}: {done}")


def on_draft_click(client: WebClient, context: SlackContext, body: dict[str, Any]) -> None:
    """Approve, Edit or Send on a reminder card."""
    click = Click.of(body)
    needed = Permission.COLLECT if click.action == ids.EDIT_DRAFT else Permission.APPROVE
    identity = allowed(client, context, click.user, click.channel, needed)
    if identity is None:
        return
    if click.action == ids.EDIT_DRAFT:
        with session_factory(context.engine)() as session:
            draft = show_draft(session, click.entity_pk).as_json(full=False)
        modal = edit_draft_modal(draft, card_metadata(click.entity_pk, click.channel, click.ts))
        client.views_open(trigger_id=click.trigger_id, view=modal)
        return
    if not first_decision(
        client, context, f"{click.channel}:{click.ts}:{click.action}", click.user, click.channel
    ):
        return
    try:
        if click.action == ids.APPROVE_DRAFT:
            with transaction(context.engine) as session:
                approve_draft(session, click.entity_pk, user=identity.actor)
            done = "✅ " + decision_line("Approved", click.user, identity.name, utc_now())
        else:
            outcomes = send_approved(
                context.engine,
                context.settings,
                as_of=context.today(),
                actor=identity.actor,
                draft_ids=[click.entity_pk],
            )
            mine = next(iter(outcomes), None)
            verb = (
                "Not sent"
                if mine is None
                else mine.status.capitalize() + (f" ({mine.error})" if mine.error else "")
            )
            done = "📨 " + decision_line(verb, click.user, identity.name, utc_now())
    except DunningError as exc:
        refuse(client, click.channel, click.user, f"Nothing done: {exc}")
        return
    redraw_draft(client, context, click.entity_pk, click.channel, click.ts, done)


def on_suggestion_edit(
    client: WebClient,
    context: SlackContext,
    body: dict[str, Any],
    edits: tuple[EditedLine, ...],
    code: str | None,
) -> None:
    """Approve a suggestion as edited in the modal (the card is decided once)."""
    user = str(body["user"]["id"])
    pk, channel, ts = card_of(body["view"])
    identity = allowed(client, context, user, channel, Permission.APPROVE)
    if identity is None or not first_decision(client, context, f"{channel}:{ts}:decision", user, channel):
        return
    approve_suggestion(
        client, context, identity, pk=pk, channel=channel, ts=ts, user=user, edits=edits, deduction_code=code
    )
