"""The benchmarks' numpy reference computes caretriangle's model: on caretriangle's own draws
it gives the same outputs, bit for bit, so timing the two compares like with like."""

import sys
from pathlib import Path

import numpy as np
import pytest

import caretriangle as ct

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from numpy_reference import Reference, money_only


@pytest.fixture(scope="module")
def econ():
    # The example without its outcomes, which the reference does not model.
    return ct.Economy.from_dict(money_only(ct.examples.north_of_tyne().to_dict()))


def test_same_inputs_in_the_same_order(econ):
    mc = ct.MonteCarlo(econ, iterations=10)
    assert Reference(econ.to_dict()).input_names == mc.input_names


def test_same_outputs_on_the_same_draws(econ):
    res = ct.MonteCarlo(econ, iterations=5000, seed=3).run()
    ours = np.asarray(res.samples)
    theirs = Reference(econ.to_dict()).evaluate(np.asarray(res.inputs))
    assert theirs.shape == ours.shape == (5000, 40)
    np.testing.assert_array_equal(theirs, ours)
    # The benchmarks' yardstick sums plainly, as numpy users do: the same to well under a
    # penny on this economy (£13m of spend: a plain sum is within ~14 ulps, ~3e-8 pounds).
    plain = Reference(econ.to_dict(), compensated=False).evaluate(np.asarray(res.inputs))
    np.testing.assert_allclose(plain, ours, rtol=0, atol=1e-6)


def test_its_own_draws_agree_in_distribution(econ):
    # Different generators, same distributions: means within a few standard errors.
    res = ct.MonteCarlo(econ, iterations=20_000, seed=1).run()
    theirs = Reference(econ.to_dict()).run(20_000, seed=1)
    ours = np.asarray(res.samples)
    se = np.sqrt(ours.var(axis=0) / 20_000 + theirs.var(axis=0) / 20_000)
    gap = np.abs(ours.mean(axis=0) - theirs.mean(axis=0))
    assert np.all(gap <= 5 * se + 1e-6), gap - 5 * se
