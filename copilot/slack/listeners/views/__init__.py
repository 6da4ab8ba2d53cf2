"""The edit modals: a suggestion's allocations (approved as edited), a reminder's wording.

What cannot be read is answered in the modal itself (``response_action: errors``), so the
reviewer corrects it there; what was read is applied after the modal closes.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from copilot.access import Permission
from copilot.db.engine import transaction
from copilot.db.types import utc_now
from copilot.dunning.approval import edit_draft_text
from copilot.dunning.errors import DunningError
from copilot.slack import ids
from copilot.slack.card_blocks import decision_line
from copilot.slack.context import SlackContext, refusal
from copilot.slack.decisions import card_of, on_suggestion_edit, redraw_draft
from copilot.slack.edits import EditError, parse_allocations


def _value(view: dict[str, Any], block: str, action: str) -> str:
    return str(view["state"]["values"][block][action].get("value") or "")


def register(app: App, context: SlackContext) -> None:
    """Listen to the submissions of the two edit modals."""

    def suggestion_edited(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user = str(body["user"]["id"])
        refused = refusal(context.identity(user), user, Permission.APPROVE)
        if refused is not None:
            ack(response_action="errors", errors={ids.ALLOCATIONS_BLOCK: refused})
            return
        code = _value(view, ids.DEDUCTION_CODE_BLOCK, ids.DEDUCTION_CODE_INPUT).strip().upper() or None
        try:
            edits = parse_allocations(_value(view, ids.ALLOCATIONS_BLOCK, ids.ALLOCATIONS_INPUT), code)
        except EditError as exc:
            ack(response_action="errors", errors={ids.ALLOCATIONS_BLOCK: str(exc)})
            return
        ack()
        on_suggestion_edit(client, context, body, tuple(edits), code)

    def draft_edited(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user = str(body["user"]["id"])
        identity = context.identity(user)
        refused = refusal(identity, user, Permission.COLLECT)
        if refused is not None or identity is None:
            ack(response_action="errors", errors={ids.BODY_BLOCK: refused or ""})
            return
        pk, channel, ts = card_of(view)
        try:
            with transaction(context.engine) as session:
                edit_draft_text(
                    session,
                    pk,
                    subject=_value(view, ids.SUBJECT_BLOCK, ids.SUBJECT_INPUT),
                    body=_value(view, ids.BODY_BLOCK, ids.BODY_INPUT),
                    actor=identity.actor,
                )
        except DunningError as exc:
            ack(response_action="errors", errors={ids.BODY_BLOCK: str(exc)})
            return
        ack()
        redraw_draft(
            client, context, pk, channel, ts, "✏️ " + decision_line("Edited", user, identity.name, utc_now())
        )

    app.view(ids.EDIT_SUGGESTION_VIEW)(suggestion_edited)
    app.view(ids.EDIT_DRAFT_VIEW)(draft_edited)
