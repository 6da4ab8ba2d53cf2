"""Posting to Slack: review and reminder cards (remembered so they can be redrawn), charts as
images through the external upload flow, and replies in a thread."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from sqlalchemy import select

from copilot.db.access_models import SlackCard
from copilot.db.engine import session_factory, transaction
from copilot.db.models import Suggestion
from copilot.dunning.approval import list_drafts
from copilot.services.once import claim_once
from copilot.services.review_views import review_queue, suggestion_view
from copilot.slack.blocks import Block
from copilot.slack.card_blocks import draft_card, review_card
from copilot.slack.context import SlackContext

SUGGESTION = "suggestion"
DRAFT = "dunning_draft"
CARDS_AT_ONCE = 20


def post_blocks(
    client: WebClient, channel: str, blocks: list[Block], text: str, *, thread_ts: str | None = None
) -> str:
    """Post a message; its timestamp."""
    response = client.chat_postMessage(channel=channel, blocks=blocks, text=text, thread_ts=thread_ts)
    return str(response["ts"])


def _remember(context: SlackContext, entity_type: str, entity_pk: int, channel: str, ts: str) -> None:
    with transaction(context.engine) as session:
        session.add(SlackCard(entity_type=entity_type, entity_pk=entity_pk, channel=channel, ts=ts))


def post_review_cards(client: WebClient, context: SlackContext, channel: str) -> int:
    """Post a card for each queued suggestion (least confident first) not yet posted to
    ``channel``, at most ``CARDS_AT_ONCE``; how many were posted."""
    with session_factory(context.engine)() as session:
        queued = [int(row["suggestion_id"]) for row in review_queue(session)]
    posted = 0
    for pk in queued:
        if posted == CARDS_AT_ONCE:
            break
        if not claim_once(context.engine, "slack_card", f"{SUGGESTION}:{pk}:{channel}"):
            continue
        with session_factory(context.engine)() as session:
            view = suggestion_view(session, session.get_one(Suggestion, pk), detailed=True)
        text = f"Payment {view['payment_id']} of {view['amount']} {view['currency']} to review"
        _remember(context, SUGGESTION, pk, channel, post_blocks(client, channel, review_card(view), text))
        posted += 1
    return posted


def post_draft_cards(client: WebClient, context: SlackContext, channel: str) -> int:
    """Post a card for each reminder draft waiting for approval or sending; how many were posted."""
    with session_factory(context.engine)() as session:
        drafts = [
            view.as_json(full=False)
            for status in ("draft", "approved")
            for view in list_drafts(session, status=status)
        ]
    posted = 0
    for draft in drafts[:CARDS_AT_ONCE]:
        pk = int(draft["draft_id"])
        if not claim_once(context.engine, "slack_card", f"{DRAFT}:{pk}:{draft['status']}:{channel}"):
            continue
        text = f"Reminder to {draft['customer_name']} ({draft['status']})"
        ts = post_blocks(client, channel, draft_card(draft), text)
        with transaction(context.engine) as session:
            card = session.scalar(
                select(SlackCard).where(
                    SlackCard.entity_type == DRAFT, SlackCard.entity_pk == pk, SlackCard.channel == channel
                )
            )
            if card is None:
                session.add(SlackCard(entity_type=DRAFT, entity_pk=pk, channel=channel, ts=ts))
            else:
                card.ts = ts
        posted += 1
    return posted


def redraw(client: WebClient, channel: str, ts: str, blocks: list[Block], text: str) -> None:
    """Replace a card's content (after a decision)."""
    client.chat_update(channel=channel, ts=ts, blocks=blocks, text=text)


def refuse(client: WebClient, channel: str, user: str, text: str, *, thread_ts: str | None = None) -> None:
    """A message only ``user`` sees."""
    client.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread_ts)


def upload_png(
    client: WebClient, channel: str, png: bytes, *, name: str, title: str, thread_ts: str | None = None
) -> Any:
    """Share a PNG in ``channel`` (files.getUploadURLExternal, the upload, files.completeUploadExternal)."""
    return client.files_upload_v2(
        channel=channel, content=png, filename=name, title=title, thread_ts=thread_ts, alt_txt=title
    )
