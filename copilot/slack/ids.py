"""The ids Slack sends back: slash command, button actions and modal callbacks."""

from __future__ import annotations

COMMAND = "/ar"

APPROVE_SUGGESTION = "suggestion_approve"
REJECT_SUGGESTION = "suggestion_reject"
EDIT_SUGGESTION = "suggestion_edit"
EDIT_SUGGESTION_VIEW = "suggestion_edit_view"
CONFIRM_SECOND = "second_confirm"
DECLINE_SECOND = "second_decline"

APPROVE_DRAFT = "draft_approve"
EDIT_DRAFT = "draft_edit"
SEND_DRAFT = "draft_send"
EDIT_DRAFT_VIEW = "draft_edit_view"

ALLOCATIONS_BLOCK = "allocations"
ALLOCATIONS_INPUT = "allocations_input"
DEDUCTION_CODE_BLOCK = "deduction_code"
DEDUCTION_CODE_INPUT = "deduction_code_input"
SUBJECT_BLOCK = "subject"
SUBJECT_INPUT = "subject_input"
BODY_BLOCK = "body"
BODY_INPUT = "body_input"

SUGGESTION_ACTIONS = (APPROVE_SUGGESTION, REJECT_SUGGESTION, EDIT_SUGGESTION)
SECOND_ACTIONS = (CONFIRM_SECOND, DECLINE_SECOND)
DRAFT_ACTIONS = (APPROVE_DRAFT, EDIT_DRAFT, SEND_DRAFT)
