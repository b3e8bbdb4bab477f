"""``ct.optimise_draws``: the optimiser's question asked again at each of a sample of draws of
the economy's uncertain inputs, here or on a Dask cluster.

The draws are the Monte Carlo run's own (the same sampler, seed and plan); each draw's answer
depends on its index only, and the answers are merged in draw order, so the numbers are the
same bit for bit whatever the threads, the ``chunk`` (draws a task) or the cluster. As in
:mod:`caretriangle.distributed`, the branch to a cluster is Python's: Rust is called for the
tasks, each part (a task: one chunk of draws on one thread, its answers sent back as bytes)
and the merge. A draw whose constraints conflict is counted (``OptimumDraws.infeasible``)
rather than stopping the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from caretriangle._core import (
    Economy,
    OptimumDraws,
    Scenario,
    _optimise_draws,
    _optimise_draws_merge,
    _optimise_draws_part,
    _optimise_draws_tasks,
)


def _part(economy: Economy, draws: int, seed: int, start: int, end: int, kw: dict[str, Any]) -> bytes:
    return _optimise_draws_part(economy, draws, seed, start, end, **kw)


def optimise_draws(
    economy: Economy,
    draws: int,
    seed: int = 0,
    *,
    sampling: Literal["random", "lhs", "latin_hypercube", "sobol"] = "lhs",
    chunk: int = 64,
    threads: int | None = None,
    client: Any = None,
    options: Sequence[Scenario | str] | None = None,
    **kwargs: Any,
) -> OptimumDraws:
    """Re-optimises ``economy`` at each of ``draws`` draws of its uncertain inputs: for each
    service the share of draws in which its optimal activity grows, shrinks or stays (against
    that draw's today) and its mean, for each option the share in which it is chosen, the
    share of draws that are infeasible (counted, never stopping the run) and the optimal
    objective's mean and 95% interval.

    The keyword arguments, and ``options``, are those of :func:`caretriangle.optimise` (with
    none, the economy's kept ``[optimise]``). A draw sets each service's unit cost, activity
    (or allocation), units a person and outcomes a unit or a person; other uncertain inputs
    are drawn but the optimiser does not read them. ``chunk`` draws make a task, on one of
    ``threads`` threads here or, with a Dask ``client``, on the cluster.

    Examples
    --------
    >>> import caretriangle as ct
    >>> econ = ct.examples.structured_education()
    >>> out = ct.optimise_draws(econ, 40, seed=1, objective="qalys", floor="baseline")
    >>> out.draws, out.infeasible
    (40, 0.0)
    >>> list(out.services().columns)
    ['grows', 'shrinks', 'stays', 'mean_activity']
    """
    kw: dict[str, Any] = {"sampling": sampling, "chunk": chunk, "options": options, **kwargs}
    if client is None:
        return _optimise_draws(economy, draws, seed, threads=threads, **kw)
    # Every argument is checked here, before any task is sent.
    tasks = _optimise_draws_tasks(economy, draws, seed, **kw)
    from caretriangle.distributed import gather

    [shipped] = client.scatter([economy], broadcast=True, hash=False)
    futures = [client.submit(_part, shipped, draws, seed, a, b, kw, pure=False) for a, b in tasks]
    parts = gather(client, futures, [b - a for a, b in tasks], False, "draw")
    return _optimise_draws_merge(economy, draws, seed, parts, **kw)
