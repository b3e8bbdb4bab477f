"""The comparisons that benchmarks/run.py times: each contender of one comparison run in
turns (`race`), the check that a reference agrees with caretriangle (`agree`), and the
comparisons themselves: Monte Carlo, budget impact, Sobol, the optimiser and memory. What
each measures is in run.py's docstring.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from budget_reference import BudgetReference
from numpy_reference import Reference, money_only
from optimise_reference import CORNERS, activity_lp, economy, exclusive_pairs, option_milp, options, solve
from scipy_reference import LhsReference

import caretriangle as ct

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
    # The example without its outcomes, which the references do not model (see money_only).
    econ = ct.Economy.from_dict(money_only(ct.examples.north_of_tyne().to_dict()))
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
    # The example without its outcomes, which the budget reference does not model.
    econ = ct.Economy.from_dict(money_only(ct.examples.north_of_tyne().to_dict()))
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


def same_optimum(what: str, ours: float, theirs: float) -> None:
    """Stops the benchmark unless caretriangle's optimum and HiGHS's are equal to 1e-9."""
    if not abs(ours - theirs) <= 1e-9 * max(abs(theirs), 1.0):
        raise SystemExit(f"benchmark stopped: {what}: caretriangle's optimum {ours!r}, HiGHS's {theirs!r}")
    print(f"check: {what}: the same optimum as HiGHS ({ours:.10g}, to 1e-9 relative)")


def optimiser(repeat: int, quick: bool) -> list[tuple[str, str, dict[str, Contender]]]:
    """benches/optimise.rs's two problems: ``ct.optimise`` against HiGHS (scipy's ``linprog``
    and ``milp``, given the problem's matrices, built untimed) on the same problem. Each
    problem in words, its target and its contenders."""
    services, groups, count, pairs, option_groups = (300, 4, 12, 3, 3) if quick else (10_000, 16, 200, 10, 9)
    spec = economy(services, groups, seed=1)
    kw = {"objective": "qalys", "corner_minimum": {c: 50.0 * services for c in CORNERS}}
    lp = _optimise_race(repeat, ct.Economy.from_dict(spec), activity_lp(spec, **kw), kw)
    rows = f"{1 + len(CORNERS) + groups} constraints"
    same_optimum(f"LP, {services:,} services", lp["caretriangle"].checked, lp["HiGHS"].checked)
    spec = economy(max(2 * count, 40), option_groups, seed=2)
    kw = {"objective": "qalys", "exclusive": exclusive_pairs(pairs), "options": options(count, seed=3)}
    milp = _optimise_race(repeat, ct.Economy.from_dict(spec), option_milp(spec, **kw), kw)
    same_optimum(f"0/1, {count} options", milp["caretriangle"].checked, milp["HiGHS"].checked)
    return [
        (f"{services:,} services × {rows}, continuous, shadow prices", "< 1 s", lp),
        (f"{count} options × {1 + option_groups + pairs} constraints, 0/1", "< 10 s", milp),
    ]


def _optimise_race(repeat: int, econ: ct.Economy, ref: Any, kw: dict[str, Any]) -> dict[str, Contender]:
    return race(
        repeat,
        [
            Contender("caretriangle", lambda: ct.optimise(econ, **kw), lambda opt: opt.value),
            Contender("HiGHS", lambda: solve(ref), ref.value),
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
