"""Conversation threads: each turn stored with its tool calls, replayed as context for follow-ups."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from copilot.db.copilot_models import Conversation, ConversationTurn

HISTORY_TURNS = 6


@dataclass(frozen=True)
class TurnRecord:
    """What one turn asked, answered and called."""

    question: str
    answer: str
    language: str
    as_of: date
    tool_calls: list[dict[str, Any]]
    grounded: bool


def conversation(session: Session, channel: str, thread_key: str, *, user: str | None = None) -> Conversation:
    """The thread ``(channel, thread_key)``, created on its first turn (safe when two start it at once)."""
    query = select(Conversation).where(Conversation.channel == channel, Conversation.thread_key == thread_key)
    found = session.scalars(query).one_or_none()
    if found is not None:
        return found
    try:
        with session.begin_nested():
            created = Conversation(channel=channel, thread_key=thread_key, user=user)
            session.add(created)
        return created
    except IntegrityError:
        return session.scalars(query).one()


def history_messages(session: Session, thread: Conversation) -> list[BaseMessage]:
    """The last turns of ``thread`` as chat messages: question, tool calls, results, answer."""
    turns = session.scalars(
        select(ConversationTurn)
        .where(ConversationTurn.conversation_pk == thread.id)
        .order_by(ConversationTurn.id.desc())
        .limit(HISTORY_TURNS)
    ).all()
    messages: list[BaseMessage] = []
    for turn in reversed(turns):
        messages.append(HumanMessage(turn.question))
        calls = [
            {"name": call["name"], "args": call["args"], "id": f"turn{turn.id}_{index}", "type": "tool_call"}
            for index, call in enumerate(turn.tool_calls)
        ]
        if calls:
            messages.append(AIMessage(content="", tool_calls=calls))
            messages += [
                ToolMessage(
                    json.dumps(call["result"], ensure_ascii=False, default=str), tool_call_id=made["id"]
                )
                for call, made in zip(turn.tool_calls, calls, strict=True)
            ]
        messages.append(AIMessage(turn.answer))
    return messages


def record_turn(session: Session, thread: Conversation, turn: TurnRecord) -> ConversationTurn:
    """Store a turn of ``thread``."""
    row = ConversationTurn(
        conversation_pk=thread.id,
        question=turn.question,
        answer=turn.answer,
        language=turn.language,
        as_of=turn.as_of,
        tool_calls=turn.tool_calls,
        grounded=turn.grounded,
    )
    session.add(row)
    session.flush()
    return row
