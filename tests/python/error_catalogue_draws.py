"""The cases of docs/errors.md's entries for re-optimising per draw (test_error_catalogue.py
runs them).

Figures: tests/data/optimise_uncertain.toml (illustrative, worked by hand in
tests/optimise_draws.rs).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import caretriangle as ct

UNCERTAIN = Path(__file__).resolve().parents[1] / "data" / "optimise_uncertain.toml"


def draws(n: int, **kw: object) -> Callable[[], object]:
    return lambda: ct.optimise_draws(ct.load_economy(UNCERTAIN), n, **kw)  # type: ignore[arg-type]


CASES: dict[str, Callable[[], object]] = {
    "optimise-draws-zero": draws(0, objective="qalys"),
    "optimise-draws-chunk-zero": draws(10, chunk=0, objective="qalys"),
}
