"""``arcopilot inbox``: receive forwarded remittance emails by SMTP and poll an IMAP mailbox."""

from __future__ import annotations

import time
from typing import Annotated, Any

import structlog
import typer
from sqlalchemy import Engine

from copilot.cli.context import actor_name, app_context, console, errors, fail, print_json
from copilot.services.inbox import InboxError, PollSummary, SmtpInbox, poll_imap
from copilot.settings import Settings

log = structlog.get_logger(__name__)


def inbox_command(
    ctx: typer.Context,
    smtp: Annotated[
        bool,
        typer.Option(
            "--smtp/--no-smtp", help="Listen for mail on ARCOPILOT_INBOX_SMTP_HOST:ARCOPILOT_INBOX_SMTP_PORT."
        ),
    ] = True,
    imap: Annotated[
        str | None,
        typer.Option(
            "--imap",
            metavar="URL",
            help="Mailbox to poll, imap://user:password@host:143/INBOX or imaps://… "
            "(default: ARCOPILOT_INBOX_IMAP_URL).",
        ),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll the IMAP mailbox once and exit.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print each poll's summary as JSON.")] = False,
) -> None:
    """Receive remittance emails: an SMTP listener, IMAP polling every ARCOPILOT_INBOX_POLL_SECONDS,
    or both, until Ctrl-C. Each message (and its attachments) is stored and ingested once, even
    when it arrives by both channels.

    Example:

        arcopilot inbox
        arcopilot inbox --no-smtp --imap imaps://ar%40example.com:secret@mail.example.com/INBOX
        arcopilot inbox --once --json
    """
    context = app_context(ctx)
    settings = context.settings
    url = imap or settings.inbox_imap_url
    if once:
        if not url:
            fail("--once polls IMAP: pass --imap URL or set ARCOPILOT_INBOX_IMAP_URL", code=2)
        try:
            summary = poll_imap(settings, context.engine(), actor=actor_name(), url=url)
        except InboxError as exc:
            fail(str(exc))
        _print_summary(summary, as_json=as_json)
        return
    if not smtp and not url:
        fail(
            "nothing to receive: --no-smtp and no IMAP mailbox (--imap URL or ARCOPILOT_INBOX_IMAP_URL)",
            code=2,
        )
    engine = context.engine()
    listener = SmtpInbox(engine, settings, actor=actor_name()) if smtp else None
    if listener is not None:
        try:
            listener.start()
        except OSError as exc:
            fail(f"cannot listen on {settings.inbox_smtp_host}:{settings.inbox_smtp_port}: {exc}")
        errors.print(f"SMTP inbox listening on {settings.inbox_smtp_host}:{settings.inbox_smtp_port}")
    try:
        _run_until_interrupted(settings, engine, url, as_json=as_json)
    finally:
        if listener is not None:
            listener.stop()


def _run_until_interrupted(settings: Settings, engine: Engine, url: str | None, *, as_json: bool) -> None:
    """Poll ``url`` (when given) every ``inbox_poll_seconds`` until Ctrl-C, printing what arrived;
    a failed poll is reported and the next one tried, so a mail server restart does not stop
    the listener."""
    try:
        while True:
            if url:
                try:
                    summary = poll_imap(settings, engine, actor=actor_name(), url=url)
                    if summary.outcomes:
                        _print_summary(summary, as_json=as_json)
                except InboxError as exc:
                    errors.print(f"[red]error:[/red] {exc}", highlight=False)
                except Exception as exc:
                    log.error("inbox.poll_failure", exc_info=exc)
            time.sleep(settings.inbox_poll_seconds)
    except KeyboardInterrupt:
        errors.print("inbox stopped")


def _summary_json(summary: PollSummary) -> dict[str, Any]:
    return {
        "messages_new": summary.messages_new,
        "duplicates": summary.duplicates,
        "documents": [
            {
                "id": outcome.document_pk,
                "message_id": outcome.message_id,
                "status": outcome.status,
                "ingest_status": outcome.file.status if outcome.file else None,
                "reason": outcome.file.reason if outcome.file else None,
            }
            for outcome in summary.outcomes
        ],
    }


def _print_summary(summary: PollSummary, *, as_json: bool) -> None:
    if as_json:
        print_json(_summary_json(summary))
        return
    for outcome in summary.outcomes:
        detail = (
            f" ({outcome.file.status}: {outcome.file.reason})" if outcome.file and outcome.file.reason else ""
        )
        console.print(
            f"{outcome.status} {outcome.message_id} → document {outcome.document_pk}{detail}", highlight=False
        )
    console.print(f"IMAP: {summary.messages_new} new messages, {summary.duplicates} already received.")
