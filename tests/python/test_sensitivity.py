"""Sobol indices against SALib (a test dependency) and the analytic Ishigami values.

Analytic Ishigami indices (a = 7, b = 0.1): S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424,
0.2437 (Ishigami and Homma 1990; the values SALib's own tests use). SALib's tolerance for
them in its tests is atol 5e-2, rtol 1e-1 (SALib tests/test_analyze_sobol.py).
"""

import re

import numpy as np
import pytest

import caretriangle as ct

salib_sample = pytest.importorskip("SALib.sample.sobol")
salib_analyze = pytest.importorskip("SALib.analyze.sobol")

PROBLEM = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
S1 = [0.3139, 0.4424, 0.0]
ST = [0.5576, 0.4424, 0.2437]


def ishigami(x):
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_unscrambled_design_is_salibs():
    # Both use the Joe-Kuo direction numbers and the A, AB_1..AB_D, B row order.
    x = salib_sample.sample(PROBLEM, 2**10, calc_second_order=False, scramble=False)
    u = ct.saltelli_sample(3, 2**10, scramble=False)
    assert u.shape == (2**10 * 5, 3)
    np.testing.assert_allclose(u * 2 * np.pi - np.pi, x, rtol=0, atol=1e-14)


def test_indices_equal_salibs_on_the_same_outputs():
    x = salib_sample.sample(PROBLEM, 2**14, calc_second_order=False, scramble=True, seed=7)
    y = ishigami(x)
    theirs = salib_analyze.analyze(PROBLEM, y, calc_second_order=False, num_resamples=100, seed=7)
    ours = ct.sobol_analyze(y, 3, num_resamples=100, seed=7, names=PROBLEM["names"])
    # Same estimators on the same outputs: the same numbers but for rounding.
    np.testing.assert_allclose(ours.s1, theirs["S1"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.st, theirs["ST"], rtol=0, atol=1e-12)
    # The bootstrap draws differ, so the interval half-widths agree only roughly.
    frame = ours.to_frame()
    np.testing.assert_allclose(frame["S1_conf"], theirs["S1_conf"], rtol=0.5)
    np.testing.assert_allclose(frame["ST_conf"], theirs["ST_conf"], rtol=0.5)
    # Both within SALib's test tolerance of the analytic values.
    np.testing.assert_allclose(ours.s1, S1, atol=5e-2, rtol=1e-1)
    np.testing.assert_allclose(ours.st, ST, atol=5e-2, rtol=1e-1)


def test_g_function_on_our_design():
    # Sobol' G function, g = prod (|4 x_i - 2| + a_i) / (1 + a_i), a = (0, 1, 4.5, 9):
    # V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1, S_i = V_i / V,
    # ST_i = V_i prod_{j != i} (1 + V_j) / V (Saltelli et al. 2010, section 4).
    a = np.array([0.0, 1.0, 4.5, 9.0])
    v = 1 / (3 * (1 + a) ** 2)
    var = np.prod(1 + v) - 1
    s1 = v / var
    st = np.array([v[i] * np.prod(np.delete(1 + v, i)) for i in range(4)]) / var
    u = ct.saltelli_sample(4, 2**14, seed=3)
    y = np.prod((np.abs(4 * u - 2) + a) / (1 + a), axis=1)
    ours = ct.sobol_analyze(y, 4, seed=3)
    np.testing.assert_allclose(ours.s1, s1, atol=2e-2)
    np.testing.assert_allclose(ours.st, st, atol=2e-2)


def test_same_seed_same_intervals():
    y = ishigami(ct.saltelli_sample(3, 2**10, seed=1) * 2 * np.pi - np.pi)
    a = ct.sobol_analyze(y, 3, seed=5).to_frame()
    b = ct.sobol_analyze(y, 3, seed=5).to_frame()
    assert a.equals(b)


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        ((np.ones(11), 3), {}, "sobol.outputs.len()"),
        ((np.ones(10), 0), {}, "sobol.dims"),
        ((np.array([1.0, np.nan, 2, 3, 4, 5, 6, 7, 8, 9]), 3), {}, "sobol.outputs[1]"),
        ((np.arange(10.0), 3), {"names": ["a"]}, "names"),
        ((np.arange(10.0), 3), {"num_resamples": 1}, "num_resamples"),
    ],
)
def test_bad_input_is_named(args, kwargs, field):
    with pytest.raises(ct.InvalidValueError, match=re.escape(field)):
        ct.sobol_analyze(*args, **kwargs)


def test_bad_design_size_is_named():
    with pytest.raises(ct.InvalidValueError, match="dims"):
        ct.saltelli_sample(0, 16)
    with pytest.raises(ct.InvalidValueError, match="n"):
        ct.saltelli_sample(3, 1)


def test_sobol_analyze_takes_any_sequence_of_numbers_and_refuses_the_rest_by_name():
    # y = x1 + 2 x2: a list gives the same indices as the array (numpy reads both); anything
    # that is not a 1-d run of numbers is an InvalidValueError on `outputs` (it was numpy's
    # TypeError for a list, which the stub's ArrayLike promised to take).
    x = ct.saltelli_sample(2, 1024, seed=1)
    y = x[:, 0] + 2 * x[:, 1]
    assert ct.sobol_analyze(list(y), 2).st == ct.sobol_analyze(y, 2).st
    for bad in ["abc", [[1.0, 2.0]], None, ["a", "b"]]:
        with pytest.raises(ct.InvalidValueError) as info:
            ct.sobol_analyze(bad, 2)
        assert info.value.field == "outputs"
