"""Side-by-side benchmarks: caretriangle against a numpy reference and against SALib.

    .venv/bin/python benchmarks/run.py                 # Monte Carlo and Sobol tables
    .venv/bin/python benchmarks/run.py --memory        # also 10^8 iterations, peak memory

Every figure in one table is measured in the same run, best of ``--repeat`` runs, so the
ratios are comparable even on a busy machine; absolute figures are not.

- Monte Carlo: the shipped example (``caretriangle.examples.north_of_tyne()``) with its
  uncertain inputs, baseline and three scenarios, 40 outputs per iteration. The numpy
  reference (``numpy_reference.py``) draws the same distributions and evaluates the same
  model vectorised over all iterations; it is single-threaded (numpy's element-wise
  operations are). caretriangle keeps samples (as numpy does) or only streaming summaries;
  either way it also gives each output's mean, sd, percentiles and P(< 0), which the plain
  reference does not compute (the second row adds them, the numpy way). Ratios are against
  the plain reference.
- Sobol: Ishigami, N = 2^14 base rows, D = 3, 100 bootstrap resamples; SALib's
  ``sobol.analyze`` and ``caretriangle.sobol_analyze`` on the same outputs.
- Memory: 10^8 iterations with ``keep_samples=False`` in a child process, its peak resident
  memory read from the kernel (``VmHWM`` in ``/proc/self/status``).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

import caretriangle as ct

sys.path.insert(0, str(Path(__file__).parent))
from numpy_reference import Reference


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def monte_carlo(iterations: int, repeat: int, seed: int) -> list[tuple[str, float]]:
    econ = ct.examples.north_of_tyne()
    ref = Reference(econ.to_dict())

    def ours(threads: int, keep: bool):
        return lambda: ct.MonteCarlo(
            econ, iterations=iterations, seed=seed, threads=threads, keep_samples=keep
        ).run()

    def ref_with_summaries():
        # What caretriangle's summaries give, computed the numpy way (exact percentiles).
        out = ref.run(iterations, seed)
        return (
            out.mean(axis=0),
            out.std(axis=0, ddof=1),
            np.percentile(out, [2.5, 50, 97.5], axis=0),
            (out < 0).mean(axis=0),
            (out > 0).mean(axis=0),
        )

    rows = [
        ("numpy reference (1 thread)", best_of(repeat, lambda: ref.run(iterations, seed))),
        ("numpy reference + summaries (mean, sd, percentiles)", best_of(repeat, ref_with_summaries)),
    ]
    for threads in (1, 2):
        for keep in (True, False):
            label = f"caretriangle, {threads} thread{'s' if threads > 1 else ''}, keep_samples={keep}"
            rows.append((label, best_of(repeat, ours(threads, keep))))
    return rows


def sobol(repeat: int) -> list[tuple[str, float]]:
    from SALib.analyze import sobol as salib_analyze
    from SALib.sample import sobol as salib_sample

    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    x = salib_sample.sample(problem, 2**14, calc_second_order=False, seed=1)
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    theirs = best_of(
        repeat,
        lambda: salib_analyze.analyze(problem, y, calc_second_order=False, num_resamples=100, seed=1),
    )
    ours = best_of(repeat, lambda: ct.sobol_analyze(y, 3, num_resamples=100, seed=1))
    return [("SALib 1.6 sobol.analyze", theirs), ("caretriangle.sobol_analyze", ours)]


# The child reads its peak from /proc/self/status (VmHWM, of its own address space): its
# ru_maxrss would not do, since Linux keeps that across exec and it would start at the
# parent's peak (the numpy reference's arrays).
MEMORY_CHILD = """
import re, sys, time, caretriangle as ct
n = int(sys.argv[1])
econ = ct.examples.north_of_tyne()
t = time.perf_counter()
res = ct.MonteCarlo(econ, iterations=n, seed=1, keep_samples=False).run()
elapsed = time.perf_counter() - t
s = res.summary()
peak_kib = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
print(elapsed, peak_kib, len(s))
"""


def memory(iterations: int) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(iterations)], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024  # seconds, MiB


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--iterations", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--memory", action="store_true", help="also run 10^8 iterations (about a minute)")
    p.add_argument("--memory-iterations", type=int, default=100_000_000)
    a = p.parse_args(argv)

    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, numpy {np.__version__}")
    print(f"\n## Monte Carlo, shipped example, {a.iterations:,} iterations (best of {a.repeat})\n")
    rows = monte_carlo(a.iterations, a.repeat, a.seed)
    base = rows[0][1]
    print("| run | seconds | iterations/s | × numpy |")
    print("|---|---:|---:|---:|")
    for label, t in rows:
        print(f"| {label} | {t:.3f} | {a.iterations / t:,.0f} | {base / t:.1f} |")

    print(f"\n## Sobol indices, Ishigami, N = 2^14, D = 3, 100 resamples (best of {a.repeat})\n")
    rows = sobol(a.repeat)
    print("| run | milliseconds | × SALib |")
    print("|---|---:|---:|")
    for label, t in rows:
        print(f"| {label} | {t * 1000:.1f} | {rows[0][1] / t:.1f} |")

    if a.memory:
        seconds, mib = memory(a.memory_iterations)
        print(f"\n## {a.memory_iterations:,} iterations, keep_samples=False, all cores\n")
        print("| seconds | iterations/s | peak resident memory |")
        print("|---:|---:|---:|")
        print(f"| {seconds:.1f} | {a.memory_iterations / seconds:,.0f} | {mib:.0f} MiB |")


if __name__ == "__main__":
    main()
