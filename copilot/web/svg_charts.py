"""KPI charts drawn server-side as inline SVG: the same :class:`ChartSeries` the PNG charts
plot (:func:`copilot.charts.chart_series`), plus the two dashboard-only ones (unapplied cash by
currency, automation by level). Every bar and point carries its value as ``data-value``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from copilot.charts import ChartSeries, chart_series
from tools.kpis import KpiResult

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 80, 10, 40, 90
PALETTE = ("#1f5fbf", "#4f9d69", "#e0a030", "#d2553f", "#8b5fbf", "#3aa6b9", "#7a7a7a")


@dataclass(frozen=True)
class Mark:
    """One bar (``height`` > 0) or line point of a chart, where it is drawn and what it says."""

    series: str
    category: str
    value: str
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass(frozen=True)
class SvgChart:
    """What the chart template draws."""

    title: str
    kind: str
    unit: str
    marks: tuple[Mark, ...]
    labels: tuple[tuple[str, float], ...]
    ticks: tuple[tuple[str, float], ...]
    legend: tuple[tuple[str, str], ...]
    lines: tuple[tuple[str, str], ...]
    width: int = WIDTH
    height: int = HEIGHT


def dashboard_series(result: KpiResult) -> ChartSeries:
    """The chart of a dashboard KPI: unapplied cash per currency, automation per level, else
    the KPI's own chart."""
    if result.kpi == "unapplied":
        totals = result.extra["totals"]
        return ChartSeries(
            "unapplied cash by currency",
            "stacked",
            tuple(totals),
            {"unapplied": tuple(Decimal(amount) for amount in totals.values())},
            "amount",
        )
    if result.kpi == "automation":
        return ChartSeries(
            "payments and invoices applied",
            "stacked",
            tuple(str(row["level"]) for row in result.rows),
            {
                "automatic": tuple(Decimal(row["automatic"]) for row in result.rows),
                "by_a_person": tuple(Decimal(row["by_a_person"]) for row in result.rows),
            },
            "count",
        )
    return chart_series(result)


def _scale(top: Decimal) -> tuple[Decimal, tuple[Decimal, ...]]:
    """A round axis maximum at or above ``top`` and its five ticks."""
    if top <= 0:
        return Decimal(1), tuple(Decimal(i) / 4 for i in range(5))
    magnitude = Decimal(10) ** (len(str(int(top))) - 1)
    steps = (
        Decimal("0.25"),
        Decimal("0.5"),
        Decimal("0.75"),
        Decimal(1),
        Decimal("1.5"),
        Decimal(2),
        Decimal("2.5"),
    )
    step = next(
        m * magnitude for m in (*steps, Decimal(5), Decimal("7.5"), Decimal(10)) if m * magnitude * 4 >= top
    )
    return step * 4, tuple(step * i for i in range(5))


def svg_chart(chart: ChartSeries) -> SvgChart:
    """Lay ``chart`` out: stacked bars, or one line per series."""
    count = max(len(chart.categories), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / count
    names = list(chart.series)
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}
    if chart.kind == "line":
        top = max(
            (v for values in chart.series.values() for v in values if v is not None), default=Decimal(0)
        )
    else:
        top = max(
            (
                sum((values[i] or Decimal(0) for values in chart.series.values()), Decimal(0))
                for i in range(len(chart.categories))
            ),
            default=Decimal(0),
        )
    axis_max, ticks = _scale(top)

    def y_of(value: Decimal) -> float:
        return TOP + plot_h - float(value / axis_max) * plot_h

    marks: list[Mark] = []
    lines: list[tuple[str, str]] = []
    for name in names:
        points = []
        for i, category in enumerate(chart.categories):
            value = chart.series[name][i]
            if value is None:
                continue
            x = LEFT + slot * i + slot / 2
            if chart.kind == "line":
                points.append(f"{x:.1f},{y_of(value):.1f}")
                marks.append(Mark(name, category, str(value), x, y_of(value), 0, 0, colours[name]))
                continue
            below = sum(
                (chart.series[other][i] or Decimal(0) for other in names[: names.index(name)]), Decimal(0)
            )
            y_top, y_base = y_of(below + value), y_of(below)
            marks.append(
                Mark(
                    name,
                    category,
                    str(value),
                    x - slot * 0.35,
                    y_top,
                    slot * 0.7,
                    y_base - y_top,
                    colours[name],
                )
            )
        if chart.kind == "line":
            lines.append((" ".join(points), colours[name]))
    return SvgChart(
        title=chart.title,
        kind=chart.kind,
        unit=chart.unit,
        marks=tuple(marks),
        labels=tuple((category, LEFT + slot * i + slot / 2) for i, category in enumerate(chart.categories)),
        ticks=tuple((f"{tick.normalize():f}", y_of(tick)) for tick in ticks),
        legend=tuple((name, colours[name]) for name in names),
        lines=tuple(lines),
    )
