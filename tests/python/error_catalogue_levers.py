"""The cases of docs/errors.md's entries on levers' names (issue 13): names unique and not blank
in a scenario, and `from_levers` naming a lever by a name no lever has or a lever after the
reinvestment (test_error_catalogue.py runs them).

Figures: the shipped North of Tyne example (sources in examples/north_of_tyne.toml).
"""

from __future__ import annotations

from collections.abc import Callable

import caretriangle as ct

SKILL_MIX = "skill mix"


def skill_mix() -> ct.Scenario:
    return ct.Scenario("s").substitute("specialist_dietitian", "health_trainer", share=0.4, name=SKILL_MIX)


def applied(scn: Callable[[], ct.Scenario]) -> Callable[[], object]:
    return lambda: ct.examples.north_of_tyne().apply(scn())


CASES: dict[str, Callable[[], object]] = {
    "lever-name-duplicate": lambda: skill_mix().productivity("specialist_dietitian", 0.1, name=SKILL_MIX),
    "lever-name-blank": lambda: skill_mix().productivity("specialist_dietitian", 0.1, name=" "),
    "from-levers-unknown-name": applied(
        lambda: skill_mix().reinvest("released", "health_trainer", from_levers=["skil mix"])
    ),
    "from-levers-name-not-earlier": applied(
        lambda: (
            skill_mix()
            .reinvest("released", "health_trainer", from_levers=["gain"])
            .productivity("specialist_dietitian", 0.1, name="gain")
        )
    ),
}
