"""A smoke test of the installed wheel, run by `make wheel-test` (part of `make test`) with the
python of a fresh virtual environment that holds the wheel and its runtime dependencies only.

It checks that the package imported is the installed one (not the checkout), that the shipped
data come with it, and that the core works: a scenario applied, a small Monte Carlo run, a
file read; and that an optional extra that is not installed says how to install it.

Usage: python tests/wheel_smoke.py EXAMPLE.toml
"""

from __future__ import annotations

import sys
from pathlib import Path

import caretriangle as ct


def main(example: str) -> None:
    here = Path(ct.__file__).resolve()
    assert Path(sys.prefix).resolve() in here.parents, f"imported {here}, not the wheel in {sys.prefix}"
    assert ct._core.__file__.endswith(".abi3.so"), ct._core.__file__

    econ = ct.examples.north_of_tyne()
    assert econ == ct.load_economy(example)
    # 500 hours moved from a specialist dietitian (£21.25/h) to a health trainer (£11.45/h):
    # 500 × (21.25 − 11.45) = £4,900 saved (Year of Care rates, c. 2010/11).
    dietitian, trainer = econ.service("specialist_dietitian"), econ.service("health_trainer")
    cmp = ct.compare_unit_costs(dietitian, trainer, units=500)
    assert round(cmp.saving, 2) == 4900.0, cmp.saving
    res = econ.apply(econ.scenario("skill mix"))
    assert res.scenario == "skill mix" and res.summary().shape[0] > 0

    mc = ct.MonteCarlo(econ, iterations=2000, seed=1, threads=2).run()
    again = ct.MonteCarlo(econ, iterations=2000, seed=1, threads=1).run()
    assert mc.samples is not None and again.samples is not None
    assert mc.samples.tobytes() == again.samples.tobytes(), "threads changed the numbers"
    # Every draw of the skill mix saves money: the trainer's rate stays below the dietitian's.
    assert mc.scenario_summary().loc["skill mix", "prob_saving"] == 1.0

    try:
        mc.to_arrow()
    except ImportError as e:
        assert "caretriangle[parquet]" in str(e), e
    else:
        raise AssertionError("pyarrow is not a runtime dependency, yet to_arrow worked")
    print(f"wheel smoke test passed: caretriangle {ct.__version__} from {here.parent}")


if __name__ == "__main__":
    main(sys.argv[1])
