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
- Optimiser: the two problems of benches/optimise.rs (made-up figures from numpy's seeded
  generator, ``optimise_reference.py``): 10,000 services × 20 constraints, continuous (the
  envelope, three corner minimums, 16 staff groups), and 200 options × 20 constraints, 0/1
  (the envelope, 9 staff groups, 10 pairs of options that exclude each other). ``ct.optimise``
  (microlp; the LP with its shadow prices) against HiGHS through scipy (``linprog`` with
  ``method="highs"``, with its duals; ``milp`` to a proven optimum) on the same problem,
  written as matrices from the economy's figures (built untimed). Both optima must be equal
  to 1e-9 relative, or the script stops. Targets: under 1 s and under 10 s. ``--quick``: 300
  services × 8 constraints and 12 options × 7 constraints.
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
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import scipy

import caretriangle as ct

sys.path.insert(0, str(Path(__file__).parent))
from comparisons import PLANS, THREADS, budget, memory, monte_carlo, optimiser, sobol


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

    print(f"\n## Optimiser, against HiGHS (scipy {scipy.__version__}), best of {a.repeat}\n")
    problems = optimiser(a.repeat, a.quick)
    optimiser_rows = []
    print("\n| problem | caretriangle s | HiGHS s | × HiGHS | target |")
    print("|---|---:|---:|---:|---:|")
    for problem, target, race in problems:
        ours, theirs = race["caretriangle"].best, race["HiGHS"].best
        label = f"optimiser, {problem}"
        optimiser_rows.append(
            (label, f"{ours:.3f} s", f"HiGHS: {theirs:.3f} s", f"{theirs / ours:.2f}×", target)
        )
        print(f"| {label} | {ours:.3f} | {theirs:.3f} | {theirs / ours:.2f} | {target} |")

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
    rows += optimiser_rows
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
