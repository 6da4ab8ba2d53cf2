"""Block Kit for answers: a sentence, a table of the numbers, the tool results behind them.

Pure functions from data to the JSON Slack renders; cards and modals are in
:mod:`copilot.slack.card_blocks`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

Block = dict[str, Any]

SECTION_LIMIT = 2900  # Slack refuses section text over 3000 characters
TABLE_ROWS = 10
CONTEXT_ELEMENTS = 10  # the most a context block holds


def escape(text: str) -> str:
    """``text`` safe inside mrkdwn (Slack's three control characters escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int = SECTION_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, marked with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(text: str) -> Block:
    """A mrkdwn section."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text)}}


def context(*texts: str) -> Block:
    """A context block of small mrkdwn lines."""
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": clip(text, 2000)} for text in texts[:CONTEXT_ELEMENTS]],
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """``rows`` as a monospaced table in a code block (the first ``TABLE_ROWS`` of them)."""
    shown = list(rows[:TABLE_ROWS])
    names = list(columns or (shown[0].keys() if shown else []))
    cells = [[_cell(row.get(name)) for name in names] for row in shown]
    widths = [max([len(name), *(len(line[i]) for line in cells)]) for i, name in enumerate(names)]
    lines = ["  ".join(name.ljust(width) for name, width in zip(names, widths, strict=True))]
    lines += [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells
    ]
    more = len(rows) - len(shown)
    body = "\n".join(line.rstrip() for line in lines)
    return f"```{escape(body)}```" + (f"\n…and {more} more" if more > 0 else "")


def _headline(result: dict[str, Any]) -> dict[str, Any] | None:
    """The one-row table of a result without rows: its value and currency."""
    if result.get("value") is None:
        return None
    return {"kpi": result.get("kpi", ""), "value": result["value"], "currency": result.get("currency") or ""}


def numbers_section(tool_calls: Sequence[dict[str, Any]]) -> Block | None:
    """A table of the numbers of the turn: the rows of the first tool result that has any."""
    for call in tool_calls:
        result = call.get("result")
        if not isinstance(result, dict):
            continue
        rows = result.get("rows")
        if isinstance(rows, list) and rows and all(isinstance(row, dict) for row in rows):
            return section(table(rows))
        headline = _headline(result)
        if headline is not None:
            return section(table([headline]))
    return None


def _call_line(call: dict[str, Any]) -> str:
    args = ", ".join(f"{name}={value}" for name, value in sorted(call.get("args", {}).items()))
    result = call.get("result")
    if isinstance(result, dict) and "error" in result:
        outcome = f"error: {result['error']}"
    elif isinstance(result, dict):
        facts = {
            key: result[key] for key in ("kpi", "as_of", "value", "currency") if result.get(key) is not None
        }
        rows = result.get("rows")
        outcome = ", ".join(f"{key} {value}" for key, value in facts.items())
        if isinstance(rows, list):
            outcome += f"{', ' if outcome else ''}{len(rows)} rows"
    else:
        outcome = _cell(result)
    return escape(f"{call.get('name', '?')}({args}) → {outcome or 'done'}")


def answer_blocks(answer: str, tool_calls: Sequence[dict[str, Any]]) -> list[Block]:
    """An agent's answer: the sentence, the numbers as a table, the tool calls in a context block."""
    blocks = [section(escape(answer) or "…")]
    numbers = numbers_section(tool_calls)
    if numbers is not None:
        blocks.append(numbers)
    if tool_calls:
        blocks.append(context(*(_call_line(call) for call in tool_calls)))
    return blocks


def kpi_blocks(title: str, result: dict[str, Any]) -> list[Block]:
    """A KPI for ``/ar``: its headline, its rows as a table, and where the figures come from."""
    value = result.get("value")
    currency = result.get("currency") or ""
    headline = f"*{escape(title)}*: {escape(str(value))} {escape(currency)}".rstrip()
    blocks = [section(headline if value is not None else f"*{escape(title)}*")]
    rows = result.get("rows") or []
    blocks.append(section(table(rows)) if rows else section("Nothing to show."))
    blocks.append(context(escape(f"kpi {result.get('kpi')} as of {result.get('as_of')}")))
    return blocks


def notice_blocks(text: str) -> list[Block]:
    """A one-sentence message (refusals, usage errors, confirmations)."""
    return [section(escape(text))]


HELP = (
    ("/ar help", "this list"),
    ("/ar ask QUESTION", "ask the copilot (or mention me, or write to me directly)"),
    ("/ar aging", "the aged balance, with a chart"),
    ("/ar customer NAME", "a customer's open items"),
    ("/ar review", "post the suggestions waiting for review as cards"),
    ("/ar dunning", "post today's reminder drafts as cards"),
    (
        "/ar promise CUSTOMER AMOUNT [CURRENCY] DATE",
        "record a promise to pay, e.g. /ar promise Acme 1200 2026-12-15",
    ),
)


def help_blocks() -> list[Block]:
    """What ``/ar`` does."""
    lines = "\n".join(f"`{escape(usage)}` — {escape(what)}" for usage, what in HELP)
    return [
        section(f"*AR Copilot*\n{lines}"),
        context("Share a remittance PDF, image or e-mail with me to have it read and matched."),
    ]


def _extraction_line(remittance: dict[str, Any]) -> str:
    lines = ", ".join(
        f"{line['invoice_number'] or '?'} {line['paid_amount'] or ''}".rstrip()
        for line in remittance["lines"]
    )
    payer = remittance["payer_name"] or "an unnamed payer"
    amount = f"{remittance['payment_amount']} {remittance['currency'] or ''}".rstrip()
    return f"Remittance from {payer}: {amount}" + (f" — {lines}" if lines else "")


def file_reply_blocks(
    name: str,
    outcome: dict[str, Any],
    remittances: Sequence[dict[str, Any]],
    suggestions: Sequence[dict[str, Any]],
) -> list[Block]:
    """What was read from a shared file and the match suggestions that followed."""
    status = outcome["status"]
    if status == "duplicate_file":
        return notice_blocks(f"{name} was already received; nothing new to read.")
    if status in {"quarantined", "already_quarantined"}:
        return notice_blocks(f"I could not read {name}: {outcome.get('reason') or 'unknown format'}.")
    read = f"*{escape(name)}* ({escape(str(outcome.get('format')))}): "
    read += f"{outcome['payments_new']} new payments, {outcome['remittances_new']} remittance advices."
    blocks = [section(read)]
    blocks += [section(escape(_extraction_line(remittance))) for remittance in remittances]
    if suggestions:
        rows = [
            {
                "suggestion": view["suggestion_id"],
                "payment": view["payment_id"],
                "amount": view["amount"],
                "customer": view["customer_name"] or "",
                "invoices": " ".join(line["invoice_number"] for line in view["lines"]),
                "confidence": f"{view['confidence']:.2f}",
                "status": view["status"],
            }
            for view in suggestions
        ]
        blocks.append(section("*Match suggestions*\n" + table(rows)))
    else:
        blocks.append(context("No match suggestion yet: the payment may not have arrived."))
    return blocks
