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

# One module per family of plots; the names the old single module had are all here, the
# Rust classes' .plot() methods look them up by name (caretriangle.plotting.<name>).
from caretriangle.plotting._budget import budget_impact, budget_monte_carlo
from caretriangle.plotting._common import BASELINE_COLOUR as BASELINE_COLOUR
from caretriangle.plotting._common import CORNER_COLOURS as CORNER_COLOURS
from caretriangle.plotting._common import CORNER_LABELS as CORNER_LABELS
from caretriangle.plotting._common import CORNER_XY as CORNER_XY
from caretriangle.plotting._common import NEW_MONEY_COLOUR as NEW_MONEY_COLOUR
from caretriangle.plotting._common import SCENARIO_COLOUR as SCENARIO_COLOUR
from caretriangle.plotting._common import SIDE_LABELS as SIDE_LABELS
from caretriangle.plotting._common import _figure as _figure
from caretriangle.plotting._common import _figure_type as _figure_type
from caretriangle.plotting._common import _money_axis as _money_axis
from caretriangle.plotting._common import _show_in_notebooks as _show_in_notebooks
from caretriangle.plotting._common import _xy as _xy
from caretriangle.plotting._common import money, price_note
from caretriangle.plotting._information import evpi_curve, evppi_curve
from caretriangle.plotting._spend import _corner_spend as _corner_spend
from caretriangle.plotting._spend import _economy as _economy
from caretriangle.plotting._spend import _polygon as _polygon
from caretriangle.plotting._spend import _side_flows as _side_flows
from caretriangle.plotting._spend import localities, triangle, waterfall
from caretriangle.plotting._uncertainty import _mc_column as _mc_column
from caretriangle.plotting._uncertainty import monte_carlo, sobol, tornado
from caretriangle.plotting._unit_costs import unit_costs
from caretriangle.plotting._value import ce_plane, ceac

__all__ = [
    "budget_impact",
    "budget_monte_carlo",
    "ce_plane",
    "ceac",
    "evpi_curve",
    "evppi_curve",
    "localities",
    "money",
    "monte_carlo",
    "price_note",
    "sobol",
    "tornado",
    "triangle",
    "unit_costs",
    "waterfall",
]
