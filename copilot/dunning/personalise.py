"""An LLM's personal rewrite of a reminder's text, kept only when it states nothing but the facts.

With ``llm_provider="openai"`` the chat model rewrites the template's text body in tone and
context (prompt: ``prompts/dunning/personalise.md``, with the draft's facts and the customer's
recent notes). The rewrite is **rejected** — the template text stays, and the reason is logged
as ``dunning_draft_llm_rejected`` — when

- a figure (amount, date, number) in it is not in the facts nor in the template's own text
  (:func:`copilot.agent.grounding.unsupported_figures`);
- an invoice number of the facts no longer appears in it;
- a token that looks like an invoice number (letters then digits, e.g. ``FA-2026-0012``,
  ``INV10023``) appears that is neither one of the facts' nor written in the template's text
  (such as ``L441-10``);
- the endpoint fails or answers nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import structlog
from langchain_core.messages import HumanMessage, SystemMessage
from openai import OpenAIError

from copilot.agent.grounding import AllowedFigures, unsupported_figures
from copilot.llm.provider import chat_model
from copilot.locales import Language
from copilot.settings import Settings
from prompts import read_prompt

log = structlog.get_logger(__name__)
_LANGUAGE_NAMES: dict[Language, str] = {"fr": "French", "en": "English"}
_INVOICE_LIKE = re.compile(r"(?<![\w/.-])[A-Za-z][\w/.-]*\d[\w/.-]*")
_NO_NOTES = "(none)"


@dataclass(frozen=True, slots=True)
class Rewrite:
    """What the LLM produced: the text kept, or why it was not."""

    text: str | None
    reason: str | None = None


def invoice_numbers(facts: dict[str, Any]) -> list[str]:
    """The invoice numbers the facts state (lines and late charges), each once."""
    numbers = [str(line["invoice_number"]) for line in facts.get("lines", [])]
    numbers += [str(charge["invoice_number"]) for charge in facts.get("charges", [])]
    return list(dict.fromkeys(numbers))


def invoice_like_tokens(text: str) -> set[str]:
    """Tokens of ``text`` shaped like invoice numbers: a letter first, a digit somewhere."""
    return {match.group(0).rstrip(".-/") for match in _INVOICE_LIKE.finditer(text)}


def _mentions(text: str, number: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(number)}(?![\w-])", text) is not None


def rewrite_problems(
    text: str, *, facts: dict[str, Any], template_text: str, language: Language
) -> list[str]:
    """Why ``text`` may not replace ``template_text`` (empty: it states only the facts)."""
    call = {"name": "dunning_facts", "args": {}, "result": facts}
    allowed = AllowedFigures.of([call], date.fromisoformat(facts["as_of"]), template_text)
    problems = [
        f"figure {figure.text!r} is not in the facts"
        for figure in unsupported_figures(text, allowed, language)
    ]
    numbers = invoice_numbers(facts)
    problems += [f"invoice {number} is missing" for number in numbers if not _mentions(text, number)]
    known = set(numbers) | invoice_like_tokens(template_text)
    problems += [
        f"unknown invoice-like token {token!r}" for token in sorted(invoice_like_tokens(text) - known)
    ]
    return problems


def personalise(
    settings: Settings,
    *,
    facts: dict[str, Any],
    template_text: str,
    language: Language,
    notes: Sequence[str] = (),
) -> Rewrite:
    """The LLM's rewrite of ``template_text`` if it passes every check (module docs), else the reason.

    With the offline ``rules`` provider nothing is asked (``Rewrite(None)``).
    """
    model = chat_model(settings)
    if model is None:
        return Rewrite(None)
    prompt = read_prompt("dunning/personalise.md").format(
        language_name=_LANGUAGE_NAMES[language],
        stage=facts["stage"]["key"],
        tone=facts["stage"]["tone"],
        facts=json.dumps(facts, ensure_ascii=False, indent=1),
        notes="\n".join(f"- {note}" for note in notes) or _NO_NOTES,
    )
    customer_id = facts["customer"]["customer_id"]
    try:
        reply = model.invoke([SystemMessage(prompt), HumanMessage(template_text)])
    except (OpenAIError, httpx.HTTPError) as error:
        return _rejected(customer_id, [f"the LLM endpoint failed: {error}"])
    text = reply.text.strip()
    if not text:
        return _rejected(customer_id, ["the LLM answered nothing"])
    problems = rewrite_problems(text, facts=facts, template_text=template_text, language=language)
    if problems:
        return _rejected(customer_id, problems)
    return Rewrite(text + "\n")


def _rejected(customer_id: str, problems: list[str]) -> Rewrite:
    reason = "; ".join(problems)
    log.warning("dunning_draft_llm_rejected", customer_id=customer_id, reason=reason)
    return Rewrite(None, reason)
