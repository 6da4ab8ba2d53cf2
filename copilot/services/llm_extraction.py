"""A remittance advice read by a language model, as records checked like the parser's.

The system message is ``prompts/remittance_extraction.md``; the document goes in the user
message between delimiters (``prompts/remittance_document.md``), as data. The model answers
in the :class:`~copilot.llm.remittance_schema.LlmRemittanceAdvice` structure; it only reads,
it never acts: instruction-like text in the document comes back in
``suspicious_instructions`` and changes nothing else. Any failure of the model (timeout, HTTP
error, refusal, invalid JSON) gives a warning and no records, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import httpx
from langchain_core.exceptions import LangChainException
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from openai import OpenAIError

from copilot.llm.remittance_schema import LlmRemittanceAdvice, remittance_records
from ingest.records import RemittanceRecord
from prompts import read_prompt

# Structured output through ``response_format`` (a JSON schema): served by OpenAI and by the
# local OpenAI-compatible servers (vLLM guided decoding, llama.cpp and Ollama grammars)
# whether or not the model's chat template supports tool calls, which "function_calling" needs.
STRUCTURED_OUTPUT_METHOD: Final[Literal["json_schema"]] = "json_schema"
SYSTEM_PROMPT: Final = "remittance_extraction.md"
DOCUMENT_PROMPT: Final = "remittance_document.md"
DOCUMENT_END: Final = "DOCUMENT>>>"

# What a model call may raise: provider and parsing errors, transport errors, bad JSON.
MODEL_ERRORS: Final = (LangChainException, OpenAIError, httpx.HTTPError, ValueError)
MAX_REASON_CHARS: Final = 300


@dataclass(frozen=True)
class LlmExtraction:
    """What the model read: records, warnings, and instruction-like passages it reported.

    ``failed`` is true when the model gave no usable answer (the warning says why).
    """

    records: tuple[RemittanceRecord, ...]
    warnings: tuple[str, ...]
    suspicious_instructions: tuple[str, ...]
    failed: bool = False


def extraction_messages(text: str) -> list[BaseMessage]:
    """The system prompt and the document, delimited as data (a delimiter inside it is defused)."""
    document = text.replace(DOCUMENT_END, DOCUMENT_END.replace(">", "> "))
    user = read_prompt(DOCUMENT_PROMPT).replace("{document}", document)
    return [SystemMessage(read_prompt(SYSTEM_PROMPT)), HumanMessage(user)]


def llm_remittances(text: str, model: BaseChatModel, *, default_currency: str, locator: str) -> LlmExtraction:
    """Ask ``model`` for the remittances in ``text``; records are located at ``locator``."""
    try:
        structured = model.with_structured_output(LlmRemittanceAdvice, method=STRUCTURED_OUTPUT_METHOD)
        answer = LlmRemittanceAdvice.model_validate(structured.invoke(extraction_messages(text)))
    except MODEL_ERRORS as exc:
        return failed_extraction(exc)
    converted = remittance_records(answer, default_currency=default_currency, locator=locator)
    suspicious = tuple(passage.strip() for passage in answer.suspicious_instructions if passage.strip())
    return LlmExtraction(
        records=converted.records, warnings=converted.warnings, suspicious_instructions=suspicious
    )


def failed_extraction(exc: BaseException) -> LlmExtraction:
    """No records and one warning, ``LLM extraction failed: <error type>: <message on one line>``."""
    message = " ".join(str(exc).split())[:MAX_REASON_CHARS]
    warning = f"LLM extraction failed: {type(exc).__name__}" + (f": {message}" if message else "")
    return LlmExtraction(records=(), warnings=(warning,), suspicious_instructions=(), failed=True)
