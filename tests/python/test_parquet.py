"""Monte Carlo samples out to Arrow and Parquet: the same numbers as the run, the run traced in
the file's metadata, streamed chunk by chunk, and saved whole or not at all."""

from __future__ import annotations

import json
import os
import signal
import threading

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import caretriangle as ct
from caretriangle import parquet

EXAMPLE = ct.examples.north_of_tyne()


def _outputs(df: pd.DataFrame) -> np.ndarray:
    return df[[c for c in df.columns if c != "iteration" and not c.startswith("input/")]].to_numpy()


def _inputs(df: pd.DataFrame) -> np.ndarray:
    return df[[c for c in df.columns if c.startswith("input/")]].to_numpy()


def _meta(path) -> dict:
    return json.loads(pq.read_schema(path).metadata[b"caretriangle"])


def test_a_result_to_parquet_reads_back_as_its_samples_and_inputs(tmp_path):
    res = ct.MonteCarlo(EXAMPLE, iterations=5000, seed=7, sampling="lhs").run()
    path = tmp_path / "s.parquet"
    res.to_parquet(path)
    df = pd.read_parquet(path)
    assert res.samples is not None and res.inputs is not None
    assert list(df["iteration"]) == list(range(5000))
    assert np.array_equal(_outputs(df), res.samples)
    assert np.array_equal(_inputs(df), res.inputs)
    # Columns named "<scenario>/<output>" in the result's order, then "input/<name>".
    assert list(df.columns[1:3]) == ["baseline/total", "baseline/clinical"]
    assert df.columns[-len(res.input_names) :].tolist() == [f"input/{n}" for n in res.input_names]
    assert (df["skill mix/change"] == res.to_frame()["skill mix", "change"]).all()
    assert res.to_arrow().equals(pq.read_table(path))


def test_the_metadata_traces_the_file_to_its_run(tmp_path):
    study = ct.MonteCarlo(EXAMPLE, scenarios=["skill mix"], iterations=3000, seed=11, sampling="sobol")
    path = tmp_path / "s.parquet"
    study.run().to_parquet(path)
    meta = _meta(path)
    assert meta["kind"] == "monte_carlo" and meta["version"] == ct.__version__
    assert (meta["iterations"], meta["seed"], meta["sampling"]) == (3000, 11, "sobol")
    assert meta["scenarios"] == ["skill mix"]
    assert meta["columns"][0] == ["baseline", "total"] and meta["input_names"] == study.input_names
    # The study rebuilt from the file gives the file's numbers again.
    again = ct.MonteCarlo._from_recipe(json.dumps(meta["study"])).run()
    assert again.samples is not None
    assert np.array_equal(_outputs(pd.read_parquet(path)), again.samples)


def test_a_streamed_run_writes_the_numbers_of_a_run_in_memory(tmp_path):
    # 10,000 iterations are 3 chunks of 4096 (4096 + 4096 + 1808); one chunk a batch gives
    # three record batches, the last one short.
    study = ct.MonteCarlo(EXAMPLE, iterations=10_000, seed=5, keep_samples=False)
    path = tmp_path / "s.parquet"
    res = study.run_to_parquet(path, chunks_per_batch=1)
    kept = ct.MonteCarlo(EXAMPLE, iterations=10_000, seed=5).run()
    df = pd.read_parquet(path)
    assert kept.samples is not None and kept.inputs is not None
    assert np.array_equal(_outputs(df), kept.samples) and np.array_equal(_inputs(df), kept.inputs)
    groups = pq.ParquetFile(path).metadata
    assert [groups.row_group(i).num_rows for i in range(groups.num_row_groups)] == [4096, 4096, 1808]
    # The returned result is the run's, without samples: the same means as a run that streams
    # its summaries (keep_samples=False), bit for bit.
    assert res.samples is None
    assert res.summary()["mean"].equals(study.run().summary()["mean"])
    assert _meta(path)["study"]["keep_samples"] is False


def test_a_budget_monte_carlo_result_to_parquet(tmp_path):
    res = EXAMPLE.budget_monte_carlo(EXAMPLE.budget_impacts[0], iterations=1000, seed=3)
    path = tmp_path / "b.parquet"
    res.to_parquet(path)
    df = pd.read_parquet(path)
    assert list(df.columns) == ["iteration", *res.columns]
    assert np.array_equal(df[res.columns].to_numpy(), res.samples)
    meta = _meta(path)
    assert (meta["kind"], meta["iterations"], meta["seed"]) == ("budget_monte_carlo", 1000, 3)


def test_no_samples_is_an_error_naming_keep_samples():
    res = ct.MonteCarlo(EXAMPLE, iterations=100, keep_samples=False).run()
    with pytest.raises(ct.InvalidValueError) as info:
        res.to_arrow()
    assert info.value.field == "keep_samples"


def test_a_failed_save_leaves_the_old_file_whole_and_no_temp_file(tmp_path):
    path = tmp_path / "s.parquet"
    path.write_bytes(b"the old file")
    res = ct.MonteCarlo(EXAMPLE, iterations=100, seed=1).run()
    with pytest.raises(ct.InvalidValueError) as bad_batch:
        ct.MonteCarlo(EXAMPLE, iterations=100).run_to_parquet(path, chunks_per_batch=0)
    assert bad_batch.value.field == "chunks_per_batch"
    with pytest.raises(ct.CareTriangleIOError) as info:
        res.to_parquet(tmp_path / "no_such_folder" / "s.parquet")
    assert "no_such_folder" in str(info.value)
    with pytest.raises(ct.InvalidValueError) as bad_path:
        res.to_parquet(5)  # type: ignore[arg-type]
    assert bad_path.value.field == "path"
    assert path.read_bytes() == b"the old file"
    assert sorted(os.listdir(tmp_path)) == ["s.parquet"]


def test_an_interrupted_stream_leaves_the_old_file_whole(tmp_path):
    path = tmp_path / "s.parquet"
    path.write_bytes(b"the old file")
    # 400 chunks of 4096; Ctrl-C (SIGINT to this process) a moment after the run starts.
    study = ct.MonteCarlo(EXAMPLE, iterations=4096 * 400, seed=1, keep_samples=False)
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            study.run_to_parquet(path, chunks_per_batch=1)
    finally:
        timer.cancel()
    assert path.read_bytes() == b"the old file"
    assert sorted(os.listdir(tmp_path)) == ["s.parquet"]


def test_without_pyarrow_the_error_says_how_to_install_it(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ImportError, match=r"pip install 'caretriangle\[parquet\]'"):
        parquet.require_pyarrow()
