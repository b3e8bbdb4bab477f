"""Monte Carlo samples out, to Apache Arrow and Parquet, traceable to the run that made them.

``res.to_arrow()`` and ``res.to_parquet(path)`` (a :class:`~caretriangle.MonteCarloResult` or a
:class:`~caretriangle.BudgetMonteCarloResult` that kept its samples) come here; so does
``MonteCarlo(...).run_to_parquet(path)``, which streams a run too big for memory to the file
chunk by chunk, in fixed memory.

The table: a column ``iteration`` (0, 1, …), then one column per output, named
``"<scenario>/<output>"`` (for a budget impact's run, the output alone), then, when the run
kept them, one column per uncertain input, named ``"input/<name>"``. The file's metadata, under
the key ``caretriangle``, is a JSON object that traces the numbers to their inputs: the
package version, the kind of run, iterations, seed, sampling plan, scenarios, the columns as
``[scenario, output]`` pairs, the inputs' names and, for a scenario study, the study itself
(``study``: the economy, scenarios, inputs and options, as the study's recipe), from which
``MonteCarlo._from_recipe(json.dumps(meta["study"]))`` rebuilds it.

pyarrow is an optional extra (``pip install 'caretriangle[parquet]'``): nothing here imports
it until it is needed.

>>> import json, tempfile, pandas as pd, pyarrow.parquet as pq
>>> import caretriangle as ct
>>> mc = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=5000, seed=1)
>>> path = tempfile.mkdtemp() + "/samples.parquet"
>>> res = mc.run_to_parquet(path)
>>> df = pd.read_parquet(path)
>>> len(df), bool((df["skill mix/change"] == mc.run().to_frame()["skill mix", "change"]).all())
(5000, True)
>>> json.loads(pq.read_schema(path).metadata[b"caretriangle"])["seed"]
1
"""

from __future__ import annotations

import json
import os
from typing import Any

from caretriangle._atomic import atomic_file
from caretriangle._core import CHUNK, MonteCarlo, MonteCarloResult, __version__
from caretriangle.distributed import ranges
from caretriangle.errors import InvalidValueError

# Chunks of 4096 iterations written as one record batch (a Parquet row group) when a run
# streams to a file: 16 chunks is 65,536 rows, 26 MB for the example's 50 columns; the batch is
# held about four times over (the part, its array, Arrow's columns, the writer's pages).
CHUNKS_PER_BATCH = 16


def require_pyarrow() -> Any:
    """The ``pyarrow`` module, or an ImportError that says how to install it."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as e:  # pragma: no cover - pyarrow is pinned in the dev requirements
        raise ImportError(
            "Parquet and Arrow output needs pyarrow: pip install 'caretriangle[parquet]'"
        ) from e
    return pyarrow


def _recipe(study: MonteCarlo) -> dict[str, Any]:
    # What the study pickles as: the JSON text it is rebuilt from, on a worker or here.
    recipe: dict[str, Any] = json.loads(study.__reduce__()[1][0])
    return recipe


def _names(columns: list[tuple[str, str]] | list[str], inputs: list[str] | None) -> list[str]:
    names = ["iteration"]
    names += [c if isinstance(c, str) else f"{c[0]}/{c[1]}" for c in columns]
    names += [f"input/{n}" for n in inputs or []]
    return names


def _metadata(res: Any, study: MonteCarlo | None) -> dict[str, Any]:
    """``res`` is a result, or for a run being streamed the study itself (which has the
    result's columns)."""
    if study is not None:
        recipe = _recipe(study)
        return {
            "version": __version__,
            "kind": "monte_carlo",
            "iterations": recipe["iterations"],
            "seed": recipe["seed"],
            "sampling": recipe["sampling"],
            "scenarios": study.scenarios[1:],
            "columns": [list(c) for c in res.columns],
            "input_names": study.input_names,
            "study": recipe,
        }
    return {
        "version": __version__,
        "kind": "budget_monte_carlo",
        "iterations": res.iterations,
        "seed": res.seed,
        "columns": list(res.columns),
        "input_names": list(res.input_names),
    }


def _schema(pa: Any, names: list[str], meta: dict[str, Any]) -> Any:
    fields = [pa.field("iteration", pa.int64())] + [pa.field(n, pa.float64()) for n in names[1:]]
    return pa.schema(fields, metadata={"caretriangle": json.dumps(meta)})


def _batch(pa: Any, schema: Any, first: int, samples: Any, inputs: Any) -> Any:
    rows = samples.shape[0]
    arrays = [pa.array(range(first, first + rows), pa.int64())]
    arrays += [pa.array(samples[:, j]) for j in range(samples.shape[1])]
    if inputs is not None:
        arrays += [pa.array(inputs[:, j]) for j in range(inputs.shape[1])]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def to_arrow(res: Any) -> Any:
    """The samples of ``res`` (and its inputs, when kept) as a ``pyarrow.Table`` with the run's
    metadata: see the module's documentation."""
    pa = require_pyarrow()
    if res.samples is None:
        err = InvalidValueError("keep_samples must be True to have every iteration's outputs, got False")
        err.field = "keep_samples"
        raise err
    study = res.study if isinstance(res, MonteCarloResult) else None
    inputs = res.inputs if study is not None else None
    names = _names(res.columns, res.input_names if inputs is not None else None)
    schema = _schema(pa, names, _metadata(res, study))
    return pa.Table.from_batches([_batch(pa, schema, 0, res.samples, inputs)], schema=schema)


def to_parquet(res: Any, path: str | os.PathLike[str]) -> None:
    """Writes :func:`to_arrow` of ``res`` to ``path`` as Parquet, whole or not at all."""
    pa = require_pyarrow()
    table = to_arrow(res)
    with atomic_file(path) as f:
        pa.parquet.write_table(table, f)


def run_to_parquet(
    study: MonteCarlo, path: str | os.PathLike[str], *, chunks_per_batch: int = CHUNKS_PER_BATCH
) -> MonteCarloResult:
    """Runs ``study`` and streams its samples to ``path`` as Parquet, ``chunks_per_batch``
    chunks of 4096 iterations a record batch, never holding more than one batch: the same
    numbers as ``study.run().to_frame()``, bit for bit. Returns the run's result without its
    samples (its moments exact, its percentiles from its histograms, as with
    ``keep_samples=False``). The file is replaced only when the run is complete; an error or
    an interrupt (Ctrl-C) leaves any old file whole."""
    pa = require_pyarrow()
    parts = ranges(study.chunks, chunks_per_batch, "chunks_per_batch")
    # The metadata records the study as it was given.
    schema = _schema(pa, _names(study.columns, study.input_names), _metadata(study, study))
    recipe = _recipe(study)
    if not recipe["keep_samples"]:
        # The same study (the same draws) with its rows handed over, to be written here.
        study = MonteCarlo._from_recipe(json.dumps({**recipe, "keep_samples": True}))
    bins = study._bins()
    running = None  # the summaries of the batches so far, as one part: memory does not grow with N
    with atomic_file(path) as f, pa.parquet.ParquetWriter(f, schema) as writer:
        for a, b in parts:
            part = study._run_chunks(bins, a, b, threads=recipe["threads"])
            writer.write_batch(_batch(pa, schema, a * CHUNK, part.samples, part.inputs))
            part = part.without_samples()
            running = part if running is None else running.followed_by(part)
    assert running is not None  # a run has at least one chunk
    return study._merge(bins, [running])
