"""Files shared with the app (in a direct message or a channel it was invited to): downloaded
with the bot token, ingested once, matched, and answered in the thread with what was read."""

from __future__ import annotations

import hashlib
import tempfile
import urllib.request
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any

import structlog
from slack_sdk import WebClient
from sqlalchemy import select

from copilot.access import Permission
from copilot.db.engine import session_factory
from copilot.db.models import Document, Payment, Remittance, Suggestion
from copilot.services.ingest import ingest_file
from copilot.services.matching import policy_from_settings, run_matching
from copilot.services.once import claim_once
from copilot.services.review_views import suggestion_view
from copilot.slack.blocks import file_reply_blocks, notice_blocks
from copilot.slack.context import CHANNEL, SlackContext, refusal
from copilot.slack.posting import post_blocks, refuse
from tools.money import format_amount

log = structlog.get_logger(__name__)
SHOWN_SUGGESTIONS = ("pending", "auto_applied")
READABLE = frozenset(
    {
        ".pdf",
        ".png",
        ".jpg",
        ".jpeg",
        ".tif",
        ".tiff",
        ".eml",
        ".msg",
        ".xml",
        ".csv",
        ".xlsx",
        ".sta",
        ".mt940",
    }
)


class DownloadError(RuntimeError):
    """Slack did not hand over the file."""


def share_ts(file: dict[str, Any], channel: str) -> str | None:
    """The timestamp of the message that shared ``file`` in ``channel`` (to answer in its thread)."""
    for scope in ("public", "private"):
        shares = file.get("shares", {}).get(scope, {}).get(channel) or []
        if shares:
            return str(shares[0].get("thread_ts") or shares[0]["ts"])
    return None


def download(url: str, token: str, max_bytes: int) -> bytes:
    """The file at Slack's private ``url``, read with the bot token."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        if "text/html" in response.headers.get("Content-Type", ""):
            raise DownloadError("Slack answered with a web page: does the app have the files:read scope?")
        data: bytes = response.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DownloadError(f"larger than {max_bytes // 2**20} MB")
    return data


def _amount(value: Decimal | None, currency: str | None) -> str | None:
    return None if value is None else format_amount(value, currency or "EUR")


def _read_back(context: SlackContext, sha256: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The remittances read from the stored file (and its attachments) and the open suggestions
    for the payments it brought or announced."""
    with session_factory(context.engine)() as session:
        document = session.scalar(select(Document).where(Document.sha256 == sha256))
        if document is None:
            return [], []
        documents = [
            document.id,
            *session.scalars(select(Document.id).where(Document.parent_pk == document.id)),
        ]
        remittances = list(session.scalars(select(Remittance).where(Remittance.document_pk.in_(documents))))
        payment_pks = {r.payment_pk for r in remittances if r.payment_pk is not None}
        payment_pks |= set(session.scalars(select(Payment.id).where(Payment.document_pk.in_(documents))))
        suggestions = session.scalars(
            select(Suggestion)
            .where(
                Suggestion.payment_pk.in_(payment_pks),
                Suggestion.status.in_(SHOWN_SUGGESTIONS),
            )
            .order_by(Suggestion.payment_pk, Suggestion.rank)
        )
        read = [
            {
                "payer_name": remittance.payer_name,
                "payment_amount": _amount(remittance.payment_amount, remittance.currency),
                "currency": remittance.currency,
                "lines": [
                    {
                        "invoice_number": line.invoice_number,
                        "paid_amount": _amount(line.paid_amount, remittance.currency),
                    }
                    for line in remittance.lines
                ],
            }
            for remittance in remittances
        ]
        return read, [suggestion_view(session, suggestion) for suggestion in suggestions]


def ingest_shared_file(
    client: WebClient,
    context: SlackContext,
    *,
    file_id: str,
    user_id: str,
    channel: str,
    thread_ts: str | None,
) -> None:
    """Read a shared file once (however many events announce it) and answer in its thread."""
    identity = context.identity(user_id)
    info: dict[str, Any] = client.files_info(file=file_id)["file"]
    name = PurePath(str(info.get("name") or file_id)).name
    if Path(name).suffix.lower() not in READABLE:
        return
    thread_ts = thread_ts or share_ts(info, channel)
    refused = refusal(identity, user_id, Permission.COLLECT)
    if refused is not None or identity is None:
        refuse(client, channel, user_id, refused or "", thread_ts=thread_ts)
        return
    if not claim_once(context.engine, "slack_file", file_id):
        return
    token = context.settings.slack_bot_token
    max_bytes = int(context.settings.max_file_mb * 2**20)
    try:
        data = download(
            str(info["url_private_download"]), token.get_secret_value() if token else "", max_bytes
        )
    except (OSError, DownloadError) as exc:
        log.warning("slack_download_failed", file_id=file_id, error=str(exc))
        post_blocks(
            client, channel, notice_blocks(f"I could not download {name}: {exc}"), name, thread_ts=thread_ts
        )
        return
    with tempfile.TemporaryDirectory(prefix="arcopilot-slack-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        outcome = ingest_file(context.engine, context.settings, path, actor=identity.actor, source=CHANNEL)
    if outcome.status in {"ingested", "partial"}:
        run_matching(context.engine, policy_from_settings(context.settings))
    remittances, suggestions = _read_back(context, hashlib.sha256(data).hexdigest())
    summary = {
        "status": outcome.status,
        "format": outcome.format,
        "reason": outcome.reason,
        "payments_new": outcome.payments_new,
        "remittances_new": outcome.remittances_new,
    }
    blocks = file_reply_blocks(name, summary, remittances, suggestions)
    post_blocks(client, channel, blocks, f"{name}: {outcome.status}", thread_ts=thread_ts)
