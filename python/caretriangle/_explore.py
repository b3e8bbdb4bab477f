"""The live explorer: a slider for each lever's size, the triangle diagram and the headline,
redrawn as a slider moves, for a workshop where commissioners set levers together ("what if
30%, not 40%?") without re-running a cell.

Needs ipywidgets (``pip install 'caretriangle[explore]'``) and matplotlib, imported only when
an explorer is made. In a notebook the explorer is the cell's output; as a page of its own,
``voila notebook.ipynb`` serves the notebook's outputs (and its sliders) without its code.

>>> import caretriangle as ct
>>> econ = ct.examples.north_of_tyne()
>>> ex = ct.explore(econ, "skill mix")
>>> list(ex.sliders)
['skill mix.levers[0].share']
>>> ex.sliders["skill mix.levers[0].share"].value = 0.3
>>> round(ex.result.change, 2)       # 0.3 x 6,000 hours x (11.45 - 21.25)
-17640.0
"""

from __future__ import annotations

import functools
import html
import io
import math
from typing import Any

from caretriangle import _core
from caretriangle._money import pounds
from caretriangle.plotting._common import CORNER_LABELS

# The sizes that are shares of something (0 to 1), and a factor's top: activity tripled.
_SHARES = {"share", "gain", "share_of_released", "coverage"}
_MOST_FACTOR = 3.0
# How a slider shows its value (d3-format): 40%, 0.75, £21.25 a unit, £1,000,000.
_READOUT = {
    "share": ".0%",
    "gain": ".0%",
    "share_of_released": ".0%",
    "coverage": ".0%",
    "factor": ".2f",
    "unit_cost": ",.2f",
}


def explore(economy: Any, scenario: Any) -> Any:
    """A widget to set each lever of ``scenario`` by hand and see where the money goes.

    Parameters
    ----------
    economy : Economy
    scenario : Scenario or str
        A scenario, or the name of one kept with the economy.

    Returns
    -------
    Explorer
        An ``ipywidgets.VBox``: ``sliders`` maps each lever's size, by the name Monte Carlo
        inputs have (``"skill mix.levers[0].share"``), to its slider, labelled in words;
        ``result`` is the current :class:`Comparison`; ``headline`` (an HTML widget) and
        ``diagram`` (an Image widget holding the triangle diagram as a PNG, drawn from the
        matplotlib figure ``figure``) are redrawn each time a slider moves. A lever set
        where it cannot go (reinvesting more than was released) leaves ``result`` as it was
        and says why in the headline (``error``).

    Raises
    ------
    ImportError
        Without ipywidgets: ``pip install 'caretriangle[explore]'``.
    UnknownIdError
        A scenario name the economy does not keep.

    Examples
    --------
    >>> import caretriangle as ct
    >>> econ = ct.examples.north_of_tyne()
    >>> ex = ct.explore(econ, "skill mix and reinvest")
    >>> slider = ex.sliders["skill mix and reinvest.levers[6].amount"]   # £1,000,000 reinvested
    >>> slider.value = 900_000
    >>> round(ex.result.reinvested)                                       # 900,000 + 400,000
    1300000
    """
    if isinstance(scenario, str):
        scenario = economy.scenario(scenario)
    return _explorer_class()(economy, scenario)


def _slider_range(field: str, value: float) -> tuple[float, float, float]:
    """Lowest, highest and step of a lever's size: a share from 0 to 1 by 1%, a factor up to
    three times the activity (or twice the lever's own, where that is more) by 0.01, and a sum
    of money or a unit cost from £0 to twice the lever's own, in steps of about a
    two-hundredth."""
    if field in _SHARES:
        return 0.0, 1.0, 0.01
    if field == "factor":
        return 0.0, max(_MOST_FACTOR, 2 * value), 0.01
    high = 2 * value if value > 0 else 1000.0
    # A round step of about a two-hundredth of the range (£1, £10, £10,000 …): whole pounds
    # for sums of money, pennies (at the least) for a unit cost.
    places = math.floor(math.log10(high / 200))
    step = 10.0 ** max(places, 0 if field == "amount" else -2)
    return 0.0, high, step


@functools.cache
def _explorer_class() -> type:
    try:
        import ipywidgets as widgets
    except ImportError as e:
        raise ImportError("caretriangle.explore needs ipywidgets: pip install 'caretriangle[explore]'") from e

    class Explorer(widgets.VBox):  # type: ignore[misc]  # ipywidgets has no type information
        """Sliders for each lever's size, the triangle diagram and the headline."""

        def __init__(self, economy: Any, scenario: Any) -> None:
            self.economy = economy
            self.scenario = scenario
            self.error: str | None = None
            self.sliders: dict[str, Any] = {}
            rows = []
            for i, (kind, field, value, label) in enumerate(_core._lever_sizes(economy, scenario)):
                low, high, step = _slider_range(field, value)
                slider = widgets.FloatSlider(
                    value=value,
                    min=low,
                    max=high,
                    step=step,
                    readout_format=_READOUT.get(field, ",.0f"),
                    continuous_update=False,
                    layout=widgets.Layout(width="95%"),
                )
                slider.observe(self._update, names="value")
                self.sliders[f"{scenario.name}.levers[{i}].{field}"] = slider
                words = f"{kind.replace('_', ' ')}: {label}"
                rows.append(widgets.VBox([widgets.HTML(f"<b>{html.escape(words)}</b>"), slider]))
            self.headline = widgets.HTML()
            self.diagram = widgets.Image(format="png", layout=widgets.Layout(max_width="640px"))
            self.result = economy.apply(scenario)
            title = widgets.HTML(f"<h3>{html.escape(scenario.name)}</h3>")
            body = widgets.HBox(
                [
                    widgets.VBox([*rows, self.headline], layout=widgets.Layout(width="45%")),
                    self.diagram,
                ]
            )
            super().__init__([title, body])
            self._show()

        def scenario_now(self) -> Any:
            """The scenario with each lever's size as its slider is set."""
            spec = self.scenario.to_dict()
            for name, slider in self.sliders.items():
                i, field = _lever_of(name)
                spec["levers"][i][field] = float(slider.value)
                if field == "share_of_released":
                    # A share of what was released, in place of "all of it" (amount = "released").
                    spec["levers"][i].pop("amount", None)
            return type(self.scenario).from_dict(spec)

        def _update(self, _change: Any = None) -> None:
            try:
                self.result = self.economy.apply(self.scenario_now())
                self.error = None
            except ValueError as e:  # a CareTriangleError of the input: said, not raised
                self.error = str(e)
            self._show()

        def _show(self) -> None:
            self.headline.value = headline(self.result, error=self.error)
            if self.error is None:
                self.figure = self.result.plot()
                buffer = io.BytesIO()
                self.figure.savefig(buffer, format="png", dpi=80)
                self.diagram.value = buffer.getvalue()

    return Explorer


def _lever_of(name: str) -> tuple[int, str]:
    """The lever's index and field in a slider's name (``….levers[0].share``)."""
    lever, field = name.rsplit(".", 1)
    return int(lever[lever.rindex("[") + 1 : -1]), field


def headline(comparison: Any, *, error: str | None = None) -> str:
    """The explorer's headline as HTML: money released, reinvested and new, the change in
    spend in all and by corner, and whether the spend fits the envelope.

    >>> import caretriangle as ct
    >>> c = ct.examples.north_of_tyne().apply("skill mix")
    >>> "Money released: £23,520" in headline(c)
    True
    """
    c = comparison
    fits = (
        f"fits the envelope of {pounds(c.baseline.envelope)}, {pounds(c.headroom_after)} to spare"
        if c.over_envelope <= 0
        else f"over the envelope of {pounds(c.baseline.envelope)} by {pounds(c.over_envelope)}"
    )
    lines = [
        f"Money released: {pounds(c.released)}",
        f"Released money reinvested: {pounds(c.reinvested)}",
        f"New money: {pounds(c.new_money)}",
        f"Change in spend: {pounds(c.change)} ({pounds(c.total_before)} → {pounds(c.total_after)})",
        f"Spend {fits}",
    ]
    by = c.by("corner")
    corners = "".join(
        f"<tr><td>{html.escape(CORNER_LABELS[str(k)])}</td><td style='text-align:right'>"
        f"{html.escape(pounds(float(v)))}</td></tr>"
        for k, v in by["change"].items()
    )
    out = "<br>".join(html.escape(line) for line in lines)
    out += f"<table><tr><th>Change by corner</th><th></th></tr>{corners}</table>"
    if error is not None:
        out = f"<p style='color:#c0392b'><b>Not applied:</b> {html.escape(error)}</p>" + out
    return out
