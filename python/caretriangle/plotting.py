"""Plots of economies, scenarios and Monte Carlo results, in the framework's words.

Needs matplotlib (``pip install 'caretriangle[plot]'``), imported only when a plot is drawn.
Every function returns a :class:`matplotlib.figure.Figure` and accepts ``ax=`` to draw into
an existing Axes (the figure returned is then that Axes' figure). Figures are made without
pyplot, so a notebook shows a returned figure once and scripts need no display.

>>> import caretriangle as ct
>>> econ = ct.examples.north_of_tyne()
>>> fig = econ.apply("skill mix").plot()          # the triangle diagram
>>> type(fig).__name__
'Figure'
"""

from __future__ import annotations

import math
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np

#: The corners as the diagram shows them (short forms of the framework's names).
CORNER_LABELS = {
    "clinical": "Traditional clinical care",
    "nhs_self_management": "Self-management support (NHS)",
    "community_self_management": "Self-management support (community)",
}
#: Where each corner sits: clinical care at the apex, as in the Year of Care diagram, so the
#: left side joins it to NHS self-management and the right side to community self-management.
CORNER_XY = {
    "clinical": (0.5, math.sqrt(3) / 2),
    "nhs_self_management": (0.0, 0.0),
    "community_self_management": (1.0, 0.0),
}
SIDE_LABELS = {"left": "Left", "floor": "Floor", "right": "Right"}
CORNER_COLOURS = {
    "clinical": "#1f5a96",
    "nhs_self_management": "#2e8b57",
    "community_self_management": "#d2691e",
}
BASELINE_COLOUR = "#555555"
SCENARIO_COLOUR = "#c0392b"


def _figure_type() -> type:
    """matplotlib's Figure, with a clear error when the extra is not installed."""
    try:
        from matplotlib.figure import Figure
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        raise ImportError("caretriangle.plotting needs matplotlib: pip install 'caretriangle[plot]'") from e
    _show_in_notebooks(Figure)
    return Figure


def _figure(ax: Any = None, *, figsize: tuple[float, float] = (7.0, 4.5)) -> tuple[Any, Any]:
    """A new figure with one Axes, or the figure of the Axes given."""
    figure = _figure_type()
    if ax is not None:
        return ax.figure, ax
    fig = figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def _show_in_notebooks(figure_type: type) -> None:
    """Lets a notebook show a returned figure as a PNG.

    Without pyplot, IPython's inline backend never registers its PNG formatter for figures,
    and a returned figure would print as `<Figure size ...>`. Done only inside a running
    IPython (never importing it), and once.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    png = shell.display_formatter.formatters["image/png"]
    if figure_type not in png.type_printers:
        from IPython.core.pylabtools import print_figure

        # IPython has no type annotations.
        png.for_type(figure_type, lambda fig: print_figure(fig, "png", bbox_inches="tight"))  # type: ignore[no-untyped-call]


def money(x: float, _pos: Any = None) -> str:
    """£ in the form a board paper uses: £1.40m, £23.5k, £950, −£4.9k.

    >>> money(1_400_000), money(-23_520), money(950), money(21.25)
    ('£1.40m', '−£23.5k', '£950', '£21.25')
    """
    sign = "−" if x < 0 else ""
    a = abs(x)
    if a >= 1e6:
        text = f"£{a / 1e6:,.2f}m"
    elif a >= 1e4:
        text = f"£{a / 1e3:,.1f}k"
    elif a >= 100 or a == 0 or float(a).is_integer():
        text = f"£{a:,.0f}"
    else:
        text = f"£{a:,.2f}"
    return sign + text


def _money_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(money))


def _xy(shares: dict[str, float]) -> tuple[float, float]:
    """The point of a split of spend across the corners (barycentric → Cartesian)."""
    total = sum(shares.values())
    x = sum(shares[c] * CORNER_XY[c][0] for c in CORNER_XY) / total
    y = sum(shares[c] * CORNER_XY[c][1] for c in CORNER_XY) / total
    return x, y


def _corner_spend(obj: Any) -> tuple[dict[str, float], dict[str, float] | None]:
    """Spend by corner before (and after, for a Comparison)."""
    if hasattr(obj, "flows"):
        by = obj.by("corner")
        return by["baseline"].to_dict(), by["scenario"].to_dict()
    return obj.spend_by("corner")["spend"].to_dict(), None


def triangle(obj: Any, *, ax: Any = None, title: str | None = None, show_flows: bool = True) -> Any:
    """The triangle diagram: the split of spend across the three corners as a point.

    For a Comparison, the baseline (grey) and the scenario (red) are both drawn with an
    arrow between them, and the net money moved along each side is an arrow beside that
    side, pointing the way the money went, its width in proportion to the amount. Money
    redesigned within a corner is written beside the corner.

    Parameters
    ----------
    obj : Comparison or Economy
    ax : matplotlib Axes, optional
    title : str, optional
        Defaults to the scenario's (or economy's) name.
    show_flows : bool
        Draw the arrows along the sides (Comparison only).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import caretriangle as ct
    >>> cmp = ct.examples.north_of_tyne().apply("skill mix and reinvest")
    >>> fig = triangle(cmp)
    >>> fig.axes[0].get_title()
    'skill mix and reinvest'
    """
    fig, ax = _figure(ax, figsize=(7.5, 6.8))
    before, after = _corner_spend(obj)
    is_cmp = after is not None
    corners = [CORNER_XY[c] for c in ("clinical", "nhs_self_management", "community_self_management")]
    ax.add_patch(_polygon(corners, facecolor="#f6f6f2", edgecolor="#333333", linewidth=1.5, zorder=0))
    # Guide lines at every 20% of each corner's share.
    for k in range(1, 5):
        t = k / 5
        for i in range(3):
            a, b, c = corners[i], corners[(i + 1) % 3], corners[(i + 2) % 3]
            p = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
            q = (a[0] + t * (c[0] - a[0]), a[1] + t * (c[1] - a[1]))
            ax.plot([p[0], q[0]], [p[1], q[1]], color="#dddddd", linewidth=0.6, zorder=1)
    offsets = {
        "clinical": (0, 0.1),
        "nhs_self_management": (0.0, -0.12),
        "community_self_management": (0.0, -0.12),
    }
    total_b = sum(before.values())
    total_a = sum(after.values()) if after else 0.0
    for corner, (x, y) in CORNER_XY.items():
        lines = [
            *textwrap.wrap(CORNER_LABELS[corner], 26),
            f"{money(before[corner])} ({before[corner] / total_b:.1%})",
        ]
        if after:
            lines[-1] = f"{money(before[corner])} → {money(after[corner])}"
        dx, dy = offsets[corner]
        ax.text(
            x + dx,
            y + dy,
            "\n".join(lines),
            ha="center",
            va="center",
            fontsize=9,
            color=CORNER_COLOURS[corner],
            fontweight="bold",
        )
    pb = _xy(before)
    ax.plot(*pb, "o", color=BASELINE_COLOUR, markersize=9, zorder=5, label=f"Baseline {money(total_b)}")
    if after:
        pa = _xy(after)
        ax.plot(*pa, "o", color=SCENARIO_COLOUR, markersize=9, zorder=6, label=f"Scenario {money(total_a)}")
        if math.dist(pb, pa) > 1e-4:
            ax.annotate(
                "",
                xy=pa,
                xytext=pb,
                zorder=6,
                arrowprops={"arrowstyle": "->", "color": SCENARIO_COLOUR, "linewidth": 1.5},
            )
        if show_flows:
            _side_flows(ax, obj.flows())
    ax.set_title(title if title is not None else (obj.scenario if is_cmp else obj.name))
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    ax.set_xlim(-0.25, 1.25)
    ax.set_ylim(-0.32, 1.08)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


def _polygon(points: Sequence[tuple[float, float]], **kw: Any) -> Any:
    from matplotlib.patches import Polygon

    return Polygon(points, closed=True, **kw)


def _side_flows(ax: Any, flows: Any) -> None:
    """Arrows outside each side of the triangle for the net money moved along it."""
    sides = flows.loc[[s for s in ("left", "floor", "right") if s in flows.index]]
    biggest = float(sides["net"].abs().max()) if len(sides) else 0.0
    centre = (0.5, math.sqrt(3) / 6)
    for side, row in sides.iterrows():
        net = float(row["net"])
        a, b = CORNER_XY[row["from_corner"]], CORNER_XY[row["to_corner"]]
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        # Unit normal pointing away from the centre, so the arrow sits outside the side.
        nx, ny = mid[0] - centre[0], mid[1] - centre[1]
        norm = math.hypot(nx, ny)
        nx, ny = nx / norm, ny / norm
        off = 0.06
        label = f"{SIDE_LABELS[side]}: "
        # Beside the side, not across it: left of the left side, right of the right side.
        ha = "right" if nx < -0.3 else "left" if nx > 0.3 else "center"
        if abs(net) < 0.005 or biggest == 0:
            ax.text(
                mid[0] + nx * off * 1.6,
                mid[1] + ny * off * 1.6,
                label + "no money moved",
                ha=ha,
                va="center",
                fontsize=8,
                color="#777777",
            )
            continue
        start, end = (a, b) if net > 0 else (b, a)
        # The arrow runs along the middle 60% of the side, width in proportion to the money.
        s = (start[0] + 0.2 * (end[0] - start[0]) + nx * off, start[1] + 0.2 * (end[1] - start[1]) + ny * off)
        e = (start[0] + 0.8 * (end[0] - start[0]) + nx * off, start[1] + 0.8 * (end[1] - start[1]) + ny * off)
        width = 1.5 + 8.0 * abs(net) / biggest
        ax.annotate(
            "",
            xy=e,
            xytext=s,
            zorder=4,
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#7b3294",
                "linewidth": width,
                "mutation_scale": 10 + 2 * width,
            },
        )
        ax.text(
            mid[0] + nx * off * 2.4,
            mid[1] + ny * off * 2.4,
            f"{label}{money(abs(net))}",
            ha=ha,
            va="center",
            fontsize=9,
            color="#7b3294",
        )
    within = flows.loc[[s for s in flows.index if str(s).startswith("within_")]]
    notes = [
        f"Within {CORNER_LABELS[str(r['from_corner'])].lower()}: {money(float(r['gross']))}"
        for _, r in within.iterrows()
        if abs(float(r["gross"])) >= 0.005
    ]
    if notes:
        ax.text(
            0.5,
            -0.29,
            "Redesigned " + "; ".join(notes),
            ha="center",
            va="center",
            fontsize=8,
            color="#444444",
            wrap=True,
        )


def waterfall(comparison: Any, *, ax: Any = None, title: str | None = None) -> Any:
    """Baseline spend, money released, reinvested and new, any other change, scenario spend.

    The bars float from one level to the next; the axis starts near the lowest level, not
    at £0, so that changes of a tenth of the spend are visible (the axis label says so).

    Examples
    --------
    >>> import caretriangle as ct
    >>> fig = waterfall(ct.examples.north_of_tyne().apply("reinvest £1.4m"))
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()][:3]
    ['Baseline', 'Released', 'Reinvested']
    """
    fig, ax = _figure(ax)
    c = comparison
    steps = [("Released", -c.released), ("Reinvested", c.reinvested), ("New money", c.new_money)]
    other = c.change - sum(v for _, v in steps)
    # Levers that change spend without releasing money (a unit cost set higher, activity
    # scaled up) leave a difference; shown, so the bars add up to the scenario's spend.
    if abs(other) >= 0.005:
        steps.append(("Other change", other))
    labels = ["Baseline"] + [s[0] for s in steps] + ["Scenario"]
    level = c.total_before
    bottoms, heights, colours = [0.0], [level], [BASELINE_COLOUR]
    for _, v in steps:
        bottoms.append(level if v >= 0 else level + v)
        heights.append(abs(v))
        colours.append("#2e8b57" if v > 0 else "#c0392b")
        level += v
    bottoms.append(0.0)
    heights.append(c.total_after)
    colours.append(SCENARIO_COLOUR)
    x = np.arange(len(labels))
    ax.bar(x, heights, bottom=bottoms, color=colours, width=0.6)
    for i in range(1, len(labels) - 1):
        v = steps[i - 1][1]
        ax.text(x[i], bottoms[i] + heights[i], money(v), ha="center", va="bottom", fontsize=8)
    ax.text(x[0], heights[0], money(c.total_before), ha="center", va="bottom", fontsize=8)
    ax.text(x[-1], heights[-1], money(c.total_after), ha="center", va="bottom", fontsize=8)
    levels = [c.total_before, c.total_after] + [b for b in bottoms[1:-1]]
    span = max(max(levels) - min(levels), 1.0)
    ax.set_ylim(max(0.0, min(levels) - 0.5 * span), max(c.total_before, c.total_after) + 0.3 * span)
    ax.axhline(c.baseline.envelope, color="#333333", linestyle="--", linewidth=1)
    ax.text(
        x[-1] + 0.35,
        c.baseline.envelope,
        f"Envelope {money(c.baseline.envelope)}",
        va="bottom",
        ha="right",
        fontsize=8,
    )
    ax.set_xticks(x, labels)
    _money_axis(ax.yaxis)
    ax.set_ylabel("Spend a year (axis does not start at £0)")
    ax.set_title(title if title is not None else f"{c.scenario}: where the money went")
    return fig


def unit_costs(
    comparison: Any,
    *,
    ax: Any = None,
    measures: Sequence[str] = ("cost_per_unit", "cost_per_person", "units_per_budget"),
    title: str | None = None,
) -> Any:
    """Two services side by side: £ per unit, £ per person and units per £budget.

    ``ax`` is one Axes per measure (a single Axes for a single measure). A measure not known
    for both services (cost per person without units per person) is left out.

    Examples
    --------
    >>> import caretriangle as ct
    >>> econ = ct.examples.north_of_tyne()
    >>> cmp = ct.compare_unit_costs(econ.service("specialist_dietitian"), econ.service("health_trainer"))
    >>> len(unit_costs(cmp).axes)
    3
    """
    df = comparison.to_frame()
    measures = [m for m in measures if df[m].notna().all()]
    names = {
        "cost_per_unit": f"£ per {comparison.unit}",
        "cost_per_person": "£ per person",
        "units_per_budget": f"{comparison.unit}s per {money(comparison.budget)}",
        "units_per_person": f"{comparison.unit}s per person",
    }
    if ax is None:
        fig = _figure_type()(figsize=(3.2 * len(measures) + 0.5, 3.6), layout="constrained")
        axes = fig.subplots(1, len(measures), squeeze=False)[0]
    else:
        axes = list(ax) if isinstance(ax, Sequence | np.ndarray) else [ax]
        if len(axes) != len(measures):
            raise ValueError(f"ax: one Axes per measure ({len(measures)}), got {len(axes)}")
        fig = axes[0].figure
    colours = ["#1f5a96", "#d2691e"]
    for a, m in zip(axes, measures, strict=True):
        values = df[m].to_numpy(dtype=float)
        a.bar(range(len(values)), values, color=colours[: len(values)], width=0.6)
        for i, v in enumerate(values):
            a.text(
                i, v, money(v) if m.startswith("cost") else f"{v:,.1f}", ha="center", va="bottom", fontsize=9
            )
        a.set_xticks(range(len(values)), [s.replace("_", " ") for s in df.index], fontsize=8)
        a.set_title(names.get(m, m), fontsize=10)
        a.set_ylim(0, values.max() * 1.2 if values.max() > 0 else 1)
        if m.startswith("cost"):
            _money_axis(a.yaxis)
    year = f" ({comparison.price_year} prices)" if comparison.price_year else ""
    fig.suptitle(title if title is not None else f"Unit costs compared{year}", fontsize=11)
    return fig


def localities(obj: Any, *, ax: Any = None, title: str | None = None) -> Any:
    """Spend by locality: one bar per locality (baseline and scenario side by side for a
    Comparison). Services not tied to a locality are left out.

    Examples
    --------
    >>> import caretriangle as ct
    >>> fig = localities(ct.examples.north_of_tyne().apply("reinvest £1.4m"))
    >>> len(fig.axes[0].patches)
    6
    """
    fig, ax = _figure(ax)
    if hasattr(obj, "flows"):
        df = obj.by("locality")
        series = [
            ("Baseline", df["baseline"], BASELINE_COLOUR),
            ("Scenario", df["scenario"], SCENARIO_COLOUR),
        ]
        default_title = f"{obj.scenario}: spend by locality"
    else:
        df = obj.spend_by("locality")
        series = [("Spend", df["spend"], CORNER_COLOURS["clinical"])]
        default_title = f"{obj.name}: spend by locality"
    keep = [k for k in df.index if k in {str(loc["id"]) for loc in _economy(obj).localities}]
    df = df.loc[keep]
    x = np.arange(len(df))
    width = 0.8 / len(series)
    for i, (label, values, colour) in enumerate(series):
        v = values.loc[keep].to_numpy(dtype=float)
        ax.bar(x + (i - (len(series) - 1) / 2) * width, v, width=width, color=colour, label=label)
        for xi, vi in zip(x, v, strict=True):
            ax.text(
                xi + (i - (len(series) - 1) / 2) * width, vi, money(vi), ha="center", va="bottom", fontsize=8
            )
    ax.set_xticks(x, ["\n".join(textwrap.wrap(str(n), 16)) for n in df["name"]])
    _money_axis(ax.yaxis)
    ax.set_ylabel("Spend a year")
    if len(series) > 1:
        ax.legend(frameon=False)
    ax.set_title(title if title is not None else default_title)
    return fig


def _economy(obj: Any) -> Any:
    return obj.baseline if hasattr(obj, "flows") else obj


def _mc_column(result: Any, output: str, scenario: str | None) -> tuple[np.ndarray, str]:
    if result.samples is None:
        raise ValueError("keep_samples: the run kept no samples; run with keep_samples=True to plot them")
    blocks = list(dict.fromkeys(s for s, _ in result.columns))
    scenario = scenario if scenario is not None else (blocks[1] if len(blocks) > 1 else blocks[0])
    try:
        col = result.columns.index((scenario, output))
    except ValueError:
        raise ValueError(f"no column ({scenario!r}, {output!r}); columns are {result.columns}") from None
    return np.asarray(result.samples[:, col]), scenario


def monte_carlo(
    result: Any,
    *,
    output: str = "change",
    scenario: str | None = None,
    kind: str = "hist",
    bins: int = 60,
    envelope: float | None = None,
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Histogram (``kind="hist"``) or empirical CDF (``kind="cdf"``) of one output of one
    scenario (the first scenario by default), with a line at £0 and, for ``output="total"``,
    at the ``envelope`` when it is given. The mean and the 95% interval are marked.

    Examples
    --------
    >>> import caretriangle as ct
    >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=2000, seed=1).run()
    >>> fig = res.plot("change", scenario="skill mix", kind="cdf")
    >>> fig.axes[0].get_ylabel()
    'Probability the change is at most x'
    """
    if kind not in {"hist", "cdf"}:
        raise ValueError(f'kind must be "hist" or "cdf", got {kind!r}')
    fig, ax = _figure(ax)
    x, scenario = _mc_column(result, output, scenario)
    lo, hi = np.percentile(x, [2.5, 97.5])
    if kind == "hist":
        ax.hist(x, bins=bins, color=CORNER_COLOURS["clinical"], alpha=0.75)
        ax.set_ylabel("Iterations")
    else:
        xs = np.sort(x)
        ax.plot(xs, np.arange(1, len(xs) + 1) / len(xs), color=CORNER_COLOURS["clinical"])
        ax.set_ylabel(f"Probability the {output.replace('_', ' ')} is at most x")
        ax.set_ylim(0, 1)
    ax.axvspan(lo, hi, color="#999999", alpha=0.15, label=f"95% interval {money(lo)} to {money(hi)}")
    ax.axvline(float(np.mean(x)), color="#333333", linewidth=1.2, label=f"Mean {money(float(np.mean(x)))}")
    left, right = ax.get_xlim()
    if left <= 0 <= right or output in {"change", "over_envelope_indicator"}:
        share = float(np.mean(x < 0))
        ax.axvline(0, color=SCENARIO_COLOUR, linestyle="--", linewidth=1.2, label=f"£0 ({share:.1%} below)")
    if envelope is not None and output == "total":
        ax.axvline(
            envelope, color="#7b3294", linestyle=":", linewidth=1.5, label=f"Envelope {money(envelope)}"
        )
    _money_axis(ax.xaxis)
    ax.set_xlabel(f"{output.replace('_', ' ').capitalize()} (£ a year)")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(
        title
        if title is not None
        else f"{scenario}: {output.replace('_', ' ')}, {result.iterations:,} iterations"
    )
    return fig


def tornado(t: Any, *, ax: Any = None, top: int | None = 12, title: str | None = None) -> Any:
    """Tornado: each input's low and high output against the base, widest swing at the top.

    Examples
    --------
    >>> import caretriangle as ct
    >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=2000, seed=1).run()
    >>> fig = res.tornado("change", scenario="skill mix").plot(top=3)
    >>> len(fig.axes[0].get_yticklabels())
    3
    """
    df = t.to_frame()
    if top is not None:
        df = df.head(top)
    fig, ax = _figure(ax, figsize=(7.5, 0.45 * len(df) + 1.5))
    y = np.arange(len(df))[::-1]
    base = t.base
    lo = df["low_output"].to_numpy(dtype=float)
    hi = df["high_output"].to_numpy(dtype=float)
    ax.barh(y, lo - base, left=base, color="#1f5a96", label="Input at its low percentile")
    ax.barh(y, hi - base, left=base, color="#d2691e", label="Input at its high percentile")
    ax.axvline(base, color="#333333", linewidth=1, label=f"Base {money(base)}")
    if min(lo.min(), hi.min(), base) < 0 < max(lo.max(), hi.max(), base):
        ax.axvline(0, color=SCENARIO_COLOUR, linestyle="--", linewidth=1, label="£0")
    ax.set_yticks(y, list(df.index), fontsize=8)
    _money_axis(ax.xaxis)
    ax.set_xlabel(t.output.replace("_", " ").capitalize() + " (£ a year)")
    ax.legend(fontsize=8, frameon=False, loc="best")
    ax.set_title(title if title is not None else f"Tornado: {t.output.replace('_', ' ')}")
    return fig


def sobol(s: Any, *, ax: Any = None, title: str | None = None) -> Any:
    """First-order (S1) and total-order (ST) Sobol indices per input, with their intervals.

    Examples
    --------
    >>> import caretriangle as ct
    >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=1000, seed=1).run()
    >>> fig = res.sobol("change", scenario="skill mix", n=256).plot()
    >>> fig.axes[0].get_ylabel()
    'Share of the variance'
    """
    df = s.to_frame().sort_values("ST", ascending=False)
    fig, ax = _figure(ax, figsize=(max(6.0, 0.6 * len(df) + 2), 4.5))
    x = np.arange(len(df))
    w = 0.38
    ax.bar(x - w / 2, df["S1"], w, yerr=df["S1_conf"], capsize=3, color="#1f5a96", label="S1 (first order)")
    ax.bar(x + w / 2, df["ST"], w, yerr=df["ST_conf"], capsize=3, color="#d2691e", label="ST (total order)")
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks(x, list(df.index), rotation=35, ha="right", fontsize=8)
    ax.set_ylabel("Share of the variance")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(title if title is not None else f"Sobol indices: {s.output.replace('_', ' ')}")
    return fig


def budget_impact(bi: Any, *, ax: Any = None, discounted: bool = False, title: str | None = None) -> Any:
    """Budget impact by financial year: the net change each year as bars and the
    cumulative change as a line (discounted figures with ``discounted=True``).

    ``bi`` is a :class:`~caretriangle.BudgetImpact`, or anything whose ``to_frame()`` is
    indexed by financial year with columns ``net``, ``cumulative``, ``discounted_net`` and
    ``discounted_cumulative``.

    Examples
    --------
    >>> import caretriangle as ct
    >>> econ = ct.examples.north_of_tyne()
    >>> fig = econ.budget_impact(econ.budget_impacts[0]).plot(discounted=True)
    >>> fig.axes[0].get_title()
    'Budget impact (discounted)'

    A stand-in with the same frame works too:

    >>> import types, pandas as pd
    >>> df = pd.DataFrame({"net": [50_000.0, -20_000.0], "cumulative": [50_000.0, 30_000.0],
    ...                    "discounted_net": [50_000.0, -19_323.7],
    ...                    "discounted_cumulative": [50_000.0, 30_676.3]}, index=["2025/26", "2026/27"])
    >>> fig = budget_impact(types.SimpleNamespace(to_frame=lambda: df))
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['2025/26', '2026/27']
    """
    df = bi.to_frame()
    net, cum = ("discounted_net", "discounted_cumulative") if discounted else ("net", "cumulative")
    fig, ax = _figure(ax)
    x = np.arange(len(df))
    v = df[net].to_numpy(dtype=float)
    ax.bar(
        x, v, color=["#2e8b57" if a < 0 else "#c0392b" for a in v], width=0.6, label="Net change in the year"
    )
    ax.plot(x, df[cum].to_numpy(dtype=float), "o-", color="#333333", label="Cumulative")
    for xi, vi in zip(x, df[cum].to_numpy(dtype=float), strict=True):
        ax.annotate(money(vi), (xi, vi), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.margins(y=0.12)  # room for the labels above the highest point
    ax.set_xticks(x, [str(i) for i in df.index])
    _money_axis(ax.yaxis)
    ax.set_xlabel("Financial year")
    ax.set_ylabel(("Discounted change" if discounted else "Change") + " in spend (negative is a saving)")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(title if title is not None else "Budget impact" + (" (discounted)" if discounted else ""))
    return fig


def budget_monte_carlo(
    result: Any, *, discounted: bool = False, bins: int = 60, ax: Any = None, title: str | None = None
) -> Any:
    """Distribution of the cumulative net budget impact over the horizon from a Monte Carlo
    run of a budget impact, with the payback line at £0 (left of it the programme paid
    back), the mean and the 95% interval, and the probability of payback in the legend.

    Examples
    --------
    >>> import caretriangle as ct
    >>> econ = ct.examples.north_of_tyne()
    >>> res = econ.budget_monte_carlo(econ.budget_impacts[0], iterations=1000, seed=1)
    >>> fig = res.plot()
    >>> fig.axes[0].get_xlabel()
    'Cumulative net budget impact over the horizon (negative is a saving)'
    """
    if result.samples is None:
        raise ValueError("keep_samples: the run kept no samples; run with keep_samples=True to plot them")
    output = "discounted_cumulative" if discounted else "cumulative"
    x = np.asarray(result.samples[:, result.columns.index(output)], dtype=float)
    fig, ax = _figure(ax)
    lo, hi = np.percentile(x, [2.5, 97.5])
    ax.hist(x, bins=bins, color=CORNER_COLOURS["clinical"], alpha=0.75)
    ax.axvspan(lo, hi, color="#999999", alpha=0.15, label=f"95% interval {money(lo)} to {money(hi)}")
    mean = float(np.mean(x))
    ax.axvline(mean, color="#333333", linewidth=1.2, label=f"Mean {money(mean)}")
    # The payback line is drawn even when every iteration is far from it: how far is the news.
    share = float(np.mean(x <= 0))
    ax.axvline(
        0, color=SCENARIO_COLOUR, linestyle="--", linewidth=1.2, label=f"Payback: £0 (P = {share:.1%})"
    )
    _money_axis(ax.xaxis)
    ax.set_xlabel(
        ("Discounted cumulative" if discounted else "Cumulative")
        + " net budget impact over the horizon (negative is a saving)"
    )
    ax.set_ylabel("Iterations")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(
        title if title is not None else f"Budget impact under uncertainty, {result.iterations:,} iterations"
    )
    return fig


__all__ = [
    "budget_impact",
    "budget_monte_carlo",
    "localities",
    "money",
    "monte_carlo",
    "sobol",
    "tornado",
    "triangle",
    "unit_costs",
    "waterfall",
]
