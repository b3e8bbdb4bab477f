"""Multi-year budget impacts: the change by financial year, and its distribution from a Monte
Carlo run."""

from __future__ import annotations

from typing import Any

import numpy as np

from caretriangle.plotting._common import CORNER_COLOURS, SCENARIO_COLOUR, _figure, _money_axis, money


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
