"""Cost-effectiveness of a Monte Carlo run: the cost-effectiveness plane and the
acceptability curves (CEAC) with their frontier (CEAF)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from caretriangle.plotting._common import BASELINE_COLOUR, _figure, _money_axis, money
from caretriangle.plotting._uncertainty import _mc_column

# Colours for the options after the baseline, in order.
_OPTION_COLOURS = ["#c0392b", "#1f5a96", "#2e8b57", "#d2691e", "#7d3c98", "#b7950b"]


def ce_plane(
    result: Any, outcome: str, *, threshold: float | None = None, ax: Any = None, title: str | None = None
) -> Any:
    """Each scenario's draws on the cost-effectiveness plane: outcome gained (x) against
    change in spend (y), against the baseline at the origin, with the line of a threshold
    (£ a unit gained) where one is given: draws below it are cost-effective there.

    Examples
    --------
    >>> import caretriangle as ct
    >>> res = ct.MonteCarlo(ct.examples.structured_education(), iterations=500, seed=1).run()
    >>> from caretriangle.plotting import ce_plane
    >>> fig = ce_plane(res, "qalys", threshold=20000)
    >>> fig.axes[0].get_xlabel()
    'qalys gained'
    """
    fig, ax = _figure(ax)
    blocks = list(dict.fromkeys(s for s, _ in result.columns))[1:]
    xs = []
    for colour, scenario in zip(
        _OPTION_COLOURS * (1 + len(blocks) // len(_OPTION_COLOURS)), blocks, strict=False
    ):
        gain, _ = _mc_column(result, f"{outcome}_gain", scenario)
        cost, _ = _mc_column(result, "change", scenario)
        ax.scatter(gain, cost, s=4, alpha=0.3, color=colour, label=scenario)
        xs.append(gain)
    ax.axhline(0, color=BASELINE_COLOUR, linewidth=0.8)
    ax.axvline(0, color=BASELINE_COLOUR, linewidth=0.8)
    if threshold is not None and xs:
        lo, hi = min(0.0, *(float(x.min()) for x in xs)), max(0.0, *(float(x.max()) for x in xs))
        line = np.array([lo, hi])
        ax.plot(
            line, threshold * line, color=BASELINE_COLOUR, linestyle="--", label=f"{money(threshold)} a unit"
        )
    ax.set_xlabel(f"{outcome} gained")
    ax.set_ylabel("Change in spend")
    _money_axis(ax.yaxis)
    ax.legend(loc="best", fontsize="small")
    ax.set_title(title or f"Cost-effectiveness plane: {outcome}")
    return fig


def ceac(
    result: Any, outcome: str, *, thresholds: Iterable[float], ax: Any = None, title: str | None = None
) -> Any:
    """The probability each option (the baseline among them) has the highest net benefit
    at each threshold, with the frontier (the option best on average) drawn bold.

    Examples
    --------
    >>> import caretriangle as ct
    >>> res = ct.MonteCarlo(ct.examples.structured_education(), iterations=500, seed=1).run()
    >>> from caretriangle.plotting import ceac
    >>> fig = ceac(res, "qalys", thresholds=range(0, 5001, 500))
    >>> fig.axes[0].get_ylabel()
    'Probability of the highest net benefit'
    """
    fig, ax = _figure(ax)
    table = result.ceac(outcome, thresholds=list(thresholds))
    lam = table.index.to_numpy(dtype=float)
    options = [c for c in table.columns if c not in ("frontier", "frontier_probability")]
    colours = [BASELINE_COLOUR, *_OPTION_COLOURS * (1 + len(options) // len(_OPTION_COLOURS))]
    for colour, option in zip(colours, options, strict=False):
        ax.plot(lam, table[option].to_numpy(), color=colour, label=option)
    ax.plot(
        lam,
        table["frontier_probability"].to_numpy(),
        color="black",
        linewidth=3,
        alpha=0.35,
        label="frontier",
    )
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(f"Threshold (£ a unit of {outcome})")
    ax.set_ylabel("Probability of the highest net benefit")
    _money_axis(ax.xaxis)
    ax.legend(loc="best", fontsize="small")
    ax.set_title(title or f"Cost-effectiveness acceptability: {outcome}")
    return fig
