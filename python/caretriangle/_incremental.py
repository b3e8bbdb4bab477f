"""``ct.incremental``: the core's incremental table (Drummond et al.) as a DataFrame that a
notebook shows in the package's table styling (money as £, the frontier in words), as it shows
every other report; its values, index and columns are the core's, unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from caretriangle import _core


class IncrementalTable(pd.DataFrame):
    """The incremental table: a pandas DataFrame, shown in a notebook by
    :func:`caretriangle.display.html`. A slice or copy of it is a plain DataFrame."""

    @property
    def _constructor(self) -> Any:
        return pd.DataFrame

    def _repr_html_(self) -> str:
        from caretriangle.display import html

        return html(self)


def incremental(results: Sequence[Any], outcome: str) -> pd.DataFrame:
    """Several scenarios' results on one baseline, side by side on ``outcome``: the incremental
    table of Drummond et al., with the baseline (do nothing) as an option. Options in order of
    cost; strongly dominated ones, then extendedly dominated ones set aside; ICERs between
    neighbours on the cost-effectiveness frontier.

    Parameters
    ----------
    results : sequence of Comparison
        Scenarios applied to one economy (``Economy.apply``).
    outcome : str
        An outcome the economy declares.

    Returns
    -------
    pandas.DataFrame
        One row an option (``baseline`` among them): ``cost`` and ``gain`` against the
        baseline, ``incremental_cost``, ``incremental_gain`` and ``icer`` against the option
        before it on the frontier, and ``standing`` in words. A notebook shows it in the
        package's table styling (money as £, the frontier in words).

    Examples
    --------
    >>> import caretriangle as ct
    >>> econ = ct.examples.structured_education()
    >>> t = ct.incremental([econ.apply("offer to 1,000 more")], "qalys")
    >>> list(t.index)
    ['baseline', 'offer to 1,000 more']
    >>> "Incremental table on qalys" in t._repr_html_()
    True
    """
    frame = _core.incremental(results, outcome)
    table = IncrementalTable(frame)
    # The outcome for the table's title: the frame's columns and values stay the core's.
    table.attrs = {**frame.attrs, "outcome": outcome}
    return table
