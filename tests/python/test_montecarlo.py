"""Monte Carlo from Python on the shipped example (ten uncertain inputs in the file)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import caretriangle as ct

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from scipy_reference import LhsReference, frozen


@pytest.fixture(scope="module")
def econ() -> ct.Economy:
    return ct.examples.north_of_tyne()


def test_same_seed_identical_arrays_on_one_and_two_threads(econ):
    runs = [ct.MonteCarlo(econ, iterations=10_000, seed=42, sampling="lhs", threads=t).run() for t in (1, 2)]
    assert np.array_equal(runs[0].samples, runs[1].samples)
    assert np.array_equal(runs[0].inputs, runs[1].inputs)
    other = ct.MonteCarlo(econ, iterations=10_000, seed=43, sampling="lhs").run()
    assert not np.array_equal(runs[0].samples, other.samples)


@pytest.mark.parametrize("n", [10_000, 50_000])
def test_a_latin_hypercube_hits_every_stratum_of_every_input_once_over_the_run(econ, n):
    # The strata are those of the whole run, not of each chunk of 4,096: stratum k of an
    # input is (k/n, (k+1)/n] of its distribution, read back here through scipy's cdf.
    specs = {name: spec for name, _, spec in LhsReference(econ.to_dict()).uncertain}
    for threads in (1, 2):
        res = ct.MonteCarlo(econ, iterations=n, seed=9, sampling="lhs", threads=threads).run()
        assert len(res.input_names) == 10
        for j, name in enumerate(res.input_names):
            strata = np.floor(frozen(specs[name]).cdf(res.inputs[:, j]) * n).astype(np.int64)
            assert np.unique(strata).size == n, (name, threads)


def test_summaries_and_frames(econ):
    res = ct.MonteCarlo(econ, iterations=20_000, seed=7).run()
    assert res.samples.shape == (20_000, 68)  # 4 blocks × (10 outputs + 7 of the example's outcomes)
    assert res.inputs.shape == (20_000, 10)
    summary = res.summary()
    # The skill mix saves share x 6,000 h x (21.25 - 11.45) on average: 0.4 x 6,000 x 9.80.
    assert summary.loc[("skill mix", "change"), "mean"] == pytest.approx(-23_520, rel=0.02)
    frame = res.to_frame()
    mean = summary.loc[("skill mix", "change"), "mean"]
    assert frame[("skill mix", "change")].mean() == pytest.approx(mean)
    per = res.scenario_summary()
    assert per.loc["skill mix", "prob_saving"] > 0.99
    assert 0 <= per.loc["baseline", "prob_over_envelope"] <= 1


def test_streaming_summaries_equal_kept_ones(econ):
    kept = ct.MonteCarlo(econ, iterations=9_000, seed=1).run()
    streamed = ct.MonteCarlo(econ, iterations=9_000, seed=1, keep_samples=False).run()
    assert streamed.samples is None
    a, b = kept.summary(), streamed.summary()
    assert np.array_equal(a["mean"].to_numpy(), b["mean"].to_numpy())
    # Histogram percentiles are within a bin of the exact ones.
    assert np.allclose(a["p50"], b["p50"], rtol=1e-3, atol=1.0)


def test_tornado_threshold_sobol_evpi(econ):
    res = ct.MonteCarlo(econ, iterations=5_000, seed=3).run()
    tornado = res.tornado("change", scenario="skill mix").to_frame()
    assert tornado.index[0] in {"skill mix.levers[0].share", "specialist_dietitian.unit_cost"}
    # Break-even of the skill mix: the trainer at the dietitian's £21.25 an hour.
    be = res.threshold("health_trainer.unit_cost", low=1, high=50, scenario="skill mix")
    assert be == pytest.approx(21.25)
    sobol = res.sobol("change", scenario="skill mix", n=512).to_frame()
    assert sobol.loc["newcastle_gateshead.need_weight", "ST"] == pytest.approx(0, abs=0.01)
    evpi = res.evpi("cost")
    assert evpi.evpi >= 0
    assert set(evpi.to_frame().index) == {"baseline", "skill mix", "reinvest £1.4m", "skill mix and reinvest"}


def test_inputs_and_correlation_from_python(econ):
    mc = ct.MonteCarlo(
        econ,
        scenarios=["skill mix"],
        iterations=8_192,
        seed=5,
        inputs={"structured_education.unit_cost": {"dist": "gamma", "mean": 76, "sd": 10}},
        correlation=(
            ["specialist_dietitian.unit_cost", "health_trainer.unit_cost"],
            [[1.0, 0.8], [0.8, 1.0]],
        ),
    )
    assert "structured_education.unit_cost" in mc.input_names
    res = mc.run()
    names = res.input_names
    a = res.inputs[:, names.index("specialist_dietitian.unit_cost")]
    b = res.inputs[:, names.index("health_trainer.unit_cost")]
    ranks = np.corrcoef(np.argsort(np.argsort(a)), np.argsort(np.argsort(b)))[0, 1]
    assert ranks == pytest.approx(0.8, abs=0.05)


def test_bad_input_is_a_typed_error(econ):
    normal = {"dist": "normal", "mean": 76, "sd": 10}
    gamma = {"dist": "gamma", "mean": 76, "sd": 10}
    with pytest.raises(ct.InvalidValueError, match=r"inputs\.structured_education\.unit_cost"):
        ct.MonteCarlo(econ, inputs={"structured_education.unit_cost": normal})
    with pytest.raises(ct.UnknownIdError, match="did you mean"):
        ct.MonteCarlo(econ, inputs={"structured_education.unit_cots": gamma})
    with pytest.raises(ct.InvalidValueError, match="keep_samples=False"):
        ct.MonteCarlo(econ, iterations=10**12).run()
    with pytest.raises(ct.InvalidValueError, match="iterations"):
        ct.MonteCarlo(econ, iterations=0)
    with pytest.raises(ct.InvalidValueError, match="sampling"):
        ct.MonteCarlo(econ, sampling="grid")
    with pytest.raises(ct.InvalidValueError, match="correlation"):
        ct.MonteCarlo(
            econ,
            correlation=(
                ["specialist_dietitian.unit_cost", "health_trainer.unit_cost"],
                [[1.0, 1.5], [1.5, 1.0]],
            ),
        )


def test_progress_bar_runs_and_gives_the_same_numbers(econ, capsys):
    plain = ct.MonteCarlo(econ, iterations=50_000, seed=9, keep_samples=False).run()
    shown = ct.MonteCarlo(econ, iterations=50_000, seed=9, keep_samples=False).run(progress=True)
    assert np.array_equal(plain.summary()["mean"].to_numpy(), shown.summary()["mean"].to_numpy())
    assert "50.0k/50.0k" in capsys.readouterr().err
