"""Four eyes on a card: a large approval waits with Confirm / Decline for another reviewer.

The proposer is refused before the card is claimed, so their click never uses up the decision
that belongs to the second reviewer.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from copilot.access import Permission
from copilot.db.access_models import SecondApproval
from copilot.db.engine import session_factory
from copilot.db.types import utc_now
from copilot.services.four_eyes import confirm_second_approval, reject_second_approval
from copilot.services.review import ReviewError
from copilot.slack import ids
from copilot.slack.card_blocks import decision_line
from copilot.slack.context import SlackContext
from copilot.slack.decisions import Click, allowed, first_decision, redraw_suggestion
from copilot.slack.posting import refuse


def on_second_click(client: WebClient, context: SlackContext, body: dict[str, Any]) -> None:
    """Confirm or Decline a waiting approval."""
    click = Click.of(body)
    identity = allowed(client, context, click.user, click.channel, Permission.APPROVE)
    if identity is None:
        return
    with session_factory(context.engine)() as session:
        second = session.get(SecondApproval, click.entity_pk)
        if second is None:
            refuse(client, click.channel, click.user, f"No second approval {click.entity_pk}.")
            return
        proposer, suggestion_pk = second.proposed_by, second.entity_pk
    if click.action == ids.CONFIRM_SECOND and proposer == identity.actor:
        refuse(
            client, click.channel, click.user, "You proposed this approval: another reviewer must confirm it."
        )
        return
    if not first_decision(client, context, f"{click.channel}:{click.ts}:second", click.user, click.channel):
        return
    try:
        if click.action == ids.CONFIRM_SECOND:
            confirm_second_approval(context.engine, context.settings, click.entity_pk, identity=identity)
            verb = "✅ Confirmed"
        else:
            reject_second_approval(
                context.engine, click.entity_pk, identity=identity, reason="declined in Slack"
            )
            verb = "↩️ Declined (back in the queue)"
    except ReviewError as exc:
        refuse(client, click.channel, click.user, f"Nothing done: {exc}")
        return
    decision = f"{decision_line(verb, click.user, identity.name, utc_now())}; proposed by {proposer}"
    redraw_suggestion(client, context, suggestion_pk, (click.channel, click.ts), decision)
