"""Monte Carlo and Sobol studies on a Dask cluster, with the numbers of a local run.

``MonteCarlo(...).run(client=client)`` and ``result.sobol(..., client=client)`` come here.
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

from typing import Any

from caretriangle._core import CHUNK
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


def run_monte_carlo(study: Any, client: Any, *, chunks_per_task: int = 8, progress: bool = False) -> Any:
    """Runs ``study`` (a :class:`caretriangle.MonteCarlo`) on ``client``'s cluster,
    ``chunks_per_task`` chunks a task: the result of ``study.run()``, bit for bit."""
    require_distributed()
    parts = ranges(study.chunks, chunks_per_task, "chunks_per_task")
    # The bins come from chunk 0, computed here once rather than by every task.
    bins = study._bins()
    [shipped] = client.scatter([study], broadcast=True, hash=False)
    futures = [client.submit(_run_part, shipped, bins, a, b, pure=False) for a, b in parts]
    n = study.iterations
    sizes = [min(b * CHUNK, n) - a * CHUNK for a, b in parts]
    done = gather(client, futures, sizes, progress, "it")
    return study._merge(bins, done)


def _sobol_part(
    study: Any, output: str, scenario: str | None, n: int, seed: int, start: int, end: int
) -> Any:
    return study._sobol_outputs(output, scenario, n, seed, start, end)


def sobol_outputs(
    study: Any, client: Any, output: str, scenario: str | None, n: int, seed: int, rows_per_task: int
) -> list[float]:
    """``output`` at every row of the Saltelli design of ``n`` base rows, ``rows_per_task``
    rows a task, laid end to end in row order."""
    require_distributed()
    parts = ranges(study._sobol_rows(n), rows_per_task, "rows_per_task")
    [shipped] = client.scatter([study], broadcast=True, hash=False)
    futures = [
        client.submit(_sobol_part, shipped, output, scenario, n, seed, a, b, pure=False) for a, b in parts
    ]
    done = gather(client, futures, [b - a for a, b in parts], False, "run")
    return [x for part in done for x in part]
