"""Monte Carlo and Sobol studies on a Dask cluster, with the numbers of a local run.

The methods that take a ``client`` are written here, in Python, and put on the classes when
the package loads (:func:`_bind`): ``MonteCarlo.run``, ``MonteCarloResult.sobol``,
``BudgetMonteCarlo.run`` and ``Economy.budget_monte_carlo``. Without a client each calls the
class's local method in Rust (``_run``, ``_sobol``); with one, the functions below, which call
Rust for each step (the tasks, a part, the merge). So the branch is Python's, and Rust never
calls back into Python to reach a cluster. (The classes are made in Rust, by every loader and
every run, so Python subclasses could not carry these methods.)

A run is cut into the same chunks of 4096 iterations as a local run, each chunk with its own
random stream from the seed and its index; a task runs a few chunks in Rust (the GIL
released, one thread: Dask gives each worker thread its own task) and returns a
``MonteCarloPartial``; the client merges the parts in chunk order, which gives the local
run's samples and summaries bit for bit.

What travels: the study once per worker, pickled as its recipe (the economy and scenarios as
JSON text, whose numbers read back as the same floats), and rebuilt there; the run's
histogram bins (a few hundred bytes); and back, each part as CBOR bytes (moments and
histogram counts per output, and its samples when they are kept).

Dask is an optional extra (``pip install 'caretriangle[dask]'``): nothing here imports it
until a ``client`` is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from caretriangle._core import (
    CHUNK,
    BudgetMonteCarlo,
    BudgetMonteCarloResult,
    Economy,
    MonteCarlo,
    MonteCarloResult,
    Scenario,
    SobolIndices,
)
from caretriangle.errors import InvalidValueError


def require_distributed() -> Any:
    """The ``distributed`` module, or an ImportError that says how to install it."""
    try:
        import distributed
    except ImportError as e:  # pragma: no cover - dask is pinned in the dev requirements
        raise ImportError(
            "running on a Dask cluster needs dask.distributed: pip install 'caretriangle[dask]'"
        ) from e
    return distributed


def ranges(total: int, per_task: int, field: str) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` covering ``0..total`` in steps of ``per_task``."""
    if isinstance(per_task, bool) or not isinstance(per_task, int) or per_task < 1:
        err = InvalidValueError(f"{field} must be a whole number >= 1, got {per_task!r}")
        err.field = field
        raise err
    return [(a, min(a + per_task, total)) for a in range(0, total, per_task)]


def gather(client: Any, futures: list[Any], sizes: list[int], progress: bool, unit: str) -> list[Any]:
    """The futures' results in their order, with a tqdm bar when ``progress``; on an
    interrupt (Ctrl-C) the tasks still queued are cancelled."""
    distributed = require_distributed()
    bar = None
    if progress:
        try:
            from tqdm.auto import tqdm
        except ImportError as e:  # pragma: no cover - tqdm is pinned in the dev requirements
            raise ImportError("progress=True needs tqdm: pip install tqdm") from e
        bar = tqdm(total=sum(sizes), unit=unit, unit_scale=True)
    size_of = {f.key: s for f, s in zip(futures, sizes, strict=True)}
    try:
        if bar is not None:
            for f in distributed.as_completed(futures):
                bar.update(size_of[f.key])
        gathered: list[Any] = client.gather(futures)
        return gathered
    except KeyboardInterrupt:
        client.cancel(futures)
        raise
    finally:
        if bar is not None:
            bar.close()


def _run_part(study: Any, bins: bytes, start: int, end: int) -> Any:
    return study._run_chunks(bins, start, end, threads=1)


def run_monte_carlo(study: Any, client: Any, parts: list[tuple[int, int]], *, progress: bool = False) -> Any:
    """Runs ``study`` (a :class:`caretriangle.MonteCarlo` or
    :class:`caretriangle.BudgetMonteCarlo`) on ``client``'s cluster, a task a range of chunks
    of ``parts`` (``study._parts(chunks_per_task)``): the result of ``study.run()``, bit for
    bit."""
    require_distributed()
    # The bins come from chunk 0, computed here once rather than by every task.
    bins = study._bins()
    [shipped] = client.scatter([study], broadcast=True, hash=False)
    futures = [client.submit(_run_part, shipped, bins, a, b, pure=False) for a, b in parts]
    n = study.iterations
    sizes = [min(b * CHUNK, n) - a * CHUNK for a, b in parts]
    done = gather(client, futures, sizes, progress, "it")
    return study._merge(bins, done)


def _sobol_part(
    study: Any,
    output: str,
    scenario: str | None,
    n: int,
    seed: int,
    start: int,
    end: int,
    threshold: float | None = None,
) -> Any:
    return study._sobol_outputs(output, scenario, n, seed, start, end, threshold)


def sobol_on_cluster(result: Any, client: Any, output: str, *, rows_per_task: int, **options: Any) -> Any:
    """Sobol indices of ``output`` of ``result``'s model, the design's rows evaluated on
    ``client``'s cluster, ``rows_per_task`` rows a task: the indices of a local study, bit for
    bit. ``options``: ``scenario``, ``n``, ``seed``, ``num_resamples``, ``confidence_level``,
    ``threshold`` (λ of a net benefit output)."""
    require_distributed()
    scenario, n = options["scenario"], options["n"]
    study = result.study
    seed, parts = study._sobol_parts(output, rows_per_task=rows_per_task, **options)
    [shipped] = client.scatter([study], broadcast=True, hash=False)
    futures = [
        client.submit(
            _sobol_part, shipped, output, scenario, n, seed, a, b, options.get("threshold"), pure=False
        )
        for a, b in parts
    ]
    done = gather(client, futures, [b - a for a, b in parts], False, "run")
    outputs = [x for part in done for x in part]
    return study._sobol_from_outputs(
        outputs,
        output,
        scenario=scenario,
        n=n,
        seed=seed,
        num_resamples=options["num_resamples"],
        confidence_level=options["confidence_level"],
    )


def _monte_carlo_run(
    self: MonteCarlo, *, progress: bool = False, client: Any = None, chunks_per_task: int = 8
) -> MonteCarloResult:
    """Runs the study. ``progress=True`` shows a tqdm bar. Ctrl-C (or a notebook interrupt)
    stops it within about a second with ``KeyboardInterrupt``, leaving nothing behind.

    With ``client`` (a ``dask.distributed.Client``) the run's chunks go to the cluster,
    ``chunks_per_task`` chunks of 4096 iterations a task, and come back merged into the same
    result, bit for bit, as a local run (see ``caretriangle.distributed``)."""
    if client is None:
        return self._run(progress=progress, chunks_per_task=chunks_per_task)
    parts = self._parts(chunks_per_task, progress=progress)
    result: MonteCarloResult = run_monte_carlo(self, client, parts, progress=progress)
    return result


def _monte_carlo_result_sobol(
    self: MonteCarloResult,
    output: str = "change",
    *,
    scenario: str | None = None,
    n: int = 4096,
    seed: int | None = None,
    num_resamples: int = 100,
    confidence_level: float = 0.95,
    client: Any = None,
    rows_per_task: int = 16384,
    threshold: float | None = None,
) -> SobolIndices:
    """First- and total-order Sobol indices of ``output`` of ``scenario``, from a Saltelli
    design of ``n`` base rows (n × (inputs + 2) model runs) with bootstrap intervals.
    ``output`` is any output of the run (``"qalys_gain"``, ``"net_benefit_qalys"``); a net
    benefit is at ``threshold`` £ a unit when given.

    With ``client`` (a ``dask.distributed.Client``) the model runs go to the cluster,
    ``rows_per_task`` rows of the design a task, and the indices are the same, bit for bit."""
    options: dict[str, Any] = {
        "scenario": scenario,
        "n": n,
        "seed": seed,
        "num_resamples": num_resamples,
        "confidence_level": confidence_level,
        "threshold": threshold,
    }
    if client is None:
        return self._sobol(output, rows_per_task=rows_per_task, **options)
    indices: SobolIndices = sobol_on_cluster(self, client, output, rows_per_task=rows_per_task, **options)
    return indices


def _budget_monte_carlo_run(
    self: BudgetMonteCarlo, *, client: Any = None, chunks_per_task: int = 8
) -> BudgetMonteCarloResult:
    """Runs it here (the GIL released, Ctrl-C checked between batches of chunks) or, with
    ``client`` (a ``dask.distributed.Client``), on the cluster, ``chunks_per_task`` chunks a
    task: the same result bit for bit either way."""
    if client is None:
        return self._run(chunks_per_task=chunks_per_task)
    result: BudgetMonteCarloResult = run_monte_carlo(self, client, self._parts(chunks_per_task))
    return result


def _economy_budget_monte_carlo(
    self: Economy,
    budget_impact: str | Mapping[str, Any],
    *,
    scenario: Scenario | str | None = None,
    iterations: int = 10000,
    seed: int = 0,
    sampling: Literal["random", "lhs", "latin_hypercube", "sobol"] = "random",
    threads: int | None = None,
    keep_samples: bool = True,
    correlation: tuple[Sequence[str], Sequence[Sequence[float]]] | None = None,
    client: Any = None,
    chunks_per_task: int = 8,
) -> BudgetMonteCarloResult:
    """Runs a budget impact (a name or a dict, as for ``budget_impact``) under Monte Carlo:
    ``BudgetMonteCarlo(self.budget_impact(...), ...).run(client=..., ...)``. Seeded and
    chunked on the same driver as ``MonteCarlo``: the same seed gives the same numbers for any
    ``threads``, and with ``client`` (a ``dask.distributed.Client``) the chunks go to the cluster,
    ``chunks_per_task`` a task, and merge into the same result bit for bit. ``correlation`` is
    ``(names, matrix)``, a rank correlation between named inputs (see ``input_names`` of the
    result).

    Examples
    --------
    >>> import caretriangle as ct
    >>> econ = ct.examples.north_of_tyne()
    >>> res = econ.budget_monte_carlo(econ.budget_impacts[0], iterations=1000, seed=1)
    >>> res.iterations, res.probability_of_payback
    (1000, 0.0)
    >>> s = res.summary()
    >>> bool(s.loc["cumulative", "p2_5"] > 0)   # even the 2.5th percentile is a net cost
    True
    """
    study = self._budget_monte_carlo_study(
        budget_impact,
        scenario=scenario,
        iterations=iterations,
        seed=seed,
        sampling=sampling,
        threads=threads,
        keep_samples=keep_samples,
        correlation=correlation,
    )
    return _budget_monte_carlo_run(study, client=client, chunks_per_task=chunks_per_task)


def _bind() -> None:
    """Puts the methods that take a ``client`` on the classes, under their public names."""
    for cls, name, method in (
        (MonteCarlo, "run", _monte_carlo_run),
        (MonteCarloResult, "sobol", _monte_carlo_result_sobol),
        (BudgetMonteCarlo, "run", _budget_monte_carlo_run),
        (Economy, "budget_monte_carlo", _economy_budget_monte_carlo),
    ):
        method.__name__ = name
        method.__qualname__ = f"{cls.__name__}.{name}"
        method.__module__ = "caretriangle"
        setattr(cls, name, method)


_bind()
