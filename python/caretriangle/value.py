"""The value of information for any model: EVPI and EVPPI from Monte Carlo arrays.

Like :func:`saltelli_sample` and :func:`sobol_analyze` for Sobol indices, these work on any
model's output, not only an :class:`Economy`'s: ``net_benefit`` is an iterations × options
array of net benefits (more is better; pass ``-cost`` to compare costs) and ``inputs`` the
values of the uncertain inputs in the same iterations.

Both are in the net benefits' units, per decision: multiply by the people affected and the
years the decision lasts (discounted) for the population value.

>>> import numpy as np, caretriangle as ct
>>> rng = np.random.default_rng(1)
>>> x = rng.standard_normal((100_000, 2))
>>> inb = 3 * x[:, 0] + 4 * x[:, 1]            # incremental net benefit of option 1 over 0
>>> nb = np.column_stack([np.zeros_like(inb), inb])
>>> round(ct.evpi(nb), 1)                      # 5·φ(0) = 1.99
2.0
>>> round(ct.evppi(nb, x[:, 1]), 1)            # 4·φ(0) = 1.60
1.6
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from caretriangle._core import _evpi, _evppi
from caretriangle.errors import InvalidValueError


def _invalid(field: str, value: object, expected: str) -> InvalidValueError:
    """The error the core raises for a bad value, with ``field`` set."""
    error = InvalidValueError(f"{field} must be {expected}, got {value}")
    error.field = field
    return error


def _matrix(name: str, values: npt.ArrayLike, *, columns_if_1d: bool) -> npt.NDArray[np.float64]:
    """A C-contiguous float64 matrix; a 1-D array is one column (``columns_if_1d``) or one row."""
    try:
        array = np.ascontiguousarray(values, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise _invalid(name, type(values).__name__, f"an array of numbers ({e})") from None
    if array.ndim == 1:
        array = array.reshape(-1, 1) if columns_if_1d else array.reshape(1, -1)
    if array.ndim != 2:
        raise _invalid(name, f"an array of {array.ndim} dimensions", "a 1-D or 2-D array")
    return array


def evpi(net_benefit: npt.ArrayLike) -> float:
    """The expected value of perfect information: ``E[max_k NB_k] − max_k E[NB_k]``.

    What it would be worth to learn every uncertain input before choosing: the mean net benefit
    if the best option could be picked in each iteration, less that of the option best on
    average (the choice made now). Never negative.

    Parameters
    ----------
    net_benefit
        Iterations × options array of net benefits (for example λ·QALYs − cost of each option,
        the baseline included as an option).

    Raises
    ------
    InvalidValueError
        An empty array, or a value that is not finite (named by its row and column).

    Examples
    --------
    Two options and two equally likely states: knowing the state is worth (10 + 6)/2 − 5.

    >>> import caretriangle as ct
    >>> ct.evpi([[10.0, 0.0], [0.0, 6.0]])
    3.0
    """
    return _evpi(_matrix("evpi.net_benefit", net_benefit, columns_if_1d=True))


def evppi(
    net_benefit: npt.ArrayLike,
    inputs: npt.ArrayLike,
    *,
    method: Literal["so", "partition"] | None = None,
    blocks: int | None = None,
    leaf: int | None = None,
) -> float:
    """The expected value of partial perfect information of some inputs, taken together.

    ``EVPPI(φ) = E_φ[max_k E(NB_k | φ)] − max_k E[NB_k]``: what it would be worth to learn the
    inputs ``φ`` (and only them) before choosing. ``E(NB_k | φ)`` is estimated from the same
    samples by grouping iterations whose inputs are close and averaging within each group, so
    the estimate always lies between 0 and :func:`evpi` of the same samples, and a group of
    inputs is worth at least each of its members when it is estimated by the same method.

    Parameters
    ----------
    net_benefit
        Iterations × options array of net benefits.
    inputs
        Iterations × k array of the inputs' values in the same iterations (or one column).
    method
        ``"so"``: Strong and Oakley's single-parameter binning (Medical Decision Making 2013;
        33:755–766): the iterations sorted by the input and cut into ``blocks`` blocks of equal
        size. One input only.
        ``"partition"``: a nonparametric regression for one input or a group: the iterations are
        split at the median rank of one input at a time (the one whose ranks spread widest) until
        each group holds at most ``leaf`` iterations, as a k-d tree does; working on ranks makes it
        independent of the inputs' units. For one input it equals the binned method with blocks
        of ``leaf``.
        By default ``"so"`` for one input and ``"partition"`` for a group.
    blocks, leaf
        The number of blocks (``"so"``) or the largest group (``"partition"``); by default about
        √N, Strong and Oakley's advice for large N. Fewer, larger groups bias the estimate down;
        more, smaller ones bias it up (to EVPI with groups of one).

    Raises
    ------
    InvalidValueError
        Arrays of different lengths, a value that is not finite, ``"so"`` with several inputs,
        an unknown method, or ``blocks``/``leaf`` out of range.

    Examples
    --------
    Incremental net benefit 3·X₁ + 4·X₂ (X standard normal): learning X₂ is worth 4·φ(0) = 1.596,
    X₁ 3·φ(0) = 1.197, and both together EVPI = 5·φ(0) = 1.995.

    >>> import numpy as np, caretriangle as ct
    >>> x = np.random.default_rng(7).standard_normal((200_000, 2))
    >>> nb = np.column_stack([np.zeros(len(x)), 3 * x[:, 0] + 4 * x[:, 1]])
    >>> [round(ct.evppi(nb, x[:, j]), 1) for j in (0, 1)]
    [1.2, 1.6]
    >>> round(ct.evppi(nb, x), 1)
    2.0
    """
    nb = _matrix("evppi.net_benefit", net_benefit, columns_if_1d=True)
    x = _matrix("evppi.inputs", inputs, columns_if_1d=True)
    if method is None:
        method = "so" if x.shape[1] == 1 else "partition"
    if method == "so" and leaf is not None:
        raise _invalid("evppi.leaf", leaf, "blocks= with method='so' (leaf= is for method='partition')")
    if method == "partition" and blocks is not None:
        raise _invalid("evppi.blocks", blocks, "leaf= with method='partition' (blocks= is for method='so')")
    size = blocks if method == "so" else leaf
    if size is not None and (isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 1):
        name = "blocks" if method == "so" else "leaf"
        raise _invalid(f"evppi.{name}", repr(size), "a whole number, at least 1")
    return _evppi(nb, x, method, None if size is None else int(size))
