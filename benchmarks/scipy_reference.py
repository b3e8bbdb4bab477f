"""The numpy reference with a Latin hypercube plan, the scipy way, for benchmarks.

Only the sampling differs from ``numpy_reference.Reference``: the uniforms are a Latin
hypercube from ``scipy.stats.qmc.LatinHypercube`` (one column per uncertain input, scrambled
within its strata), and each column goes through its distribution's inverse CDF (the ``ppf``
of a frozen scipy distribution with the parameters caretriangle reads from the file). The
model is then evaluated by the same vectorised code as the plain reference.
"""

from __future__ import annotations

import numpy as np
from numpy_reference import Reference, shapes
from scipy import stats
from scipy.stats import qmc


def frozen(spec: dict):
    """The scipy distribution of one distribution given as in a caretriangle file (``None``
    for a fixed value)."""
    kind = spec["dist"]
    if kind == "fixed":
        return None
    if kind == "uniform":
        return stats.uniform(loc=spec["low"], scale=spec["high"] - spec["low"])
    if kind == "normal":
        return stats.norm(loc=spec["mean"], scale=spec["sd"])
    if kind == "lognormal":
        mu, sigma = shapes(spec)
        return stats.lognorm(s=sigma, scale=np.exp(mu))
    if kind == "gamma":
        shape, scale = shapes(spec)
        return stats.gamma(a=shape, scale=scale)
    if kind == "beta":
        return stats.beta(*shapes(spec))
    if kind == "triangular":
        lo, mode, hi = spec["low"], spec["mode"], spec["high"]
        return stats.triang(c=(mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
    if kind == "pert":
        lo, hi = spec["low"], spec["high"]
        return stats.beta(*shapes(spec), loc=lo, scale=hi - lo)
    raise ValueError(f"the scipy reference has no {kind!r} distribution")


def lhs(specs: list[dict], n: int, seed: int) -> np.ndarray:
    """`n` rows of a scrambled Latin hypercube, one column per distribution, through each
    distribution's ``ppf``."""
    u = qmc.LatinHypercube(d=len(specs), rng=np.random.default_rng(seed)).random(n)
    cols = []
    for j, spec in enumerate(specs):
        dist = frozen(spec)
        cols.append(np.full(n, float(spec["value"])) if dist is None else dist.ppf(u[:, j]))
    return np.column_stack(cols)


class LhsReference(Reference):
    """``Reference`` with its inputs drawn by a Latin hypercube (scipy) instead of numpy's
    independent draws."""

    def draw(self, n: int, seed: int) -> np.ndarray:
        return lhs([d for _, _, d in self.uncertain], n, seed)
