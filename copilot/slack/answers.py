"""Questions asked in Slack: the agent's answer in the thread, and a chart when the answer is
an aged balance or a DSO."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from slack_sdk import WebClient

from copilot.agent.runner import ask
from copilot.db.engine import session_factory, transaction
from copilot.services.audit import record_action
from copilot.services.kpi_data import KPIS, KpiQuery, KpiSource, compute_kpi
from copilot.services.users import Identity
from copilot.slack.blocks import answer_blocks
from copilot.slack.context import CHANNEL, SlackContext
from copilot.slack.posting import post_blocks, upload_png

CHARTED = ("aging", "dso", "dso-trend")
_MENTION = re.compile(r"<@[A-Z0-9]+(\|[^>]*)?>")


def question_of(text: str) -> str:
    """A message without the mentions of the bot (``<@U123> how much…`` → ``how much…``)."""
    return _MENTION.sub(" ", text).strip()


def chart_png(context: SlackContext, kpi: str, as_of: date) -> tuple[str, bytes]:
    """The chart of ``kpi`` (aging, or the DSO trend for DSO) as of ``as_of``: its name and PNG."""
    from copilot.charts import chart_series, render_png  # matplotlib is slow to import; charts only

    charted = KPIS[kpi].chart or kpi
    with session_factory(context.engine)() as session:
        query = KpiQuery(as_of=as_of, currency=context.settings.default_currency)
        result = compute_kpi(KpiSource(session, context.settings), charted, query)
    return charted, render_png(chart_series(result))


def charted_kpis(tool_calls: list[dict[str, Any]]) -> list[str]:
    """The KPIs among the tool results that have a chart, each once."""
    found = []
    for call in tool_calls:
        result = call.get("result")
        kpi = result.get("kpi") if isinstance(result, dict) else None
        if kpi in CHARTED and kpi not in found:
            found.append(kpi)
    return found


def answer_in_thread(
    client: WebClient,
    context: SlackContext,
    identity: Identity,
    text: str,
    channel: str,
    thread_ts: str | None,
    conversation: str,
) -> None:
    """Ask the agent ``text`` in ``conversation`` (earlier turns are context), post the answer and
    its charts in ``thread_ts`` (or in the channel when ``None``)."""
    as_of = context.today()
    question = question_of(text)
    result = ask(
        context.engine,
        context.settings,
        question,
        as_of=as_of,
        thread=conversation,
        channel=CHANNEL,
        user=identity.actor,
    )
    with transaction(context.engine) as session:
        record_action(
            session,
            actor=identity.actor,
            action="slack.ask",
            entity_type="conversation",
            entity_id=conversation,
            details={"question": question, "tools": [call["name"] for call in result.tool_calls]},
        )
    blocks = answer_blocks(result.answer, result.tool_calls)
    post_blocks(client, channel, blocks, result.answer, thread_ts=thread_ts)
    for kpi in charted_kpis(result.tool_calls):
        name, png = chart_png(context, kpi, as_of)
        title = f"{name} {as_of.isoformat()}"
        upload_png(client, channel, png, name=f"{name}.png", title=title, thread_ts=thread_ts)
