"""Charts of KPI results as PNG images (matplotlib's Agg renderer: no display, no pyplot state).

:func:`chart_series` says what a chart plots, taken from the result's rows, and is what tests
compare with the KPI; :func:`render_png` draws it. Amounts stay ``Decimal`` until drawn: only
the plotted coordinates are floats.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from tools.kpis import KpiResult

MAX_BARS = 12
OTHERS = "other customers"
Kind = Literal["stacked", "line"]


class ChartUnavailable(ValueError):
    """The KPI has no chart."""


@dataclass(frozen=True)
class ChartSeries:
    """What a chart plots: one value per category for each named series."""

    title: str
    kind: Kind
    categories: tuple[str, ...]
    series: dict[str, tuple[Decimal | None, ...]]
    unit: str


def chart_series(result: KpiResult) -> ChartSeries:
    """The series behind ``result``'s chart: aging, dso-trend or deductions."""
    title = f"{result.kpi} as of {result.as_of.isoformat()}"
    if result.kpi == "aging":
        return _aging(result, title)
    if result.kpi == "dso-trend":
        return ChartSeries(
            f"DSO ({result.extra['method']}) to {result.as_of.isoformat()}",
            "line",
            tuple(str(row["month"]) for row in result.rows),
            {"DSO": tuple(None if row["dso"] is None else Decimal(row["dso"]) for row in result.rows)},
            "days",
        )
    if result.kpi == "deductions":
        key = "reason_code" if result.extra["group_by"] == "reason" else "customer_name"
        return ChartSeries(
            f"deductions by {result.extra['group_by']}, {result.extra['period_start']} to "
            f"{result.extra['period_end']}",
            "stacked",
            tuple(str(row[key]) for row in result.rows),
            {
                "open": tuple(Decimal(row["open_amount"]) for row in result.rows),
                "resolved": tuple(Decimal(row["resolved_amount"]) for row in result.rows),
            },
            str(result.currency),
        )
    raise ChartUnavailable(f"no chart for the {result.kpi} KPI")


def _aging(result: KpiResult, title: str) -> ChartSeries:
    """Stacked bars per customer, one layer per bucket; past :data:`MAX_BARS` the rest is summed."""
    labels = tuple(result.extra["buckets"])
    shown, rest = result.rows[:MAX_BARS], result.rows[MAX_BARS:]
    categories = [str(row["customer_name"]) for row in shown]
    series = {label: [Decimal(row[label]) for row in shown] for label in labels}
    if rest:
        categories.append(OTHERS)
        for label in labels:
            series[label].append(sum((Decimal(row[label]) for row in rest), Decimal(0)))
    return ChartSeries(
        title,
        "stacked",
        tuple(categories),
        {label: tuple(values) for label, values in series.items()},
        str(result.currency),
    )


def render_png(chart: ChartSeries) -> bytes:
    """``chart`` drawn as a PNG image."""
    figure = Figure(figsize=(10, 5.5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(chart.title)
    axes.set_ylabel(chart.unit)
    positions = range(len(chart.categories))
    if chart.kind == "line":
        for name, values in chart.series.items():
            axes.plot(
                positions, [float("nan") if v is None else float(v) for v in values], marker="o", label=name
            )
    else:
        base = [0.0] * len(chart.categories)
        for name, values in chart.series.items():
            heights = [float(v or 0) for v in values]
            axes.bar(positions, heights, bottom=base, label=name)
            base = [b + h for b, h in zip(base, heights, strict=True)]
    axes.set_xticks(list(positions), chart.categories, rotation=30, ha="right")
    if not chart.categories:
        axes.text(0.5, 0.5, "nothing to show", transform=axes.transAxes, ha="center")
    else:
        axes.legend()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def write_chart(result: KpiResult, path: Path) -> Path:
    """Draw ``result``'s chart into the PNG file ``path``."""
    path.write_bytes(render_png(chart_series(result)))
    return path
