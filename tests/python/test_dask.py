"""Monte Carlo, Sobol studies and sweeps on a two-process Dask LocalCluster give the local
run's numbers bit for bit (the same seed, the same chunks of 4096 iterations, merged in
chunk order)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import caretriangle as ct

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def econ() -> ct.Economy:
    return ct.examples.north_of_tyne()


def summaries_bytes(result: ct.MonteCarloResult) -> bytes:
    """Every summary's moments and histogram counts, as the CBOR bytes a result pickles with:
    equal bytes mean equal bits."""
    return result.__reduce__()[1][1]


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("keep", [True, False])
@pytest.mark.parametrize("sampling", ["random", "lhs", "sobol"])
def test_distributed_run_is_the_local_run_bit_for_bit(client, econ, keep, sampling):
    # 30,000 iterations: 8 chunks (7 of 4,096 and one of 1,328), 2 a task: 4 tasks on 2 workers.
    mc = ct.MonteCarlo(econ, iterations=30_000, seed=11, keep_samples=keep, sampling=sampling)
    assert mc.chunks == 8
    local = mc.run()
    remote = mc.run(client=client, chunks_per_task=2)
    assert summaries_bytes(remote) == summaries_bytes(local)
    assert remote.summary().equals(local.summary())
    assert remote.scenario_summary().equals(local.scenario_summary())
    if keep:
        assert same_bits(remote.samples, local.samples)
        assert same_bits(remote.inputs, local.inputs)
        assert remote.samples.shape == (30_000, 68)  # 4 blocks × (10 outputs + 7 of outcomes)
    else:
        assert remote.samples is None and remote.inputs is None


def test_recipe_with_sobol_points_overrides_and_correlation(client, econ):
    # Everything the study was given must reach the workers: the sampling plan, an input
    # overridden by name, a rank correlation, a scenario given as an object.
    scenario = ct.Scenario("half").substitute("specialist_dietitian", "health_trainer", share=0.5)
    mc = ct.MonteCarlo(
        econ,
        scenarios=[scenario, "skill mix"],
        iterations=10_000,
        seed=0,
        sampling="sobol",
        inputs={"health_trainer.unit_cost": {"dist": "gamma", "mean": 12.0, "sd": 2.0}},
        correlation=(
            ["specialist_dietitian.unit_cost", "health_trainer.unit_cost"],
            [[1.0, 0.6], [0.6, 1.0]],
        ),
    )
    local = mc.run()
    remote = mc.run(client=client, chunks_per_task=1, progress=True)
    assert same_bits(remote.samples, local.samples)
    assert same_bits(remote.inputs, local.inputs)
    assert summaries_bytes(remote) == summaries_bytes(local)
    # The override took effect: the health trainer's cost averages about £12, not £11.45.
    i = remote.input_names.index("health_trainer.unit_cost")
    assert remote.inputs[:, i].mean() == pytest.approx(12.0, rel=0.01)


def test_sobol_study_on_the_cluster_is_the_local_one(client, econ):
    res = ct.MonteCarlo(econ, iterations=4096, seed=5).run()
    local = res.sobol("change", scenario="skill mix", n=256, num_resamples=20)
    # 256 base rows × (10 inputs + 2) = 3,072 model runs, 1,000 a task: 4 tasks.
    remote = res.sobol(
        "change", scenario="skill mix", n=256, num_resamples=20, client=client, rows_per_task=1000
    )
    assert remote.s1 == local.s1
    assert remote.st == local.st
    assert remote.to_frame().equals(local.to_frame())


def test_sweep_on_the_cluster_is_the_local_sweep(client, econ):
    def skill_mix(share, split):
        return (
            ct.Scenario(f"share {share:.2f}, split {split:.2f}")
            .substitute("specialist_dietitian", "health_trainer", share=share)
            .reinvest(1000 * share, ["care_planning_north_tyneside", "care_planning_northumberland"],
                      by={"north_tyneside": split, "northumberland": 1 - split})
        )  # fmt: skip

    grid = {"share": [i / 20 for i in range(21)], "split": [0.0, 0.25, 0.5, 0.75, 1.0]}
    local = ct.sweep(econ, skill_mix, grid=grid)
    remote = ct.sweep(econ, skill_mix, grid=grid, client=client, scenarios_per_task=10)
    assert remote.equals(local)
    assert remote["run"].nunique() == 105


def test_results_and_studies_pickle_compactly(econ):
    mc = ct.MonteCarlo(econ, iterations=5_000, seed=2, keep_samples=False)
    # The study pickles as its recipe: the economy's JSON text and options, tens of kilobytes.
    assert len(pickle.dumps(mc)) < 50_000
    res = mc.run()
    again = pickle.loads(pickle.dumps(res))
    assert summaries_bytes(again) == summaries_bytes(res)
    assert again.summary().equals(res.summary())
    assert again.study.run().summary().equals(res.summary())


def test_bad_task_sizes_are_refused(client, econ):
    mc = ct.MonteCarlo(econ, iterations=5_000)
    with pytest.raises(ct.InvalidValueError, match="chunks_per_task"):
        mc.run(client=client, chunks_per_task=0)


@pytest.mark.parametrize("keep", [True, False])
def test_a_budget_monte_carlo_on_the_cluster_is_the_local_run_with_correlation(client, econ, keep):
    # The budget impact runs on the same driver as MonteCarlo: 20,000 iterations are 5 chunks,
    # 2 a task: 3 tasks on 2 workers, merged in chunk order.
    name = econ.budget_impacts[0]
    first = econ.budget_monte_carlo(name, iterations=10, seed=1).input_names
    assert len(first) >= 2
    corr = ([first[0], first[1]], [[1.0, 0.5], [0.5, 1.0]])
    run = dict(iterations=20_000, seed=5, keep_samples=keep, correlation=corr)
    local = econ.budget_monte_carlo(name, **run)
    remote = econ.budget_monte_carlo(name, client=client, chunks_per_task=2, **run)
    assert remote.__reduce__()[1][0] == local.__reduce__()[1][0]  # every figure's bits
    assert remote.summary().equals(local.summary())
    if keep:
        assert same_bits(remote.samples, local.samples)
    else:
        assert remote.samples is None
    # The correlation was applied: the run differs from the uncorrelated one.
    plain = econ.budget_monte_carlo(name, iterations=20_000, seed=5, keep_samples=keep)
    assert plain.__reduce__()[1][0] != local.__reduce__()[1][0]


def test_optimise_draws_on_the_cluster_are_the_local_ones(client):
    # tests/data/optimise_uncertain.toml, worked by hand in tests/optimise_draws.rs.
    from pathlib import Path

    econ = ct.load_economy(Path(__file__).resolve().parents[1] / "data" / "optimise_uncertain.toml")
    kw = {"objective": "net_benefit", "threshold": 2250}
    local = ct.optimise_draws(econ, 120, seed=4, chunk=40, **kw)
    remote = ct.optimise_draws(econ, 120, seed=4, chunk=40, client=client, **kw)
    assert remote.services().equals(local.services())
    assert (remote.mean, remote.low, remote.high) == (local.mean, local.low, local.high)
    assert remote.infeasible == local.infeasible == 0.0
