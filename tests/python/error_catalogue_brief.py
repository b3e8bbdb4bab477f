"""The cases of docs/errors.md's "Decision briefs" entries (test_error_catalogue.py runs
them): the brief's path, its arguments and the Chromium that prints it to PDF.

Figures: the shipped North of Tyne example (sources in examples/north_of_tyne.toml).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import caretriangle as ct
from caretriangle import _cli_brief
from caretriangle.brief import write

BI = "care planning and self-management, 2025/26 to 2029/30"


def skill_mix() -> ct.Comparison:
    return ct.examples.north_of_tyne().apply("skill mix")


@contextmanager
def browser(name: str) -> Iterator[None]:
    before = os.environ.get("CARETRIANGLE_CHROMIUM")
    os.environ["CARETRIANGLE_CHROMIUM"] = name
    try:
        yield
    finally:
        if before is None:
            del os.environ["CARETRIANGLE_CHROMIUM"]
        else:
            os.environ["CARETRIANGLE_CHROMIUM"] = before


def printed_by(name: str) -> Callable[[], object]:
    def run() -> None:
        with browser(name):
            skill_mix().brief("brief.pdf")

    return run


def other_economy() -> None:
    econ = ct.examples.north_of_tyne()
    other = ct.Economy.from_dict({**econ.to_dict(), "envelope": 14e6})
    econ.apply("skill mix").brief("b.html", budget_impact=other.budget_impact(BI))


def scenario_not_run() -> None:
    econ = ct.examples.north_of_tyne()
    mc = ct.MonteCarlo(econ, scenarios=["reinvest £1.4m"], iterations=100, seed=1).run()
    econ.apply("skill mix").brief("b.html", monte_carlo=mc)


def monte_carlo_beside_budget() -> None:
    econ = ct.examples.north_of_tyne()
    mc = ct.MonteCarlo(econ, scenarios=["skill mix"], iterations=100, seed=1).run()
    econ.budget_impact(BI).brief("b.html", monte_carlo=mc)


def cli_without_scenario() -> None:
    args = argparse.Namespace(file="e.toml", scenario=None, budget_impact=None, out="b.html", iterations=None)
    _cli_brief.run(args)


CASES: dict[str, Callable[[], object]] = {
    "brief-path-ending": lambda: skill_mix().brief("brief.docx"),
    "brief-path-not-a-path": lambda: skill_mix().brief(3),  # type: ignore[arg-type]
    "brief-argument-kind": lambda: skill_mix().brief("b.html", budget_impact="north"),
    "brief-result-kind": lambda: write(ct.examples.north_of_tyne(), "b.html"),
    "brief-monte-carlo-beside": monte_carlo_beside_budget,
    "brief-other-economy": other_economy,
    "brief-scenario-not-run": scenario_not_run,
    "brief-no-chromium": printed_by("no-such-browser"),
    "brief-chromium-failed": printed_by("false"),
    "brief-nothing-to-brief": cli_without_scenario,
}
