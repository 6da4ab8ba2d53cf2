"""``/ar``: the subcommands, their usage errors, and what each does once acknowledged."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from slack_sdk import WebClient

from copilot.access import Permission
from copilot.customer_names import UnknownCustomer
from copilot.db.engine import session_factory, transaction
from copilot.dunning.planning import day_plan
from copilot.locales import parse_typed_amount
from copilot.notes.errors import NotesError
from copilot.services.audit import record_action
from copilot.services.kpi_data import KpiQuery, KpiSource, compute_kpi
from copilot.services.promises import add_promise
from copilot.services.users import Identity
from copilot.slack.answers import answer_in_thread, chart_png
from copilot.slack.blocks import escape, kpi_blocks, section
from copilot.slack.context import SlackContext, refusal, thread_key
from copilot.slack.posting import post_blocks, post_draft_cards, post_review_cards, refuse, upload_png

NEEDS = {
    "help": Permission.READ,
    "ask": Permission.READ,
    "aging": Permission.READ,
    "customer": Permission.READ,
    "review": Permission.READ,
    "dunning": Permission.COLLECT,
    "promise": Permission.COLLECT,
}
ALONE = ("help", "aging", "review", "dunning")
PROMISE_USAGE = "/ar promise CUSTOMER AMOUNT [CURRENCY] DATE"
CURRENCY = re.compile(r"[A-Za-z]{3}")


class UsageError(ValueError):
    """A ``/ar`` command that cannot be run as typed; the message says what is wrong."""


@dataclass(frozen=True)
class Promise:
    """``/ar promise CUSTOMER AMOUNT [CURRENCY] DATE``."""

    customer: str
    amount: Decimal
    promised_date: date
    currency: str | None = None


@dataclass(frozen=True)
class ArCommand:
    """A parsed ``/ar`` command."""

    name: str
    argument: str = ""
    promise: Promise | None = None


def _promise(argument: str) -> Promise:
    parts = argument.split()
    currency = parts.pop(-2).upper() if len(parts) >= 4 and CURRENCY.fullmatch(parts[-2]) else None
    if len(parts) < 3:
        raise UsageError(f"usage: {PROMISE_USAGE}, e.g. /ar promise Acme 1200.50 2026-12-15")
    customer, amount_text, date_text = " ".join(parts[:-2]), parts[-2], parts[-1]
    try:
        amount = parse_typed_amount(amount_text)
    except ValueError:
        raise UsageError(f"{amount_text!r} is not an amount; write it like 1200.50") from None
    if amount <= 0:
        raise UsageError(f"the promised amount must be positive, got {amount_text}")
    try:
        promised = date.fromisoformat(date_text)
    except ValueError:
        raise UsageError(f"{date_text!r} is not a date; write it like 2026-12-15") from None
    return Promise(customer, amount, promised, currency)


def parse_command(text: str) -> ArCommand:
    """The subcommand of ``/ar TEXT`` and its argument; :class:`UsageError` when malformed."""
    word, _, argument = text.strip().partition(" ")
    name, argument = (word.casefold() or "help"), argument.strip()
    if name not in NEEDS:
        raise UsageError(f"unknown subcommand {word!r}; /ar help lists them")
    if name in ALONE and argument:
        raise UsageError(f"/ar {name} takes nothing after it, got {argument!r}")
    if name == "ask" and not argument:
        raise UsageError("/ar ask needs a question, e.g. /ar ask who is more than 60 days late?")
    if name == "customer" and not argument:
        raise UsageError("/ar customer needs a customer id or name, e.g. /ar customer Acme")
    return ArCommand(name, argument, _promise(argument) if name == "promise" else None)


def run_command(
    client: WebClient, context: SlackContext, identity: Identity, command: dict[str, Any]
) -> None:
    """Do what an acknowledged ``/ar`` command asks and post the result (``help`` was the
    acknowledgement itself)."""
    parsed = parse_command(str(command.get("text") or ""))
    channel, user = str(command["channel_id"]), str(command["user_id"])
    as_of = context.today()
    if parsed.name == "ask":
        ts = post_blocks(
            client, channel, [section(f"<@{user}> asked: {escape(parsed.argument)}")], parsed.argument
        )
        answer_in_thread(client, context, identity, parsed.argument, channel, ts, thread_key(channel, ts))
    elif parsed.name == "aging":
        _kpi(
            client,
            context,
            channel,
            "aging",
            KpiQuery(as_of, context.settings.default_currency),
            "Aged balance",
        )
        name, png = chart_png(context, "aging", as_of)
        upload_png(client, channel, png, name=f"{name}.png", title=f"Aged balance {as_of.isoformat()}")
    elif parsed.name == "customer":
        query = KpiQuery(as_of, context.settings.default_currency, customer=parsed.argument)
        try:
            _kpi(client, context, channel, "open-items", query, f"Open items of {parsed.argument}")
        except UnknownCustomer as exc:
            refuse(client, channel, user, str(exc))
    elif parsed.name == "review":
        target = context.settings.slack_review_channel or channel
        posted = post_review_cards(client, context, target)
        _audit(context, identity, "slack.review_cards_posted", {"channel": target, "cards": posted})
        refuse(
            client,
            channel,
            user,
            f"{posted} suggestions posted for review in <#{target}>."
            if posted
            else "Nothing new waits for review.",
        )
    elif parsed.name == "dunning":
        posted = post_draft_cards(client, context, channel)
        with session_factory(context.engine)() as session:
            planned = len(day_plan(session, context.settings, as_of=as_of).actions)
        _audit(context, identity, "slack.draft_cards_posted", {"channel": channel, "cards": posted})
        refuse(
            client,
            channel,
            user,
            f"{posted} reminder drafts posted; {planned} reminders are due on {as_of.isoformat()} "
            "(write them with `arcopilot dunning draft CUSTOMER`).",
        )
    elif parsed.promise is not None:
        _promise_to_pay(client, context, identity, parsed.promise, channel, user)


def _kpi(
    client: WebClient, context: SlackContext, channel: str, kpi: str, query: KpiQuery, title: str
) -> None:
    with session_factory(context.engine)() as session:
        result = compute_kpi(KpiSource(session, context.settings), kpi, query).to_json()
    post_blocks(client, channel, kpi_blocks(title, result), title)


def _promise_to_pay(
    client: WebClient, context: SlackContext, identity: Identity, promise: Promise, channel: str, user: str
) -> None:
    try:
        with transaction(context.engine) as session:
            view = add_promise(
                session,
                context.settings,
                promise.customer,
                promise.amount,
                promise.promised_date,
                made_on=context.today(),
                currency=promise.currency,
                author=identity.actor,
            )
    except (NotesError, UnknownCustomer) as exc:
        refuse(client, channel, user, f"Promise not recorded: {exc}")
        return
    text = (
        f"Promise recorded by <@{user}>: {escape(view.customer_name)} will pay {view.amount} {view.currency} "
        f"by {view.promised_date.isoformat()}."
    )
    post_blocks(client, channel, [section(text)], text)


def _audit(context: SlackContext, identity: Identity, action: str, details: dict[str, Any]) -> None:
    with transaction(context.engine) as session:
        record_action(
            session, actor=identity.actor, action=action, entity_type="slack", entity_id=None, details=details
        )


def immediate_reply(context: SlackContext, command: dict[str, Any]) -> str | None:
    """What ``/ar`` answers at once, before any work: help, a usage error or a refusal."""
    try:
        parsed = parse_command(str(command.get("text") or ""))
    except UsageError as exc:
        return str(exc)
    user = str(command["user_id"])
    refused = refusal(context.identity(user), user, NEEDS[parsed.name])
    if refused is not None:
        return refused
    return None
