"""What the plots share: the corners' labels, places and colours, the figure and its Axes
(made without pyplot, shown in notebooks), and money as a board paper writes it."""

from __future__ import annotations

import math
import sys
from typing import Any

# Charts write £ as the axis form of the one money formatter (`caretriangle._money`).
from caretriangle._money import compact

money = compact

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


def _money_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(money))


def _xy(shares: dict[str, float]) -> tuple[float, float]:
    """The point of a split of spend across the corners (barycentric → Cartesian)."""
    total = sum(shares.values())
    x = sum(shares[c] * CORNER_XY[c][0] for c in CORNER_XY) / total
    y = sum(shares[c] * CORNER_XY[c][1] for c in CORNER_XY) / total
    return x, y
