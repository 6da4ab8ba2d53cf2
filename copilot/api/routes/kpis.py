"""Receivables KPIs by name (the registry :data:`copilot.services.kpi_data.KPIS`), as of a date,
with the same options as ``arcopilot kpi``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from copilot.api import schemas
from copilot.api.deps import EngineDep, Reader, SettingsDep
from copilot.api.routes.common import AsOf, day_or_today, not_found
from copilot.db.engine import session_factory
from copilot.services.kpi_data import KPIS, KpiQuery, KpiSource, compute_kpi
from tools.kpis import GROUPINGS, METHODS, parse_buckets
from tools.money import MoneyError, normalise_currency

kpis = APIRouter(prefix="/kpis", tags=["kpis"])
Count = Annotated[int | None, Query(ge=1, le=1000)]


def _invalid(message: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, message)


@kpis.get("", summary="The KPIs available", response_model=schemas.KpiList)
def list_kpis(_: Reader) -> schemas.KpiList:
    """Every KPI name with what it shows and the options it reads."""
    return schemas.KpiList(
        kpis=[
            schemas.KpiInfo(
                name=name,
                summary=spec.summary,
                options=sorted(spec.options),
                required=sorted(spec.required),
                chart=spec.chart,
            )
            for name, spec in KPIS.items()
        ]
    )


@kpis.get("/{name}", summary="One KPI as of a date", response_model=schemas.KpiResult)
def get_kpi(
    name: str,
    engine: EngineDep,
    settings: SettingsDep,
    _: Reader,
    as_of: AsOf = None,
    currency: Annotated[
        str | None, Query(pattern="^[A-Za-z]{3}$", description="Default: the company's.")
    ] = None,
    customer: Annotated[
        str | None, Query(max_length=255, description="open-items, risk: id or name.")
    ] = None,
    days: Annotated[Count, Query(description="due: days ahead (7).")] = None,
    min_days: Annotated[Count, Query(description="overdue: at least N days late (1).")] = None,
    limit: Annotated[Count, Query(description="top: how many (10).")] = None,
    months: Annotated[Count, Query(description="dso, dso-trend: months (12).")] = None,
    weeks: Annotated[Count, Query(description="forecast: weeks ahead (8).")] = None,
    buckets: Annotated[
        str | None, Query(max_length=100, description="aging: bucket limits in days late (30,60,90).")
    ] = None,
    method: Annotated[
        str | None, Query(pattern=f"^({'|'.join(METHODS)})$", description="dso: method.")
    ] = None,
    period_start: Annotated[
        date | None, Query(alias="from", description="dso, cei, add, deductions: first day of the period.")
    ] = None,
    group_by: Annotated[
        str | None, Query(pattern=f"^({'|'.join(GROUPINGS)})$", description="deductions: reason or customer.")
    ] = None,
) -> dict[str, Any]:
    """The KPI ``name`` (see ``GET /api/kpis``): headline value, rows and other figures, as
    ``arcopilot kpi NAME --json`` prints them. An option the KPI does not read is refused."""
    spec = KPIS.get(name)
    if spec is None:
        not_found(f"KPI {name!r}; the list is at /api/kpis")
    day = day_or_today(as_of)
    raw = {
        "currency": currency,
        "customer": customer,
        "days": days,
        "min_days": min_days,
        "limit": limit,
        "months": months,
        "weeks": weeks,
        "buckets": buckets,
        "method": method,
        "period_start": period_start,
        "group_by": group_by,
    }
    given: dict[str, Any] = {option: value for option, value in raw.items() if value is not None}
    unread, missing = spec.misfits(given)
    if unread:
        raise _invalid(f"{', '.join(unread)} does not apply to kpi {name}")
    if missing:
        raise _invalid(f"kpi {name} needs {', '.join(missing)}")
    if period_start is not None and period_start > day:
        raise _invalid(f"from {period_start} is after the as-of date {day}")
    try:
        chosen = normalise_currency(given.pop("currency", settings.default_currency))
        if buckets is not None:
            given["buckets"] = parse_buckets(buckets)
    except (MoneyError, ValueError) as error:
        raise _invalid(str(error)) from error
    query = KpiQuery(as_of=day, currency=chosen, **given)
    with session_factory(engine)() as session:
        result = compute_kpi(KpiSource(session, settings), name, query)
    data: dict[str, Any] = schemas.plain_json(result.to_json())
    return data
