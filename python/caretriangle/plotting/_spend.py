"""Where the spend sits and where it went: the triangle diagram, the waterfall and spend by
locality, of an Economy or a Comparison."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np

from caretriangle.plotting._common import (
    BASELINE_COLOUR,
    CORNER_COLOURS,
    CORNER_LABELS,
    CORNER_XY,
    NEW_MONEY_COLOUR,
    SCENARIO_COLOUR,
    SIDE_LABELS,
    _figure,
    _money_axis,
    _xy,
    money,
    price_note,
)


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
    redesigned within a corner is written beside the corner; new money (from outside the
    envelope) is an arrow from outside the triangle. A note under the triangle gives the
    price year and names the unit costs of other years counted at face value.

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
        if obj.new_money >= 0.005:
            # Money from outside the envelope comes in from outside the triangle.
            ax.annotate(
                f"New money {money(obj.new_money)}\nfrom outside the envelope",
                xy=pa,
                xytext=(0.0, 0.98),
                ha="center",
                va="bottom",
                fontsize=8,
                color=NEW_MONEY_COLOUR,
                zorder=7,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": NEW_MONEY_COLOUR,
                    "linewidth": 1.5,
                    "linestyle": "--",
                    "shrinkB": 7,  # the head stops at the scenario's point, not under it
                },
            )
    ax.text(
        0.5,
        -0.38,
        "\n".join(textwrap.wrap(price_note(_economy(obj)), 105)),
        ha="center",
        va="center",
        fontsize=7,
        color="#555555",
    )
    ax.set_title(title if title is not None else (obj.scenario if is_cmp else obj.name))
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    ax.set_xlim(-0.25, 1.25)
    ax.set_ylim(-0.43, 1.12)
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
    top = max(b + h for b, h in zip(bottoms, heights, strict=True))
    span = max(top - min(levels), 1.0)
    low, high = max(0.0, min(levels) - 0.5 * span), top + 0.3 * span
    envelope = c.baseline.envelope
    # The envelope is drawn as a line where it is near the bars. Far above them (a change of
    # £23.5k under £258k of headroom) it is written in the corner instead: a text placed off
    # the axis stretched the layout until the axis label was cut off.
    if envelope <= high + span:
        high = max(high, envelope + 0.15 * span)
        ax.axhline(envelope, color="#333333", linestyle="--", linewidth=1)
        ax.text(x[-1] + 0.35, envelope, f"Envelope {money(envelope)}", va="bottom", ha="right", fontsize=8)
    else:
        ax.text(
            0.99,
            0.98,
            f"Envelope {money(envelope)}, above the axis",
            transform=ax.transAxes,
            va="top",
            ha="right",
            fontsize=8,
        )
    ax.set_ylim(low, high)
    ax.set_xticks(x, labels)
    _money_axis(ax.yaxis)
    ax.set_ylabel("Spend a year\n(axis does not start at £0)")
    ax.set_title(title if title is not None else f"{c.scenario}: where the money went")
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
