"""The cumulative benefit curve of :class:`caretriangle.Options` against the budget."""

from __future__ import annotations

from typing import Any

from caretriangle.plotting._common import BASELINE_COLOUR, SCENARIO_COLOUR, _figure, _money_axis, money


def options_curve(opts: Any, *, ax: Any = None, title: str | None = None) -> Any:
    """Cumulative outcome gained (y) against cumulative cost (x) as the options are funded in
    league-table order, from the baseline at the origin, with the budget as a vertical line:
    the steps left of it are the best affordable set.

    Examples
    --------
    >>> import caretriangle as ct
    >>> opts = ct.Options(ct.examples.structured_education(), ["offer to 1,000 more"], outcome="qalys")
    >>> fig = opts.plot()
    >>> fig.axes[0].get_ylabel()
    'qalys gained (cumulative)'
    """
    fig, ax = _figure(ax)
    curve = opts.curve()
    xs = [0.0, *curve["cumulative_cost"].tolist()]
    ys = [0.0, *curve["cumulative_gain"].tolist()]
    ax.plot(xs, ys, marker="o", color=SCENARIO_COLOUR)
    for name, x, y in zip(curve["option"], xs[1:], ys[1:], strict=True):
        ax.annotate(str(name), (x, y), textcoords="offset points", xytext=(4, -10), fontsize="small")
    ax.axvline(opts.budget, color=BASELINE_COLOUR, linestyle="--", label=f"budget {money(opts.budget)}")
    ax.set_xlabel("Cumulative cost")
    ax.set_ylabel(f"{opts.outcome} gained (cumulative)")
    _money_axis(ax.xaxis)
    ax.legend(loc="best", fontsize="small")
    ax.set_title(title or f"Options funded in league-table order: {opts.outcome}")
    return fig
