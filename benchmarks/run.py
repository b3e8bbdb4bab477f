"""Side-by-side benchmarks: caretriangle against numpy, scipy and SALib references.

    .venv/bin/python benchmarks/run.py                 # every table but memory
    .venv/bin/python benchmarks/run.py --memory        # also 10^8 iterations, peak memory
    .venv/bin/python benchmarks/run.py --quick         # tiny sizes: checks the script runs

Every figure is measured in the same run, best of ``--repeat`` runs; the contenders of one
comparison take turns within each repeat (one run of each, then again), so a burst of load
on a busy machine falls on all of them alike and the ratios stay comparable; absolute
figures are not.

- Monte Carlo: the shipped example (``caretriangle.examples.north_of_tyne()``) with its
  uncertain inputs, baseline and three scenarios, 40 outputs per iteration, under each
  sampling plan (``random``, ``lhs``, ``sobol``) on 1 and 2 threads. The numpy reference
  (``numpy_reference.py``) draws the same distributions and evaluates the same model
  vectorised over all iterations; it is single-threaded (numpy's element-wise operations
  are). The scipy reference (``scipy_reference.py``) is the same model on a Latin hypercube:
  ``scipy.stats.qmc.LatinHypercube`` uniforms through each distribution's ``ppf``.
  caretriangle keeps samples (as numpy does) or only streaming summaries; either way it also
  gives each output's mean, sd, percentiles and P(< 0), which the plain references do not
  compute (one row adds them, the numpy way). Ratios are against the plain references.
- Budget impact: the shipped example's five-year budget impact
  (``Economy.budget_monte_carlo``) against a numpy reference of the same model
  (``budget_reference.py``), 12 outputs per iteration.
- Sobol: Ishigami, N = 2^14 base rows, D = 3, 100 bootstrap resamples; SALib's
  ``sobol.analyze`` and ``caretriangle.sobol_analyze`` on the same outputs.
- Memory: 10^8 iterations with ``keep_samples=False`` in a child process, its peak resident
  memory read from the kernel (``VmHWM`` in ``/proc/self/status``).

Each reference must agree with caretriangle: every output's mean within 4 standard errors
(the two runs are independent draws of the same distributions). The script stops with an
error naming the outputs when one does not, rather than print a ratio against a different
computation.

The last table gathers the headline figures with their targets, ready for the README.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import scipy

import caretriangle as ct

sys.path.insert(0, str(Path(__file__).parent))
from budget_reference import BudgetReference
from numpy_reference import Reference
from scipy_reference import LhsReference

PLANS = ("random", "lhs", "sobol")
THREADS = (1, 2)


@dataclass
class Contender:
    """One thing to time: `run` is timed, `check` (if given) reduces its result untimed."""

    label: str
    run: Any
    check: Any = None
    times: list[float] = field(default_factory=list)
    checked: Any = None

    @property
    def best(self) -> float:
        return min(self.times)


def race(repeat: int, contenders: list[Contender]) -> dict[str, Contender]:
    """Times each contender `repeat` times, taking turns, and keeps the best of each."""
    for _ in range(repeat):
        for c in contenders:
            t = time.perf_counter()
            out = c.run()
            c.times.append(time.perf_counter() - t)
            if c.check is not None:
                c.checked = c.check(out)
            del out
    return {c.label: c for c in contenders}


def moments(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return samples.mean(axis=0), samples.std(axis=0, ddof=1)


def summary_moments(result) -> tuple[np.ndarray, np.ndarray]:
    s = result.summary()
    return s["mean"].to_numpy(dtype=float), s["sd"].to_numpy(dtype=float)


def agree(what: str, columns: list[str], n: int, ours, theirs) -> None:
    """Stops the benchmark unless every mean of caretriangle's run (`ours`: means and sds)
    and the reference's (`theirs`) agree within 4 standard errors, `n` iterations each."""
    (m1, s1), (m2, s2) = ours, theirs
    se = np.sqrt(s1**2 / n + s2**2 / n)
    gap = np.abs(m1 - m2)
    bad = ~(gap <= 4 * se + 1e-9 * np.maximum(np.abs(m1), 1.0))
    if bad.any():
        lines = [
            f"  {columns[i]}: caretriangle {m1[i]:.6g}, reference {m2[i]:.6g}, "
            f"{gap[i] / max(se[i], 1e-300):.1f} SE apart"
            for i in np.flatnonzero(bad)
        ]
        raise SystemExit(
            f"benchmark stopped: {what} disagree (means more than 4 standard errors apart):\n"
            + "\n".join(lines)
        )
    print(f"check: {what} agree on all {len(columns)} means (within 4 standard errors)")


def monte_carlo(iterations: int, repeat: int, seed: int) -> dict[str, Contender]:
    econ = ct.examples.north_of_tyne()
    # Plain sums, as a numpy user writes them: the yardstick (the compensated form that
    # matches caretriangle bit for bit is 1.8 times slower and would flatter the ratios).
    ref = Reference(econ.to_dict(), compensated=False)
    lhs_ref = LhsReference(econ.to_dict(), compensated=False)
    probe = ct.MonteCarlo(econ, iterations=10)
    assert ref.input_names == lhs_ref.input_names == probe.input_names
    columns = [f"{s}.{o}" for s, o in probe.run().columns]

    def ours(plan: str, threads: int, keep: bool):
        return lambda: ct.MonteCarlo(
            econ, iterations=iterations, seed=seed, sampling=plan, threads=threads, keep_samples=keep
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

    contenders = [
        Contender("numpy reference", lambda: ref.run(iterations, seed), moments),
        Contender("numpy reference + summaries", ref_with_summaries),
        Contender("scipy LHS reference", lambda: lhs_ref.run(iterations, seed), moments),
    ]
    for threads in THREADS:
        for plan in PLANS:
            contenders.append(
                Contender(f"{plan}, {threads}, summaries", ours(plan, threads, False), summary_moments)
            )
        contenders.append(Contender(f"random, {threads}, samples", ours("random", threads, True)))
    rows = race(repeat, contenders)
    # Every plan's means against a reference's: random draws and Sobol points against numpy's
    # random draws, the Latin hypercube against scipy's (on 1 thread and 2: the same bits).
    for threads in THREADS:
        for plan, against in (
            ("random", "numpy reference"),
            ("lhs", "scipy LHS reference"),
            ("sobol", "numpy reference"),
        ):
            agree(
                f"caretriangle ({plan}, {threads} thread{'s' if threads > 1 else ''}) and the {against}",
                columns,
                iterations,
                rows[f"{plan}, {threads}, summaries"].checked,
                rows[against].checked,
            )
    return rows


def budget(iterations: int, repeat: int, seed: int) -> dict[str, Contender]:
    econ = ct.examples.north_of_tyne()
    name = econ.budget_impacts[0]
    ref = BudgetReference(econ.to_dict(), name)
    probe = econ.budget_monte_carlo(name, iterations=10, seed=seed)
    assert ref.input_names == probe.input_names, (ref.input_names, probe.input_names)
    assert ref.columns == probe.columns, (ref.columns, probe.columns)

    def ours(threads: int):
        return lambda: econ.budget_monte_carlo(
            name, iterations=iterations, seed=seed, threads=threads, keep_samples=False
        )

    contenders = [Contender("numpy budget reference", lambda: ref.run(iterations, seed), moments)]
    contenders += [Contender(f"budget, {t}", ours(t), summary_moments) for t in THREADS]
    rows = race(repeat, contenders)
    for t in THREADS:
        agree(
            f"caretriangle's budget impact ({t} thread{'s' if t > 1 else ''}) and the numpy budget reference",
            ref.columns,
            iterations,
            rows[f"budget, {t}"].checked,
            rows["numpy budget reference"].checked,
        )
    return rows


def sobol(repeat: int, log2n: int) -> dict[str, Contender]:
    from SALib.analyze import sobol as salib_analyze
    from SALib.sample import sobol as salib_sample

    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    x = salib_sample.sample(problem, 2**log2n, calc_second_order=False, seed=1)
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    return race(
        repeat,
        [
            Contender(
                "SALib",
                lambda: salib_analyze.analyze(problem, y, calc_second_order=False, num_resamples=100, seed=1),
            ),
            Contender("caretriangle", lambda: ct.sobol_analyze(y, 3, num_resamples=100, seed=1)),
        ],
    )


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


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} it/s"


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--iterations", type=int, default=None, help="Monte Carlo iterations (10^6)")
    p.add_argument("--budget-iterations", type=int, default=None, help="budget impact iterations (10^6)")
    p.add_argument("--repeat", type=int, default=None, help="runs of each, best taken (3)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--memory", action="store_true", help="also run 10^8 iterations (about a minute)")
    p.add_argument("--memory-iterations", type=int, default=None, help="(10^8)")
    p.add_argument("--quick", action="store_true", help="tiny sizes, 1 repeat: checks that the script runs")
    a = p.parse_args(argv)
    quick = {"iterations": 20_000, "budget_iterations": 20_000, "repeat": 1, "memory_iterations": 200_000}
    full = {
        "iterations": 1_000_000,
        "budget_iterations": 1_000_000,
        "repeat": 3,
        "memory_iterations": 100_000_000,
    }
    for key, value in (quick if a.quick else full).items():
        if getattr(a, key) is None:
            setattr(a, key, value)
    log2n = 10 if a.quick else 14
    n, nb = a.iterations, a.budget_iterations

    from importlib.metadata import version

    salib = version("SALib")
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}; Python {platform.python_version()}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}, SALib {salib}, "
        f"caretriangle {ct.__version__}"
    )

    print(f"\n## Monte Carlo, shipped example, {n:,} iterations (best of {a.repeat})\n")
    mc = monte_carlo(n, a.repeat, a.seed)
    base = mc["numpy reference"].best
    print("\n| run | seconds | iterations/s | × numpy |")
    print("|---|---:|---:|---:|")
    labels = [
        ("numpy reference (random draws, 1 thread)", "numpy reference"),
        ("numpy reference + summaries (mean, sd, percentiles)", "numpy reference + summaries"),
        ("scipy reference (LatinHypercube + ppf, 1 thread)", "scipy LHS reference"),
    ]
    for threads in THREADS:
        s = "s" if threads > 1 else ""
        labels.append(
            (f"caretriangle, random, {threads} thread{s}, keep_samples=True", f"random, {threads}, samples")
        )
        labels += [
            (
                f"caretriangle, {plan}, {threads} thread{s}, keep_samples=False",
                f"{plan}, {threads}, summaries",
            )
            for plan in PLANS
        ]
    for label, key in labels:
        t = mc[key].best
        print(f"| {label} | {t:.3f} | {n / t:,.0f} | {base / t:.2f} |")

    print(f"\n## Budget impact Monte Carlo, shipped example, {nb:,} iterations (best of {a.repeat})\n")
    bud = budget(nb, a.repeat, a.seed)
    bbase = bud["numpy budget reference"].best
    print("\n| run | seconds | iterations/s | × numpy |")
    print("|---|---:|---:|---:|")
    for label, key in [
        ("numpy reference (1 thread)", "numpy budget reference"),
        ("caretriangle, 1 thread, keep_samples=False", "budget, 1"),
        ("caretriangle, 2 threads, keep_samples=False", "budget, 2"),
    ]:
        t = bud[key].best
        print(f"| {label} | {t:.3f} | {nb / t:,.0f} | {bbase / t:.2f} |")

    print(f"\n## Sobol indices, Ishigami, N = 2^{log2n}, D = 3, 100 resamples (best of {a.repeat})\n")
    sob = sobol(a.repeat, log2n)
    print("| run | milliseconds | × SALib |")
    print("|---|---:|---:|")
    for label, key in [
        (f"SALib {salib} sobol.analyze", "SALib"),
        ("caretriangle.sobol_analyze", "caretriangle"),
    ]:
        print(f"| {label} | {sob[key].best * 1000:.1f} | {sob['SALib'].best / sob[key].best:.1f} |")

    mem = None
    if a.memory:
        seconds, mib = memory(a.memory_iterations)
        mem = seconds, mib
        print(f"\n## {a.memory_iterations:,} iterations, keep_samples=False, all cores\n")
        print("| seconds | iterations/s | peak resident memory |")
        print("|---:|---:|---:|")
        print(f"| {seconds:.1f} | {a.memory_iterations / seconds:,.0f} | {mib:.0f} MiB |")

    # The headline table, for the README.
    def t(key: str) -> float:
        return mc[key].best

    ref_t = t("numpy reference")
    rows = []
    for threads in THREADS:
        s = "s" if threads > 1 else ""
        ours = t(f"random, {threads}, summaries")
        target = {1: "≥ 5×", 2: "≥ 9×"}[threads]
        rows.append(
            (
                f"random plan, {threads} thread{s}, × numpy reference",
                rate(n, ours),
                rate(n, ref_t),
                f"{ref_t / ours:.2f}×",
                target,
            )
        )
    for threads in THREADS:
        s = "s" if threads > 1 else ""
        per_core = n / t(f"random, {threads}, summaries") / threads
        rows.append(
            (
                f"iterations a second per core, shipped example, {threads} thread{s}",
                f"{per_core / 1e6:.2f} M",
                "",
                "",
                "≥ 3 M",
            )
        )
    for plan in ("lhs", "sobol"):
        for threads in THREADS:
            s = "s" if threads > 1 else ""
            ours, theirs = t(f"{plan}, {threads}, summaries"), t(f"random, {threads}, summaries")
            rows.append(
                (
                    f"{plan.upper() if plan == 'lhs' else 'Sobol'} plan, {threads} thread{s}, × random plan",
                    rate(n, ours),
                    f"random: {rate(n, theirs)}",
                    f"{theirs / ours:.2f}×",
                    "≥ 0.8×",
                )
            )
    ours, theirs = t("lhs, 1, summaries"), t("scipy LHS reference")
    rows.append(
        (
            "LHS plan, 1 thread, × scipy LHS reference",
            rate(n, ours),
            rate(n, theirs),
            f"{theirs / ours:.2f}×",
            "—",
        )
    )
    for threads in THREADS:
        s = "s" if threads > 1 else ""
        ours = bud[f"budget, {threads}"].best
        rows.append(
            (
                f"budget-impact Monte Carlo, {threads} thread{s}, × numpy reference",
                rate(nb, ours),
                rate(nb, bbase),
                f"{bbase / ours:.2f}×",
                "≥ 5×" if threads == 1 else "—",
            )
        )
    rows.append(
        (
            f"Sobol indices, Ishigami, N = 2^{log2n}, × SALib",
            f"{sob['caretriangle'].best * 1000:.1f} ms",
            f"{sob['SALib'].best * 1000:.1f} ms",
            f"{sob['SALib'].best / sob['caretriangle'].best:.1f}×",
            "—",
        )
    )
    label = f"{a.memory_iterations:,} iterations, keep_samples=False, peak memory"
    if mem is None:
        rows.append((label, "not run (--memory)", "", "", "< 200 MB"))
    else:
        rows.append((label, f"{mem[1] * 1.048576:.0f} MB ({mem[0]:.1f} s)", "", "", "< 200 MB"))

    print(f"\n## Summary (Monte Carlo {n:,} iterations, budget impact {nb:,}, best of {a.repeat})\n")
    print("| measure | caretriangle | reference | ratio | target |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
