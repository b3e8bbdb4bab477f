"""Throughput of a Monte Carlo run of the shipped example, here and on a two-worker Dask
LocalCluster, side by side, and where the cluster's overhead goes.

    .venv/bin/python benchmarks/dask_bench.py [iterations] [chunks_per_task]

Reports iterations per second of: a local run on 1 thread and on all cores; the same run with
``client=`` on a ``LocalCluster(n_workers=2, processes=True, threads_per_worker=1)``, end to
end and without the one-off cluster start. Then it times the parts of a distributed run
apart: starting the cluster, shipping the study to the workers (pickled as its recipe and
rebuilt there), computing the bins (chunk 0, on the client), the tasks themselves, pickling
a part (its CBOR bytes), and the merge. Streaming summaries only (keep_samples=False), then
once with samples kept, where the samples travel back to the client.

Not a test: timings depend on the machine and its load. The figures are the best of a few
repeats.
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from collections.abc import Callable
from typing import Any

import caretriangle as ct
from caretriangle.distributed import _run_part, ranges

REPEATS = 3


def best(f: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, Any]:
    """The fastest of `repeats` calls, in seconds, and the last result."""
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    import distributed

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    per_task = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    econ = ct.examples.north_of_tyne()
    print(
        f"caretriangle {ct.__version__}, dask.distributed {distributed.__version__}, {os.cpu_count()} cores"
    )
    print(f"North of Tyne example: 10 uncertain inputs, 3 scenarios; {n:,} iterations, seed 1\n")

    def study(keep: bool, threads: int | None = None) -> ct.MonteCarlo:
        return ct.MonteCarlo(econ, iterations=n, seed=1, keep_samples=keep, threads=threads)

    rows: list[tuple[str, float]] = []
    t1, _ = best(lambda: study(False, 1).run())
    rows.append(("local, 1 thread", t1))
    tall, local = best(lambda: study(False).run())
    rows.append((f"local, all cores ({os.cpu_count()})", tall))

    t = time.perf_counter()
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    client = distributed.Client(cluster)
    start = time.perf_counter() - t
    try:
        mc = study(False)
        # A first run warms the workers (imports, first unpickling); then the best of a few.
        mc.run(client=client, chunks_per_task=per_task)
        tdist, remote = best(lambda: mc.run(client=client, chunks_per_task=per_task))
        assert remote.summary().equals(local.summary()), "distributed run differs from the local one"
        rows.append((f"2-worker LocalCluster ({per_task} chunks a task)", tdist))
        rows.append(("2-worker LocalCluster, with cluster start", tdist + start))

        print(f"{'run':<48}{'seconds':>9}{'iterations/s':>15}")
        for name, s in rows:
            print(f"{name:<48}{s:>9.3f}{n / s:>15,.0f}")

        # Where a distributed run's time goes.
        parts = ranges(mc.chunks, per_task, "chunks_per_task")
        t_ship, shipped = best(lambda: client.scatter([mc], broadcast=True, hash=False)[0])
        t_bins, bins = best(mc._bins)
        t_noop, _ = best(lambda: client.submit(lambda: None, pure=False).result())

        def tasks() -> list[Any]:
            futs = [client.submit(_run_part, shipped, bins, a, b, pure=False) for a, b in parts]
            return client.gather(futs)

        t_tasks, done = best(tasks)
        # What the workers themselves report: time computing (in Rust) and time moving data,
        # summed over the tasks of one more run.
        with distributed.get_task_stream(client) as stream:
            tasks()
        spent: dict[str, float] = {}
        for task in stream.data:
            for ss in task["startstops"]:
                spent[ss["action"]] = spent.get(ss["action"], 0.0) + ss["stop"] - ss["start"]
        part = done[-1]
        t_pickle, blob = best(lambda: pickle.dumps(done[1]))
        t_unpickle, _ = best(lambda: pickle.loads(blob))
        t_merge, _ = best(lambda: mc._merge(bins, done))
        t_one_task, _ = best(lambda: mc._run_chunks(bins, 0, min(per_task, mc.chunks), threads=1))
        print(f"\nwhere the time goes ({len(parts)} tasks of up to {per_task} chunks of 4096 iterations):")
        print(f"  cluster start (2 worker processes)          {start:8.3f} s  (once per session)")
        size = len(pickle.dumps(mc))
        print(f"  ship the study (scatter, broadcast)         {t_ship:8.3f} s  ({size:,} bytes pickled)")
        print(f"  bins (chunk 0, on the client)               {t_bins:8.3f} s")
        print(f"  one empty task, round trip                  {t_noop:8.4f} s")
        print(f"  one task's chunks in this process, 1 thread {t_one_task:8.3f} s")
        print(f"  all tasks, submit to gather                 {t_tasks:8.3f} s")
        for action, secs in sorted(spent.items()):
            print(f"    workers' {action + ' time, summed':<33}{secs:8.3f} s")
        print(
            f"  pickle / unpickle one part                  {t_pickle:8.4f} / {t_unpickle:.4f} s"
            f"  ({len(blob):,} bytes; the chunk-0 part {len(pickle.dumps(part)) if part else 0:,})"
        )
        print(f"  merge {len(done)} parts                             {t_merge:8.4f} s")

        # With samples kept, every iteration's 68 outputs (40 of money and people, 28 of the
        # example's outcomes) and 10 inputs travel back.
        m = min(n, 500_000)
        kept = ct.MonteCarlo(econ, iterations=m, seed=1, keep_samples=True)
        tk_local, a = best(kept.run)
        kept.run(client=client, chunks_per_task=per_task)
        tk_dist, b = best(lambda: kept.run(client=client, chunks_per_task=per_task))
        assert a.samples.tobytes() == b.samples.tobytes()
        mb = (a.samples.nbytes + a.inputs.nbytes) / 1e6
        print(f"\nsamples kept, {m:,} iterations ({mb:.0f} MB of samples and inputs):")
        print(f"  local, all cores        {tk_local:8.3f} s  {m / tk_local:>12,.0f} iterations/s")
        print(f"  2-worker LocalCluster   {tk_dist:8.3f} s  {m / tk_dist:>12,.0f} iterations/s")
    finally:
        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
