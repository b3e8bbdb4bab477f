"""Reliability of the public API at run time: one economy used from many threads; pickling,
and results crossing process boundaries; sizes from user input checked before allocating
and thread counts out of range refused; money to the penny at any size.

Figures: the shipped North of Tyne example (sources in examples/north_of_tyne.toml), from
reliability.py, and the YOC rates, specialist dietitian £21.25 and health trainer £11.45 an
hour (c. 2010/11).
"""

from __future__ import annotations

import concurrent.futures as cf
import math
import multiprocessing
import pickle
import resource

import pandas as pd
import pytest
from reliability import EXAMPLE

import caretriangle as ct

# ---- threads --------------------------------------------------------------------------------


def test_one_economy_from_many_threads_gives_the_serial_numbers():
    """One Economy, its Scenarios and one MonteCarlo used from eight threads at once (the GIL
    is released in apply and run) give exactly the numbers of serial calls."""
    econ = ct.examples.north_of_tyne()
    scenarios = list(econ.scenarios.values())
    mc = ct.MonteCarlo(econ, iterations=8_192, seed=11, threads=1)
    dims = ["corner", "commissioner", "locality", "provider", "service"]

    def task(i):
        kind, j = i % 3, i // 3
        if kind == 0:
            res = econ.apply(scenarios[j % len(scenarios)])
            return ("apply", j % len(scenarios)), (res.total_after, res.by("service").to_json())
        if kind == 1:
            return ("spend_by", j % len(dims)), econ.spend_by(dims[j % len(dims)]).to_json()
        res = mc.run()
        return ("mc", 0), (res.samples.tobytes(), res.summary().to_json())

    serial = dict(task(i) for i in range(3 * len(scenarios) * len(dims)))
    with cf.ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(task, range(96)))
    assert {key for key, _ in parallel} == set(serial)
    for key, value in parallel:
        assert value == serial[key], key


# ---- pickling -------------------------------------------------------------------------------


def comparisons():
    a, b = EXAMPLE.service("specialist_dietitian"), EXAMPLE.service("health_trainer")
    return {
        "economy": EXAMPLE,
        "scenario": EXAMPLE.scenario("skill mix"),
        "comparison": EXAMPLE.apply("reinvest £1.4m"),
        "unit_cost_comparison": ct.compare_unit_costs(a, b, units=500),
        "service": a,
        "budget_impact": EXAMPLE.budget_impact(EXAMPLE.budget_impacts[0]),
    }


@pytest.mark.parametrize("name", sorted(comparisons()))
def test_pickles_round_trip_equal_and_compact(name):
    obj = comparisons()[name]
    data = pickle.dumps(obj)
    again = pickle.loads(data)
    assert type(again) is type(obj)
    assert again == obj
    assert repr(again) == repr(obj)
    # Compact: the JSON form of the economy at most (a comparison holds its baseline and its
    # scenario, not its tables).
    assert len(data) < len(EXAMPLE.to_json()) + 4096


def test_comparison_after_pickling_has_the_same_tables():
    res = EXAMPLE.apply("skill mix and reinvest")
    again = pickle.loads(pickle.dumps(res))
    pd.testing.assert_frame_equal(again.by("locality"), res.by("locality"), check_exact=True)
    pd.testing.assert_frame_equal(again.flows(), res.flows(), check_exact=True)
    assert again.released == res.released
    # YOC: 500 hours from the dietitian (£21.25) to the health trainer (£11.45) save £4,900.
    cmp = pickle.loads(pickle.dumps(ct.compare_unit_costs(EXAMPLE.service("specialist_dietitian"),
        EXAMPLE.service("health_trainer"), units=500)))  # fmt: skip
    assert cmp.saving == pytest.approx(4900.0)


def _change(res: ct.Comparison) -> float:
    return res.change


def test_results_cross_process_boundaries():
    """A comparison made here is used in another process (spawned: nothing inherited)."""
    res = EXAMPLE.apply("skill mix")
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert pool.submit(_change, res).result(timeout=120) == res.change


def test_every_analysis_result_pickles_with_its_tables():
    # Tornado, SobolIndices, Evpi and BudgetMonteCarloResult raised "cannot pickle" before.
    res = ct.MonteCarlo(EXAMPLE, iterations=500, seed=1).run()
    budget = EXAMPLE.budget_monte_carlo(EXAMPLE.budget_impacts[0], iterations=300, seed=2)
    for obj in (res.tornado(), res.sobol("change", n=64), res.evpi()):
        again = pickle.loads(pickle.dumps(obj))
        assert type(again) is type(obj)
        assert again.to_frame().equals(obj.to_frame())
        assert repr(again) == repr(obj)
    again = pickle.loads(pickle.dumps(budget))
    assert again.summary().equals(budget.summary())
    assert (again.samples == budget.samples).all()
    assert again.iterations == budget.iterations == 300
    with pytest.raises(ct.InvalidValueError) as info:
        type(budget)._from_state(budget.__reduce__()[1][0], budget.samples[:10])
    assert info.value.field == "samples"
    with pytest.raises(ct.InvalidValueError) as info:
        type(res.evpi())._from_state(b"not a state")
    assert info.value.field == "state"


# ---- sizes and thread counts from user input -------------------------------------------------


def _call_in_child(call, queue) -> None:
    # Capped at 3 GiB of address space, as a notebook server or batch job might be.
    cap = 3 << 30
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        call()
        queue.put("returned")
    except ct.CareTriangleError as e:
        queue.put(f"{type(e).__name__} [{e.field}]: {e}")
    except BaseException as e:  # PanicException derives from BaseException
        queue.put(f"untyped {type(e).__name__}: {e}")


def _saltelli_huge() -> None:
    ct.saltelli_sample(2, 2**34)


def _saltelli_overflow() -> None:
    ct.saltelli_sample(2, 2**62)


def _resamples_huge() -> None:
    x = ct.saltelli_sample(2, 64, seed=1)
    ct.sobol_analyze(x[:, 0] + 2 * x[:, 1], 2, num_resamples=10**12)


def _study_resamples_huge() -> None:
    ct.MonteCarlo(EXAMPLE, iterations=50, seed=1).run().sobol("change", n=64, num_resamples=10**12)


def _study_design_huge() -> None:
    ct.MonteCarlo(EXAMPLE, iterations=50, seed=1).run().sobol("change", n=2**40)


def _samples_over_the_cap() -> None:
    # 10^7 iterations of the example keep about 4 GB of samples: within the machine's limit
    # (8 GiB, or half its memory) but over half of the 3 GiB the child may use.
    ct.MonteCarlo(EXAMPLE, iterations=10**7, seed=1).run()


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (_saltelli_huge, "saltelli.n"),
        (_saltelli_overflow, "saltelli.n"),
        (_resamples_huge, "sobol.num_resamples"),
        (_study_resamples_huge, "sobol.num_resamples"),
        (_study_design_huge, "saltelli.n"),
        (_samples_over_the_cap, "iterations"),
    ],
)
def test_sizes_from_user_input_are_checked_before_allocating(call, field):
    # Each aborted the process ("memory allocation failed") or raised PanicException (overflow).
    # Spawned, not forked: a forked child inherits the thread pool's state but not its threads,
    # and would wait on them for ever.
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_call_in_child, args=(call, queue))
    child.start()
    child.join(120)
    if child.is_alive():
        child.kill()
        child.join()
    outcome = queue.get(timeout=5) if not queue.empty() else f"died with exit code {child.exitcode}"
    assert outcome.startswith(f"InvalidValueError [{field}]"), outcome


@pytest.mark.parametrize("run", ["monte_carlo", "budget_monte_carlo"])
def test_more_than_10_to_the_12_iterations_are_refused_even_streaming(run):
    # budget_monte_carlo had no such check: 10^13 iterations would have run for months.
    n = 10**12 + 1
    with pytest.raises(ct.InvalidValueError) as info:
        if run == "monte_carlo":
            ct.MonteCarlo(EXAMPLE, iterations=n, keep_samples=False).run()
        else:
            EXAMPLE.budget_monte_carlo(EXAMPLE.budget_impacts[0], iterations=n, keep_samples=False)
    assert info.value.field == "iterations"
    assert str(info.value) == (
        "iterations must be at most 1000000000000 (10^12: about a week on one core), got 1000000000001"
    )


@pytest.mark.parametrize("threads", [0, 10**6])
def test_threads_out_of_range_are_refused_by_name(threads):
    # 0 silently meant all cores; 10**6 started about 1,360 threads before failing.
    mc = ct.MonteCarlo(EXAMPLE, iterations=10, seed=1, threads=threads)
    with pytest.raises(ct.InvalidValueError) as info:
        mc.run()
    assert info.value.field == "threads"
    with pytest.raises(ct.InvalidValueError, match="threads"):
        ct.sweep(EXAMPLE, [ct.Scenario("nothing")], threads=threads)


# ---- money to the penny at any size --------------------------------------------------------


def test_totals_are_exact_past_where_a_plain_sum_drops_pennies():
    # 1,000 services at £1e13 (the limit) then 99,000 at £0.99: a plain float sum stays at
    # £1e16 (each £0.99 is under half a unit in the last place) and loses £98,010.
    services = [
        {
            "id": f"s{i}",
            "corner": "clinical",
            "provider": "acute_trust",
            "unit": "hour",
            "unit_cost": 1e13 if i < 1000 else 0.99,
            "activity": 1.0,
        }
        for i in range(100_000)
    ]
    econ = ct.Economy.from_dict(
        {"name": "big", "envelope": 2e16, "price_year": "2025/26", "services": services}
    )
    exact = 10_000_000_000_098_010.0  # a float: 1e16 + 98,010 is even, and ulp(1e16) is 2
    assert math.fsum(s.spend for s in econ.services) == exact
    assert econ.total_spend == exact
    by_corner = econ.spend_by("corner", total=True)["spend"]
    assert by_corner["clinical"] == exact
    assert by_corner.iloc[-1] == exact


def test_a_thousand_tiny_reinvestments_cannot_draw_on_an_empty_pool():
    # Each £0.00499 was within the half-penny allowed per lever: £4.99 from nothing released.
    tiny = ct.Scenario("tiny")
    for _ in range(1000):
        tiny = tiny.reinvest(0.00499, "health_trainer")
    with pytest.raises(ct.InsufficientMoneyError) as info:
        EXAMPLE.apply(tiny)
    assert info.value.field == "levers[1].amount"
