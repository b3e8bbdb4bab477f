"""The benchmarks' references compute caretriangle's models, and ``benchmarks/run.py`` runs
end to end. No timings are asserted here: performance depends on the machine and its load;
``--quick`` only checks that every comparison runs, agrees and is reported."""

import copy
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import caretriangle as ct

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from budget_reference import BudgetReference
from comparisons import agree
from numpy_reference import money_only
from scipy_reference import LhsReference, frozen

BENCHMARKS = Path(__file__).parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def econ():
    # The example without its outcomes, which the references do not model (see money_only).
    return ct.Economy.from_dict(money_only(ct.examples.north_of_tyne().to_dict()))


def _set(node, path: str, value: float) -> None:
    """Sets `interventions[3].effects[0].reduction` (and the like) in a nested spec."""
    keys = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]
    for k in keys[:-1]:
        node = node[k]
    node[keys[-1]] = value


def test_budget_reference_reads_the_same_inputs_and_gives_the_same_columns(econ):
    name = econ.budget_impacts[0]
    mc = econ.budget_monte_carlo(name, iterations=10, seed=1)
    ref = BudgetReference(econ.to_dict(), name)
    assert ref.input_names == mc.input_names
    assert ref.columns == mc.columns


def test_budget_reference_equals_caretriangle_at_drawn_values(econ):
    # Each drawn row written into the file as plain numbers: caretriangle's deterministic
    # budget impact of that file is the reference's row.
    spec = econ.to_dict()
    name = econ.budget_impacts[0]
    ref = BudgetReference(spec, name)
    inputs = ref.draw(4, seed=5)
    outs = ref.evaluate(inputs)
    services = {s["id"]: s for s in spec["services"]}
    localities = {loc["id"]: loc for loc in spec["localities"]}
    for row, out in zip(inputs, outs, strict=True):
        fixed = copy.deepcopy(spec)
        bi = next(b for b in fixed["budget_impacts"] if b["name"] == name)
        fixed_services = {s["id"]: s for s in fixed["services"]}
        fixed_localities = {loc["id"]: loc for loc in fixed["localities"]}
        for input_name, value in zip(ref.input_names, row, strict=True):
            if input_name.startswith(f"{name}."):
                _set(bi, input_name[len(name) + 1 :], float(value))
            else:
                owner, key = input_name.split(".")
                if owner in services:
                    fixed_services[owner][key] = float(value)
                else:
                    assert owner in localities
                    fixed_localities[owner][key] = float(value)
        got = ct.Economy.from_dict(fixed).budget_impact(name)
        df = got.to_frame()
        years = len(df)
        np.testing.assert_allclose(out[-years:], df["net"].to_numpy(), rtol=1e-12, atol=1e-6)
        np.testing.assert_allclose(out[0], df["cumulative"].iloc[-1], rtol=1e-12, atol=1e-6)
        np.testing.assert_allclose(out[1], df["discounted_cumulative"].iloc[-1], rtol=1e-12, atol=1e-6)
        np.testing.assert_allclose(out[5], got.return_per_pound, rtol=1e-12)
        assert out[6] == float(got.payback_year is not None)


def test_budget_reference_agrees_in_distribution(econ):
    name = econ.budget_impacts[0]
    ours = econ.budget_monte_carlo(name, iterations=20_000, seed=2).samples
    theirs = BudgetReference(econ.to_dict(), name).run(20_000, seed=2)
    se = np.sqrt(ours.var(axis=0) / 20_000 + theirs.var(axis=0) / 20_000)
    gap = np.abs(ours.mean(axis=0) - theirs.mean(axis=0))
    assert np.all(gap <= 5 * se + 1e-6), gap - 5 * se


def test_scipy_distributions_have_caretriangles_means():
    # The frozen scipy distributions read the parameters as caretriangle does.
    specs = [
        {"dist": "gamma", "mean": 21.25, "sd": 2.125},
        {"dist": "lognormal", "mean": 3.0, "sd": 0.5},
        {"dist": "beta", "mean": 0.3, "sd": 0.1},
        {"dist": "triangular", "low": 1.0, "mode": 1.1, "high": 1.5},
        {"dist": "pert", "low": 0.02, "mode": 0.07, "high": 0.12},
        {"dist": "uniform", "low": 2.0, "high": 4.0},
        {"dist": "normal", "mean": 5.0, "sd": 1.0},
    ]
    means = [21.25, 3.0, 0.3, 1.2, 0.07, 3.0, 5.0]
    sds = [2.125, 0.5, 0.1, None, None, None, 1.0]
    for spec, m, s in zip(specs, means, sds, strict=True):
        d = frozen(spec)
        assert d.mean() == pytest.approx(m), spec
        if s is not None:
            assert d.std() == pytest.approx(s), spec


def test_lhs_reference_is_stratified_and_agrees(econ):
    # The example without its outcomes, which the references do not model.
    econ = ct.Economy.from_dict(money_only(econ.to_dict()))
    ref = LhsReference(econ.to_dict())
    n = 20_000
    x = ref.draw(n, seed=3)
    # One draw in each of the n strata of every uncertain input's distribution.
    for j, (_, _, spec) in enumerate(ref.uncertain):
        d = frozen(spec)
        if d is not None:
            strata = np.floor(d.cdf(x[:, j]) * n).astype(int)
            assert len(np.unique(strata)) == n
    res = ct.MonteCarlo(econ, iterations=n, seed=3, sampling="lhs").run()
    ours, theirs = np.asarray(res.samples), ref.evaluate(x)
    se = np.sqrt(ours.var(axis=0) / n + theirs.var(axis=0) / n)
    gap = np.abs(ours.mean(axis=0) - theirs.mean(axis=0))
    assert np.all(gap <= 5 * se + 1e-6), gap - 5 * se


def test_run_quick_prints_the_summary_table():
    out = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--quick", "--memory"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "| measure | caretriangle | reference | ratio | target |" in text
    for row in [
        "random plan, 1 thread, × numpy reference",
        "random plan, 2 threads, × numpy reference",
        "iterations a second per core",
        "LHS plan, 1 thread, × random plan",
        "Sobol plan, 2 threads, × random plan",
        "LHS plan, 1 thread, × scipy LHS reference",
        "budget-impact Monte Carlo, 1 thread, × numpy reference",
        "iterations, keep_samples=False, peak memory",
    ]:
        assert row in text, row
    assert text.count(" agree on all ") == 8


def test_a_reference_that_disagrees_stops_the_benchmark(econ, capsys):
    name = econ.budget_impacts[0]
    ref = BudgetReference(econ.to_dict(), name)
    n = 20_000
    res = econ.budget_monte_carlo(name, iterations=n, seed=4, keep_samples=False)
    s = res.summary()
    ours = s["mean"].to_numpy(), s["sd"].to_numpy()
    out = ref.run(n, seed=4)
    agree("caretriangle and the reference", ref.columns, n, ours, (out.mean(axis=0), out.std(axis=0, ddof=1)))
    assert " agree on all 12 means" in capsys.readouterr().out
    # The reference with every effect 10% larger: its savings are off by far more than 4 SE.
    for k, op in enumerate(ref.ops):
        if op[0] in ("cash_releasing", "capacity_releasing"):
            ref.ops[k] = (*op[:5], op[5] * 1.1, op[6])  # the uprating factor of its saving
    out = ref.run(n, seed=4)
    with pytest.raises(SystemExit, match="cash_releasing"):
        agree(
            "caretriangle and the reference",
            ref.columns,
            n,
            ours,
            (out.mean(axis=0), out.std(axis=0, ddof=1)),
        )
