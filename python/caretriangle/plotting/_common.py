"""What the plots share: the corners' labels, places and colours, the figure and its Axes
(made without pyplot, shown in notebooks), and money as a board paper writes it."""

from __future__ import annotations

import math
import re
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
NEW_MONEY_COLOUR = "#0b7a75"
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
    """£ on an axis, with as many places as its ticks need to read apart: £13.335m and
    £13.340m, not £13.34m twice."""
    from matplotlib.ticker import Formatter

    class _Money(Formatter):
        def __call__(self, x: float, pos: Any = None) -> str:
            return money(x)

        def format_ticks(self, values: Any) -> list[str]:
            for places in range(4):
                labels = [compact(float(v), places=places) for v in values]
                if len(set(labels)) == len(labels):
                    break
            return labels

    axis.set_major_formatter(_Money())


def _xy(shares: dict[str, float]) -> tuple[float, float]:
    """The point of a split of spend across the corners (barycentric → Cartesian)."""
    total = sum(shares.values())
    x = sum(shares[c] * CORNER_XY[c][0] for c in CORNER_XY) / total
    y = sum(shares[c] * CORNER_XY[c][1] for c in CORNER_XY) / total
    return x, y


# "c. 2010/11 prices": a price year a service's source gives for its unit cost.
_PRICES_OF = re.compile(r"\b((?:19|20)\d\d/\d\d) prices")


def price_note(economy: Any) -> str:
    """The price year of an economy's £, as honestly as the economy tells it.

    An economy has one price year, and a unit cost of another year can only be in it at face
    value (the library never mixes years silently). Where a service's source says so (a
    price year other than the economy's, or "at face value"), the note names it, so that a
    chart of rates of c. 2010/11 is not passed off as "2023/24 prices".

    >>> import caretriangle as ct
    >>> print(price_note(ct.examples.north_of_tyne()))  # doctest: +NORMALIZE_WHITESPACE
    £ a year at 2023/24 prices, the economy's price year; its sources give other price years
    for 3 unit costs, counted at face value (not uprated): specialist dietitian (2010/11),
    structured education (year not stated), health trainer (2010/11).
    """
    year = economy.price_year
    other = []
    for service in economy.services:
        source = service.source or ""
        years = sorted({y for y in _PRICES_OF.findall(source) if y != year})
        if years or "face value" in source.lower():
            said = ", ".join(years) if years else "year not stated"
            other.append(f"{service.id.replace('_', ' ')} ({said})")
    note = f"£ a year at {year} prices, the economy's price year"
    if not other:
        return note + "."
    return (
        f"{note}; its sources give other price years for {len(other)} unit costs, counted at face "
        f"value (not uprated): {', '.join(other)}."
    )
