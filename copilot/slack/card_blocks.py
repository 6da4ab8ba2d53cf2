"""Block Kit for cards (a suggestion to review, a reminder draft) and the modals that edit them.

A card carries its buttons until someone acts; then the same card is redrawn with a line
saying who did what and when, and without buttons.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from copilot.slack import ids
from copilot.slack.blocks import Block, clip, context, escape, section, table

BODY_LIMIT = 2900  # a plain-text input holds at most 3000 characters


def decision_line(verb: str, slack_user_id: str, name: str, when: datetime) -> str:
    """``Approved by @marie (marie) on 2026-10-31 at 14:05 UTC``."""
    return f"{verb} by <@{slack_user_id}> ({escape(name)}) on {when:%Y-%m-%d} at {when:%H:%M} UTC"


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _confirm(title: str, text: str, yes: str) -> dict[str, Any]:
    return {
        "title": {"type": "plain_text", "text": title},
        "text": {"type": "mrkdwn", "text": text},
        "confirm": {"type": "plain_text", "text": yes},
        "deny": {"type": "plain_text", "text": "Cancel"},
    }


def review_card(
    view: dict[str, Any], *, decision: str | None = None, second_pk: int | None = None
) -> list[Block]:
    """A queued suggestion (``suggestion_view(detailed=True)``): the payment, the invoices and
    deductions proposed, confidence and explanation, then buttons or the ``decision`` taken
    (with Confirm / Decline when it waits for the second approval ``second_pk``)."""
    payer = view.get("payer_name") or "unknown payer"
    customer = view.get("customer_name") or "no customer"
    key = str(view["suggestion_id"])
    blocks: list[Block] = [
        section(
            f"*Payment {escape(view['payment_id'])}* · {view['amount']} {view['currency']} "
            f"from {escape(payer)} on {view['booking_date']}\n"
            f"Suggested for *{escape(customer)}* · confidence {view['confidence']:.2f} · "
            f"unapplied {view['unapplied_amount']}"
        )
    ]
    lines = [
        {
            "invoice": line["invoice_number"],
            "open": line["invoice_open_amount"],
            "applied": line["amount"],
            "discount": line["discount_amount"],
            "deduction": line["deduction_amount"],
            "code": line["deduction_code"] or "",
        }
        for line in view["lines"]
    ]
    if lines:
        blocks.append(section(table(lines)))
    explanation = [escape(str(reason)) for reason in view.get("explanation") or []]
    if view.get("reference"):
        explanation.insert(0, f"Reference: {escape(str(view['reference']))}")
    if explanation:
        blocks.append(context(*explanation))
    if decision is None:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"suggestion:{key}",
                "elements": [
                    _button("Approve", ids.APPROVE_SUGGESTION, key, "primary"),
                    {
                        **_button("Reject", ids.REJECT_SUGGESTION, key, "danger"),
                        "confirm": _confirm("Reject?", "The payment goes back to manual matching.", "Reject"),
                    },
                    _button("Edit", ids.EDIT_SUGGESTION, key),
                ],
            }
        )
    else:
        blocks.append(context(decision))
    if second_pk is not None:
        second = str(second_pk)
        blocks.append(
            {
                "type": "actions",
                "block_id": f"second:{second}",
                "elements": [
                    _button("Confirm", ids.CONFIRM_SECOND, second, "primary"),
                    _button("Decline", ids.DECLINE_SECOND, second, "danger"),
                ],
            }
        )
    return blocks


def draft_card(draft: dict[str, Any], *, done: str | None = None) -> list[Block]:
    """A dunning draft (``DraftView.as_json(full=False)``) with the buttons its status allows
    (a draft: Approve, Edit; approved: Send) and, after an action, who did what."""
    key = str(draft["draft_id"])
    to = draft.get("to") or "no address"
    blocks: list[Block] = [
        section(
            f"*Reminder {key}* to *{escape(draft['customer_name'])}* ({escape(draft['customer_id'])}) · "
            f"stage {escape(draft['stage'])} · {escape(draft['channel'])} to {escape(to)} · "
            f"{draft.get('total_open') or ''} {draft['currency']} open · {draft['status']}"
        ),
        section(f"*{escape(draft['subject'])}*\n```{escape(clip(draft['body'], 2500))}```"),
    ]
    if done is not None:
        blocks.append(context(done))
    elements = []
    if draft["status"] == "draft":
        elements = [
            _button("Approve", ids.APPROVE_DRAFT, key, "primary"),
            _button("Edit", ids.EDIT_DRAFT, key),
        ]
    elif draft["status"] == "approved":
        confirm = _confirm("Send?", "This reminder is sent now to the customer.", "Send")
        elements = [{**_button("Send", ids.SEND_DRAFT, key, "primary"), "confirm": confirm}]
    if elements:
        blocks.append({"type": "actions", "block_id": f"draft:{key}", "elements": elements})
    return blocks


def card_metadata(suggestion_or_draft: int, channel: str, ts: str) -> str:
    """What a modal remembers of the card it was opened from."""
    return json.dumps({"id": suggestion_or_draft, "channel": channel, "ts": ts})


def _text_input(
    block_id: str, action_id: str, label: str, value: str, *, multiline: bool, optional: bool = False
) -> Block:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": action_id, "multiline": multiline}
    if value:
        element["initial_value"] = clip(value, BODY_LIMIT)
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def allocation_text(view: dict[str, Any]) -> str:
    """The suggestion's lines as the modal shows them: ``INVOICE AMOUNT [DEDUCTION [CODE]]``."""
    rows = []
    for line in view["lines"]:
        row = [line["invoice_number"], line["amount"]]
        if line["deduction_amount"] not in {"0.00", "0"}:
            row += [line["deduction_amount"], *([line["deduction_code"]] if line["deduction_code"] else [])]
        rows.append(" ".join(row))
    return "\n".join(rows)


def edit_suggestion_modal(view: dict[str, Any], metadata: str) -> dict[str, Any]:
    """The modal that changes a suggestion's allocations or deduction code before approving."""
    return _modal(
        ids.EDIT_SUGGESTION_VIEW,
        metadata,
        f"Edit suggestion {view['suggestion_id']}",
        "Approve",
        [
            section(
                f"Payment {escape(view['payment_id'])} of {view['amount']} {view['currency']}. "
                "One invoice a line: `INVOICE AMOUNT [DEDUCTION [CODE]]`."
            ),
            _text_input(
                ids.ALLOCATIONS_BLOCK,
                ids.ALLOCATIONS_INPUT,
                "Allocations",
                allocation_text(view),
                multiline=True,
            ),
            _text_input(
                ids.DEDUCTION_CODE_BLOCK,
                ids.DEDUCTION_CODE_INPUT,
                "Deduction code (for every deduction, e.g. PRICING)",
                "",
                multiline=False,
                optional=True,
            ),
        ],
    )


def edit_draft_modal(draft: dict[str, Any], metadata: str) -> dict[str, Any]:
    """The modal that rewrites a reminder's subject and text."""
    return _modal(
        ids.EDIT_DRAFT_VIEW,
        metadata,
        f"Edit reminder {draft['draft_id']}",
        "Save",
        [
            _text_input(ids.SUBJECT_BLOCK, ids.SUBJECT_INPUT, "Subject", draft["subject"], multiline=False),
            _text_input(ids.BODY_BLOCK, ids.BODY_INPUT, "Text", draft["body"], multiline=True),
        ],
    )


def _modal(
    callback_id: str, metadata: str, title: str, submit: str, blocks: list[dict[str, Any]]
) -> dict[str, Any]:
    """A modal view with a Cancel button."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }
