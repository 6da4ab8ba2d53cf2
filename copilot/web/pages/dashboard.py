"""The KPI dashboard: aging, DSO trend, unapplied cash, automation rate and deductions by
reason, each computed by :func:`compute_kpi`, drawn as SVG and embedded as JSON in the page."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from copilot.db.engine import session_factory
from copilot.services.kpi_data import KpiQuery, KpiSource, compute_kpi
from copilot.web.context import ReaderPage
from copilot.web.svg_charts import dashboard_series, svg_chart
from tools.money import MoneyError, normalise_currency

router = APIRouter()
DASHBOARD_KPIS = ("aging", "dso-trend", "unapplied", "automation", "deductions")


@router.get("/dashboard")
def dashboard(page: ReaderPage, currency: str | None = None) -> Response:
    """Every dashboard KPI as of the page's date, in ``currency`` (default: the company's)."""
    try:
        chosen = normalise_currency(currency or page.settings.default_currency)
    except MoneyError:
        chosen = page.settings.default_currency
    query = KpiQuery(as_of=page.as_of, currency=chosen)
    with session_factory(page.engine)() as session:
        source = KpiSource(session, page.settings)
        results = {name: compute_kpi(source, name, query) for name in DASHBOARD_KPIS}
    panels = [
        {
            "name": name,
            "result": result,
            "data": result.to_json(),
            "chart": svg_chart(dashboard_series(result)),
        }
        for name, result in results.items()
    ]
    return page.render("dashboard.html", {"panels": panels, "currency": chosen})
