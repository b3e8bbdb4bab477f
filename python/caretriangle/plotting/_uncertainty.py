"""Monte Carlo results and what drives them: the distribution of an output, the tornado and
the Sobol indices."""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

from caretriangle.plotting._common import CORNER_COLOURS, SCENARIO_COLOUR, _figure, _money_axis, money


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
        # £0 at the very edge of the axis had its tick label cut in half: a margin of a
        # twentieth of the range keeps it whole.
        pad = 0.05 * (right - left)
        ax.set_xlim(min(left, -pad), max(right, pad))
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

    Inputs are labelled in words (the ``label`` column of ``t.to_frame()``); the title names
    the scenario studied (the first scenario when none was named).

    Examples
    --------
    >>> import caretriangle as ct
    >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=2000, seed=1).run()
    >>> fig = res.tornado("change", scenario="skill mix").plot(top=3)
    >>> len(fig.axes[0].get_yticklabels())
    3
    >>> fig.axes[0].get_title()
    'skill mix: tornado of change'
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
    ax.set_yticks(y, _wrapped(df["label"]), fontsize=8)
    _money_axis(ax.xaxis)
    ax.set_xlabel(t.output.replace("_", " ").capitalize() + " (£ a year)")
    ax.legend(fontsize=8, frameon=False, loc="best")
    ax.set_title(title if title is not None else _title(t, "tornado"))
    return fig


def _wrapped(labels: Any, width: int = 45) -> list[str]:
    """Inputs in words, wrapped to lines a chart's axis can hold."""
    return ["\n".join(textwrap.wrap(str(label), width)) for label in labels]


def _title(study: Any, what: str) -> str:
    """The scenario studied first ("skill mix: tornado of change"), so that a chart of one
    scenario of several is not taken for another's."""
    output = study.output.replace("_", " ")
    return f"{study.scenario}: {what} of {output}" if study.scenario else f"{what.capitalize()} of {output}"


def sobol(s: Any, *, ax: Any = None, title: str | None = None) -> Any:
    """First-order (S1) and total-order (ST) Sobol indices per input, with their intervals,
    largest ST at the top. Inputs are labelled in words (the ``label`` column of
    ``s.to_frame()``); the title names the scenario studied.

    Examples
    --------
    >>> import caretriangle as ct
    >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=1000, seed=1).run()
    >>> fig = res.sobol("change", scenario="skill mix", n=256).plot()
    >>> fig.axes[0].get_xlabel()
    'Share of the variance'
    >>> fig.axes[0].get_title()
    'skill mix: Sobol indices of change'
    """
    df = s.to_frame().sort_values("ST", ascending=False)
    fig, ax = _figure(ax, figsize=(7.5, 0.5 * len(df) + 1.5))
    # Horizontal bars, as the tornado's: inputs in words are too long to stand under a bar.
    y = np.arange(len(df))[::-1]
    h = 0.38
    ax.barh(y + h / 2, df["S1"], h, xerr=df["S1_conf"], capsize=3, color="#1f5a96", label="S1 (first order)")
    ax.barh(y - h / 2, df["ST"], h, xerr=df["ST_conf"], capsize=3, color="#d2691e", label="ST (total order)")
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(y, _wrapped(df["label"]), fontsize=8)
    ax.set_xlabel("Share of the variance")
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    ax.set_title(title if title is not None else _title(s, "Sobol indices"))
    return fig
