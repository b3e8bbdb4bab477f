"""EVPI and EVPPI of any model's arrays (``ct.evpi``, ``ct.evppi``) against closed forms.

Two options whose incremental net benefit is INB = μ + 3·X₁ + 4·X₂, X standard normal, so
INB ~ N(μ, 5²). With option 0 worth 0 the value of knowing a normal Z ~ N(μ, s²) before
choosing is E[max(0, Z)] − max(0, μ) = s·φ(μ/s) − |μ|·Φ(−|μ|/s). Perfect information is
Z = INB (s = 5); learning X₁ alone leaves E[INB | X₁] = μ + 3·X₁ (s = 3), X₂ alone s = 4.
The figures quoted are those of the issue: EVPI 1.99471 (μ = 0), 1.53447 (μ = 1); EVPPI of
X₁ 1.19683, 0.76271; of X₂ 1.59577, 1.14538.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import caretriangle as ct


def closed_form(mu: float, s: float) -> float:
    z = abs(mu) / s
    pdf = math.exp(-((mu / s) ** 2) / 2) / math.sqrt(2 * math.pi)
    return s * pdf - abs(mu) * 0.5 * math.erfc(z / math.sqrt(2))


def two_options(mu: float, n: int = 1_000_000, seed: int = 2026) -> tuple[np.ndarray, np.ndarray]:
    x = np.random.default_rng(seed).standard_normal((n, 2))
    inb = mu + 3 * x[:, 0] + 4 * x[:, 1]
    return np.column_stack([np.zeros(n), inb]), x


@pytest.mark.parametrize(
    ("mu", "s", "quoted"),
    [(0, 5, 1.99471), (1, 5, 1.53447), (0, 3, 1.19683), (1, 3, 0.76271), (0, 4, 1.59577), (1, 4, 1.14538)],
)
def test_closed_form_matches_the_quoted_figure(mu: float, s: float, quoted: float) -> None:
    assert round(closed_form(mu, s), 5) == quoted


@pytest.mark.parametrize("mu", [0.0, 1.0])
def test_evpi_and_evppi_within_two_percent_at_a_million_draws(mu: float) -> None:
    nb, x = two_options(mu)
    total = ct.evpi(nb)
    assert total == pytest.approx(closed_form(mu, 5), rel=0.02)
    for j, s in [(0, 3), (1, 4)]:
        binned = ct.evppi(nb, x[:, j])
        tree = ct.evppi(nb, x[:, j], method="partition")
        assert binned == pytest.approx(closed_form(mu, s), rel=0.02), (j, "so")
        assert tree == pytest.approx(closed_form(mu, s), rel=0.02), (j, "partition")
        assert 0 <= binned <= total and 0 <= tree <= total
    group = ct.evppi(nb, x)
    # Both inputs determine INB, so learning them together is worth all of EVPI.
    assert group == pytest.approx(closed_form(mu, 5), rel=0.02)
    assert group <= total


def test_a_group_is_worth_at_least_each_member() -> None:
    nb, x = two_options(0.5, n=100_000, seed=3)
    group = ct.evppi(nb, x, method="partition", leaf=300)
    for j in (0, 1):
        assert group >= ct.evppi(nb, x[:, j], method="partition", leaf=300)


def test_hand_worked_example() -> None:
    # Rows sorted by the input: blocks {0.1, 0.2} (means 1, 0) and {0.8, 0.9} (means 0, 3):
    # best 1 and 3, mean 2; choosing now: option 1 worth 1.5; EVPPI 0.5. EVPI: (1+3+1+3)/4 − 1.5.
    nb = [[1.0, 0.0], [0.0, 3.0], [1.0, 0.0], [0.0, 3.0]]
    x = [0.1, 0.9, 0.2, 0.8]
    assert ct.evppi(nb, x, blocks=2) == 0.5
    assert ct.evppi(nb, x, method="partition", leaf=2) == 0.5
    assert ct.evpi(nb) == 0.5
    # One block knows nothing; blocks of one know everything.
    assert ct.evppi(nb, x, blocks=1) == 0.0
    assert ct.evppi(nb, x, blocks=4) == ct.evpi(nb)


def test_more_than_one_option_and_options_as_integers() -> None:
    # Three options, integer arrays accepted: row maxima 5, 7, 4; means 3, 10/3, 3; EVPI 2.
    assert ct.evpi(np.array([[5, 1, 3], [2, 7, 0], [2, 2, 4]])) == pytest.approx(2.0, abs=1e-12)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: ct.evpi([[1.0, float("nan")]]), "evpi.samples[0][1]"),
        (lambda: ct.evpi(np.zeros((0, 2))), "evpi.samples"),
        (lambda: ct.evpi(np.zeros((2, 2, 2))), "evpi.net_benefit"),
        (lambda: ct.evpi([["a", "b"]]), "evpi.net_benefit"),
        (lambda: ct.evppi([[0.0, 1.0]] * 3, [1.0, 2.0]), "evppi.inputs"),
        (lambda: ct.evppi([[0.0, 1.0]] * 2, [[1.0, 2.0]] * 2, method="so"), "evppi.inputs"),
        (lambda: ct.evppi([[0.0, 1.0]] * 2, [1.0, 2.0], blocks=3), "evppi.blocks"),
        (lambda: ct.evppi([[0.0, 1.0]] * 2, [1.0, 2.0], blocks=0), "evppi.blocks"),
        (lambda: ct.evppi([[0.0, 1.0]] * 2, [1.0, 2.0], blocks=True), "evppi.blocks"),
        (lambda: ct.evppi([[0.0, 1.0]] * 2, [1.0, 2.0], leaf=2), "evppi.leaf"),
        (lambda: ct.evppi([[0.0, 1.0]] * 2, [1.0, 2.0], method="gam"), "evppi.method"),
        (lambda: ct.evppi([[0.0, 1.0]] * 2, [1.0, float("inf")]), "evppi.inputs[1][0]"),
    ],
)
def test_bad_arguments_name_the_field(call, field: str) -> None:
    with pytest.raises(ct.InvalidValueError) as info:
        call()
    assert info.value.field == field
    assert field in str(info.value)
