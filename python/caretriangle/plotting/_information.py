"""The value of information of a Monte Carlo run against the threshold: EVPI and EVPPI on net
benefit, one point a threshold, as R's BCEA and voi draw them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from caretriangle.plotting._common import BASELINE_COLOUR, _figure, _money_axis
from caretriangle.plotting._value import _OPTION_COLOURS


def _lambdas(thresholds: Iterable[float]) -> np.ndarray:
    return np.asarray(list(thresholds), dtype=float)


def evpi_curve(
    result: Any, outcome: str, *, thresholds: Iterable[float], ax: Any = None, title: str | None = None
) -> Any:
    """The expected value of perfect information per decision (£) at each threshold: what it
    would be worth to learn every uncertain input before choosing, highest near the threshold
    at which the choice changes.

    Examples
    --------
    >>> import caretriangle as ct
    >>> res = ct.MonteCarlo(ct.examples.structured_education(), iterations=500, seed=1).run()
    >>> from caretriangle.plotting import evpi_curve
    >>> fig = evpi_curve(res, "qalys", thresholds=range(0, 5001, 500))
    >>> fig.axes[0].get_ylabel()
    'EVPI per decision'
    """
    fig, ax = _figure(ax)
    lam = _lambdas(thresholds)
    values = [result.evpi(outcome=outcome, threshold=float(t)).evpi for t in lam]
    ax.plot(lam, values, color=BASELINE_COLOUR, marker="o", markersize=3)
    ax.set_xlabel(f"Threshold (£ a unit of {outcome})")
    ax.set_ylabel("EVPI per decision")
    _money_axis(ax.xaxis)
    _money_axis(ax.yaxis)
    ax.set_ylim(bottom=0)
    ax.set_title(title or f"Expected value of perfect information: {outcome}")
    return fig


def evppi_curve(
    result: Any,
    inputs: Sequence[str | Sequence[str]],
    outcome: str,
    *,
    thresholds: Iterable[float],
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """The expected value of partial perfect information (£ per decision) of each input, or
    group of inputs (a list of names), at each threshold, under the EVPI of all of them (the
    dashed line): which inputs are worth learning about, and at which thresholds.

    Examples
    --------
    >>> import caretriangle as ct
    >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=2000, seed=1).run()
    >>> from caretriangle.plotting import evppi_curve
    >>> falls = ["reinvest £1.4m.levers[1].factor", "reinvest £1.4m.levers[2].factor"]
    >>> fig = evppi_curve(res, [falls[0], falls], "qalys", thresholds=range(0, 2001, 500))
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][::2]
    ['EVPI (all inputs)', 'reinvest £1.4m.levers[1].factor + reinvest £1.4m.levers[2].factor']
    """
    fig, ax = _figure(ax)
    lam = _lambdas(thresholds)
    labels = dict(zip(result.input_names, result.input_labels, strict=True))
    total = [result.evpi(outcome=outcome, threshold=float(t)).evpi for t in lam]
    ax.plot(lam, total, color=BASELINE_COLOUR, linestyle="--", label="EVPI (all inputs)")
    colours = _OPTION_COLOURS * (1 + len(inputs) // len(_OPTION_COLOURS))
    for colour, group in zip(colours, inputs, strict=False):
        names = [group] if isinstance(group, str) else list(group)
        values = [result.evppi(names, outcome=outcome, threshold=float(t)) for t in lam]
        label = " + ".join(labels.get(n, n) if len(names) == 1 else n for n in names)
        ax.plot(lam, values, color=colour, label=label)
    ax.set_xlabel(f"Threshold (£ a unit of {outcome})")
    ax.set_ylabel("EVPPI per decision")
    _money_axis(ax.xaxis)
    _money_axis(ax.yaxis)
    ax.set_ylim(bottom=0)
    ax.legend(loc="best", fontsize="small")
    ax.set_title(title or f"Expected value of partial perfect information: {outcome}")
    return fig
