"""Scenario sweeps: many scenarios, in parallel, as one tidy DataFrame.

>>> import caretriangle as ct
>>> econ = ct.examples.north_of_tyne()
>>> def skill_mix(share):
...     return ct.Scenario(f"skill mix {share:.0%}").substitute(
...         "specialist_dietitian", "health_trainer", share=share)
>>> df = ct.sweep(econ, skill_mix, grid={"share": [0.0, 0.2, 0.4]}, by=["corner"])
>>> total = df[df.dimension == "total"].set_index("share")["change"]
>>> round(total[0.4])  # 2,400 of 6,000 dietitian hours at £21.25 become £11.45 hours
-23520
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from caretriangle._core import Economy, Scenario, _check_sweep_names, _sweep_frame
from caretriangle.distributed import gather, ranges, require_distributed
from caretriangle.errors import InvalidValueError


def grid_points(grid: Mapping[str, Iterable[Any]]) -> list[dict[str, Any]]:
    """Every combination of the grid's values, the last parameter varying fastest.

    Examples
    --------
    >>> grid_points({"share": [0.2, 0.4], "split": [0, 1]})[:3]
    [{'share': 0.2, 'split': 0}, {'share': 0.2, 'split': 1}, {'share': 0.4, 'split': 0}]
    """
    try:
        names = list(grid)
        values = [list(v) for v in grid.values()]
    except (TypeError, AttributeError):
        shown = repr(grid) if len(repr(grid)) <= 60 else repr(grid)[:60] + "…"
        err = InvalidValueError(f"grid must be a dict of parameter: list of values, got {shown}")
        err.field = "grid"
        raise err from None
    return [dict(zip(names, point, strict=True)) for point in itertools.product(*values)]


def _sweep_part(
    economy_json: str, scenario_jsons: list[str], by: list[str], strict: bool, threshold: float | None = None
) -> pd.DataFrame:
    economy = Economy.from_json(economy_json)
    scenarios = [Scenario.from_dict(json.loads(t)) for t in scenario_jsons]
    return _sweep_frame(economy, scenarios, by=by, threads=1, strict=strict, threshold=threshold)


def sweep(
    economy: Economy,
    scenarios: Sequence[Scenario | str] | Callable[..., Scenario] | None = None,
    *,
    grid: Mapping[str, Iterable[Any]] | None = None,
    by: Sequence[str] = ("corner", "locality"),
    client: Any = None,
    scenarios_per_task: int = 64,
    threads: int | None = None,
    strict: bool = False,
    threshold: float | None = None,
) -> pd.DataFrame:
    """Applies many scenarios to ``economy`` and returns one long DataFrame.

    Parameters
    ----------
    economy
        The baseline.
    scenarios
        Scenarios (or names of the economy's scenarios); the economy's own when None. With
        ``grid``, a function that makes one scenario from keyword arguments.
    grid
        ``{parameter: values}``: the function is called at every combination of values (see
        :func:`grid_points`), and each parameter becomes a column of the result.
    by
        Dimensions to report each scenario along ("corner", "commissioner", "provider",
        "locality", "cluster", "service"); a ``total`` row is always there.
    client
        A ``dask.distributed.Client``: batches of ``scenarios_per_task`` scenarios run on
        its cluster (shipped as JSON text). Without it they run here, on ``threads`` threads
        (all cores by default), the GIL released.
    strict
        Refuse a scenario that spends more than the envelope.
    threshold
        λ, £ a unit gained, of the ``net_benefit_{outcome}`` columns (each outcome's ``value``
        by default), as ``threshold=`` of ``MonteCarloResult.tornado``, ``.threshold`` and
        ``.sobol``.

    Returns
    -------
    pandas.DataFrame
        One row per scenario, dimension and key, in the scenarios' order: ``scenario`` (its
        name), ``run`` (its position, from 0), the grid's parameters, ``dimension``, ``key``,
        and ``baseline``, ``after`` and ``change`` in £; where the economy counts outcomes, each
        one's ``{id}_gain`` in the row's group and ``net_benefit_{id}`` (λ·gain − change) where
        a threshold is known. The same table whether it ran here or on a cluster.

    Examples
    --------
    >>> import caretriangle as ct
    >>> econ = ct.examples.north_of_tyne()
    >>> df = ct.sweep(econ, ["skill mix"], by=["corner"])
    >>> list(df["key"])
    ['total', 'clinical', 'nhs_self_management', 'community_self_management']
    >>> df["change"].round(2).tolist()  # 2,400 hours: −£51,000 clinical, +£27,480 community
    [-23520.0, -51000.0, 0.0, 27480.0]
    """
    points: list[dict[str, Any]] | None = None
    if grid is not None:
        if not callable(scenarios):
            raise TypeError("with grid=, scenarios must be a function that makes a Scenario")
        points = grid_points(grid)
        chosen = [scenarios(**p) for p in points]
    elif scenarios is None:
        chosen = list(economy.scenarios.values())
    elif callable(scenarios):
        raise TypeError("a function of scenarios needs grid={parameter: values}")
    else:
        chosen = [economy.scenario(s) if isinstance(s, str) else s for s in scenarios]
    for i, s in enumerate(chosen):
        if not isinstance(s, Scenario):
            raise TypeError(f"scenarios[{i}] must be a Scenario, got {type(s).__name__}")
    _check_sweep_names(chosen)
    if client is None:
        df = _sweep_frame(economy, chosen, by=by, threads=threads, strict=strict, threshold=threshold)
    else:
        require_distributed()
        parts = ranges(len(chosen), scenarios_per_task, "scenarios_per_task")
        [text] = client.scatter([economy.to_json()], broadcast=True, hash=False)
        texts = [json.dumps(s.to_dict()) for s in chosen]
        by = list(by)
        futures = [
            client.submit(_sweep_part, text, texts[a:b], by, strict, threshold, pure=False) for a, b in parts
        ]
        frames = gather(client, futures, [b - a for a, b in parts], False, "scenario")
        for (a, _), f in zip(parts, frames, strict=True):
            f["run"] += a
        df = pd.concat(frames, ignore_index=True)
    df["run"] = df["run"].astype("int64")
    if points:
        params = pd.DataFrame(points)
        values = params.iloc[df["run"].to_numpy()].reset_index(drop=True)
        at = list(df.columns).index("run") + 1
        for j, name in enumerate(params.columns):
            df.insert(at + j, name, values[name].to_numpy())
    return df
