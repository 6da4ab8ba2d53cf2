"""The agent's tools: typed wrappers around the deterministic KPI, risk, forecast, notes, review and
dunning code.

Every tool reads, except two that only prepare something for a person: ``draft_reminder`` writes
a reminder draft awaiting approval and ``propose_approval`` logs a proposed match approval;
neither approves, applies or sends anything. A tool returns the JSON-ready result its answer is written from
(amounts as strings, dates ISO). The registry :data:`TOOLS` is the one list the rules model, the
LLM binding, the CLI and the scorecard share.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel

from copilot.agent.tool_args import (
    CurrencyArgs,
    CustomerArgs,
    CustomerPeriodArgs,
    DeductionArgs,
    DraftArgs,
    DsoArgs,
    DueSoonArgs,
    ForecastArgs,
    NoArgs,
    NotesArgs,
    OverdueArgs,
    PeriodArgs,
    ProposalArgs,
    ReviewArgs,
    RiskArgs,
    SnapshotArgs,
    TopArgs,
)
from copilot.agent.workspace import CustomerNotFound, Workspace
from copilot.customer_names import CustomerMention
from copilot.db.models import Suggestion
from copilot.dunning.drafting import create_draft
from copilot.dunning.errors import DunningError
from copilot.dunning.payment_plans import customer_plans
from copilot.dunning.planning import day_plan
from copilot.notes import customer_promises, search_notes
from copilot.services.audit import record_action
from copilot.services.customer_payments import customer_payments
from copilot.services.kpi_data import KpiQuery, compute_kpi
from copilot.services.review_views import review_queue, suggestion_view
from tools import forecast
from tools.kpis import KpiResult

MAX_ROWS = 25
SCORE_SCALE = {"score_scale": "0-100 (100 = safest)"}


@dataclass(frozen=True)
class AgentTool:
    """A tool: its name, what it answers (the LLM reads this), its arguments and its code."""

    name: str
    description: str
    args: type[BaseModel]
    run: Callable[[Workspace, Any], dict[str, Any]]


def _rows_capped(result: KpiResult) -> dict[str, Any]:
    data = result.to_json()
    rows = data.get("rows", [])
    data["rows"], data["row_count"] = rows[:MAX_ROWS], len(rows)
    return data


def _kpi(
    ws: Workspace, name: str, *, as_of: date | None = None, currency: str | None = None, **options: Any
) -> dict[str, Any]:
    """The KPI ``name`` of :data:`copilot.services.kpi_data.KPIS`, the one the ``kpi`` command computes."""
    query = KpiQuery(as_of=as_of or ws.as_of, currency=ws.currency(currency), **options)
    return _rows_capped(compute_kpi(ws.kpi_source, name, query))


def _period(ws: Workspace, args: PeriodArgs) -> dict[str, Any]:
    end = ws.day(args.period_end)
    start = args.period_start if args.period_start and args.period_start <= end else None
    return {"as_of": end, "currency": args.currency, "period_start": start}


def _with_customer(customer: CustomerMention, result: dict[str, Any]) -> dict[str, Any]:
    return {"customer": {"customer_id": customer.customer_id, "name": customer.name}, **result}


def _aging(ws: Workspace, args: SnapshotArgs) -> dict[str, Any]:
    return _kpi(ws, "aging", as_of=ws.day(args.on), currency=args.currency)


def _overdue(ws: Workspace, args: OverdueArgs) -> dict[str, Any]:
    return _kpi(ws, "overdue", as_of=ws.day(args.on), currency=args.currency, min_days=args.min_days_late)


def _top(ws: Workspace, args: TopArgs) -> dict[str, Any]:
    return _kpi(ws, "top", as_of=ws.day(args.on), currency=args.currency, limit=args.limit)


def _open_items(ws: Workspace, args: CustomerArgs) -> dict[str, Any]:
    customer = ws.customer(args.customer)
    return _with_customer(customer, _kpi(ws, "open-items", customer=customer.customer_id))


def _payments(ws: Workspace, args: CustomerPeriodArgs) -> dict[str, Any]:
    customer = ws.customer(args.customer)
    found = customer_payments(
        ws.session, customer.customer_id, since=args.period_start, until=ws.day(args.period_end)
    )
    found["row_count"] = len(found["rows"])
    found["rows"] = found["rows"][:MAX_ROWS]
    return _with_customer(customer, found)


def _due_soon(ws: Workspace, args: DueSoonArgs) -> dict[str, Any]:
    return _kpi(ws, "due", currency=args.currency, days=args.days)


def _dso(ws: Workspace, args: DsoArgs) -> dict[str, Any]:
    return _kpi(ws, "dso", method=args.method, **_period(ws, args))


def _cei(ws: Workspace, args: PeriodArgs) -> dict[str, Any]:
    return _kpi(ws, "cei", **_period(ws, args))


def _add(ws: Workspace, args: PeriodArgs) -> dict[str, Any]:
    return _kpi(ws, "add", **_period(ws, args))


def _unapplied(ws: Workspace, args: CurrencyArgs) -> dict[str, Any]:
    return _kpi(ws, "unapplied", currency=args.currency)


def _automation(ws: Workspace, _args: NoArgs) -> dict[str, Any]:
    return _kpi(ws, "automation")


def _deductions(ws: Workspace, args: DeductionArgs) -> dict[str, Any]:
    return _kpi(ws, "deductions", group_by=args.group_by, **_period(ws, args))


def _disputes(ws: Workspace, args: CurrencyArgs) -> dict[str, Any]:
    return _kpi(ws, "disputes", currency=args.currency)


def _risk(ws: Workspace, args: RiskArgs) -> dict[str, Any]:
    if args.customer is None:
        return SCORE_SCALE | _kpi(ws, "risk", currency=args.currency)
    customer = ws.customer(args.customer)
    result = _kpi(ws, "risk", currency=args.currency, customer=customer.customer_id)
    return _with_customer(customer, SCORE_SCALE | result)


def _credit_alerts(ws: Workspace, args: CurrencyArgs) -> dict[str, Any]:
    return _kpi(ws, "credit-alerts", currency=args.currency)


def _forecast(ws: Workspace, args: ForecastArgs) -> dict[str, Any]:
    return _kpi(ws, "forecast", currency=args.currency, weeks=args.weeks)


def _days_to_pay(ws: Workspace, args: CustomerArgs) -> dict[str, Any]:
    customer = ws.customer(args.customer)
    result = forecast.days_to_pay(ws.kpi_source.facts.customers, ws.kpi_source.facts.invoices, as_of=ws.as_of)
    data = _rows_capped(result)
    data["rows"] = [row for row in result.rows if row.get("customer_id") == customer.customer_id]
    data["row_count"] = len(data["rows"])
    return _with_customer(customer, data)


def _notes(ws: Workspace, args: NotesArgs) -> dict[str, Any]:
    customer = ws.customer(args.customer) if args.customer else None
    hits = search_notes(
        ws.session,
        ws.settings,
        args.query,
        customer=customer.customer_id if customer else None,
        until=ws.as_of,
    )
    found: dict[str, Any] = {"query": args.query, "notes": [hit.as_json() for hit in hits]}
    if customer:
        found["customer"] = {"customer_id": customer.customer_id, "name": customer.name}
    return found


def _promises(ws: Workspace, args: CustomerArgs) -> dict[str, Any]:
    customer = ws.customer(args.customer)
    promises = customer_promises(ws.session, customer.customer_id, as_of=ws.as_of)
    plans = [plan.as_json() for plan in customer_plans(ws.session, customer.customer_id, as_of=ws.as_of)]
    found = {"promises": [promise.as_json() for promise in promises], "count": len(promises), "plans": plans}
    return _with_customer(customer, found)


def _review(ws: Workspace, args: ReviewArgs) -> dict[str, Any]:
    rows = review_queue(ws.session, limit=args.limit)
    return {"pending": len(rows), "rows": rows}


def _dunning_plan(ws: Workspace, _args: NoArgs) -> dict[str, Any]:
    plan = day_plan(ws.session, ws.settings, as_of=ws.as_of).as_json()
    actions = plan["actions"]
    return {
        "as_of": plan["as_of"],
        "to_send": sum(action["action"] == "send" for action in actions),
        "to_call": sum(action["action"] == "call" for action in actions),
        "on_hold": sum(action["action"] == "hold" for action in actions),
        "row_count": len(actions),
        "actions": actions[:MAX_ROWS],
    }


def _draft_reminder(ws: Workspace, args: DraftArgs) -> dict[str, Any]:
    """A draft awaiting a person's approval; nothing is sent."""
    customer = ws.customer(args.customer)
    try:
        with ws.session.begin_nested():
            draft = create_draft(
                ws.session,
                ws.settings,
                customer.customer_id,
                as_of=ws.as_of,
                stage=args.stage,
                language=args.language,
                actor="copilot",
            )
    except DunningError as error:
        return _with_customer(customer, {"error": "no_draft", "detail": str(error)})
    return _with_customer(
        customer,
        {
            "draft_id": draft.id,
            "status": draft.status,
            "stage": draft.stage,
            "channel": draft.channel,
            "language": draft.language,
            "subject": draft.subject,
            "text": draft.body_text,
            "how_to_approve": f"arcopilot dunning approve {draft.id} --user <name>",
        },
    )


def _propose_approval(ws: Workspace, args: ProposalArgs) -> dict[str, Any]:
    """A proposal for a reviewer, logged; the suggestion itself is left exactly as it is."""
    suggestion = ws.session.get(Suggestion, args.suggestion_id)
    if suggestion is None:
        return {"error": "unknown_suggestion", "suggestion_id": args.suggestion_id}
    view = suggestion_view(ws.session, suggestion)
    record_action(
        ws.session,
        actor="copilot",
        action="agent.approval_proposed",
        entity_type="suggestion",
        entity_id=suggestion.id,
        details={"status": suggestion.status},
    )
    return {
        "proposal": "approve",
        "approved": False,
        "suggestion": view,
        "how_to_approve": f"arcopilot review approve {suggestion.id} --user <reviewer>",
    }


TOOLS: tuple[AgentTool, ...] = (
    AgentTool(
        "aging_report",
        "Open receivables by age bucket (current, 1-30 … >90 days past due), per customer.",
        SnapshotArgs,
        _aging,
    ),
    AgentTool(
        "overdue_customers",
        "Customers with invoices at least N days past due, and how much.",
        OverdueArgs,
        _overdue,
    ),
    AgentTool("top_debtors", "The customers who owe the most (open amount, overdue part).", TopArgs, _top),
    AgentTool(
        "customer_open_items",
        "Every open invoice of one customer with its days late; its balance (encours).",
        CustomerArgs,
        _open_items,
    ),
    AgentTool(
        "customer_payments",
        "Payments received from one customer (applied to its invoices): dates, amounts, invoices settled.",
        CustomerPeriodArgs,
        _payments,
    ),
    AgentTool("invoices_due_soon", "Invoices falling due in the next N days.", DueSoonArgs, _due_soon),
    AgentTool("dso", "Days sales outstanding over a period, standard or countback method.", DsoArgs, _dso),
    AgentTool("cei", "Collection effectiveness index (%) over a period.", PeriodArgs, _cei),
    AgentTool(
        "average_days_delinquent", "Average days delinquent (DSO minus best possible DSO).", PeriodArgs, _add
    ),
    AgentTool("unapplied_cash", "Cash received and not yet applied to invoices.", CurrencyArgs, _unapplied),
    AgentTool(
        "automation_rate", "Share of payments applied automatically, without a person.", NoArgs, _automation
    ),
    AgentTool(
        "deductions_summary",
        "Short payments (deductions) by reason code or by customer.",
        DeductionArgs,
        _deductions,
    ),
    AgentTool("disputed_invoices", "Open invoices in dispute.", CurrencyArgs, _disputes),
    AgentTool(
        "customer_risk",
        "Internal credit score and grade per customer, with the factors behind it.",
        RiskArgs,
        _risk,
    ),
    AgentTool(
        "credit_limit_alerts",
        "Customers whose exposure exceeds, or will exceed, their credit limit.",
        CurrencyArgs,
        _credit_alerts,
    ),
    AgentTool("cash_forecast", "Expected receipts per week for the next N weeks.", ForecastArgs, _forecast),
    AgentTool(
        "customer_payment_behaviour",
        "How many days one customer takes to pay, and how late.",
        CustomerArgs,
        _days_to_pay,
    ),
    AgentTool(
        "search_notes",
        "Search customer notes, call logs, e-mails and promises; dated sources.",
        NotesArgs,
        _notes,
    ),
    AgentTool(
        "customer_promises",
        "A customer's promises to pay (amount, date, status) and payment plans (instalments, paid).",
        CustomerArgs,
        _promises,
    ),
    AgentTool(
        "dunning_plan",
        "Who to chase today: each customer's reminder stage, holds and amounts (read-only).",
        NoArgs,
        _dunning_plan,
    ),
    AgentTool(
        "draft_reminder",
        "Draft a reminder for one customer (optionally a stage and a language); it awaits approval.",
        DraftArgs,
        _draft_reminder,
    ),
    AgentTool(
        "propose_approval",
        "Prepare the approval of a match suggestion for a reviewer; never approves it.",
        ProposalArgs,
        _propose_approval,
    ),
    AgentTool(
        "review_queue",
        "Match suggestions waiting for a reviewer, least confident first.",
        ReviewArgs,
        _review,
    ),
)
TOOLS_BY_NAME = {tool.name: tool for tool in TOOLS}


def run_tool(ws: Workspace, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """Validate ``arguments`` and run the tool; a customer that names none or several is a result."""
    tool = TOOLS_BY_NAME[name]
    args = tool.args.model_validate(arguments)
    try:
        return tool.run(ws, args)
    except CustomerNotFound as missing:
        return missing.result


def langchain_tools(ws: Workspace) -> list[BaseTool]:
    """The tools as LangChain structured tools bound to one turn's workspace (results as JSON text)."""

    def bound(tool: AgentTool) -> BaseTool:
        def call(**arguments: Any) -> str:
            return json.dumps(run_tool(ws, tool.name, arguments), ensure_ascii=False, default=str)

        return StructuredTool.from_function(
            func=call, name=tool.name, description=tool.description, args_schema=tool.args
        )

    return [bound(tool) for tool in TOOLS]
