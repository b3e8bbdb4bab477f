"""Two services' unit costs side by side (a UnitCostComparison)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from caretriangle.plotting._common import _figure_type, _money_axis, money


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
