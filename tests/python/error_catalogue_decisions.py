"""The cases of docs/errors.md's entries on the workbook's optimiser and options sheets and on
the optimiser's fairness minimums (issue 15); test_error_catalogue.py runs them. Figures:
tests/data/optimise_small.toml and optimise_fairness.toml (illustrative) and
examples/options.toml (DESMOND; sources in the file).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl

import caretriangle as ct

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "optimise_small.toml"
OPTIONS = ROOT / "examples" / "options.toml"
FAIRNESS = ROOT / "tests" / "data" / "optimise_fairness.toml"


def small_edited(sheet: str, **values: object) -> Callable[[], object]:
    """The small optimiser's workbook with `values` typed into `sheet`, saved as e.xlsx and read."""

    def load() -> object:
        ct.load_economy(SMALL).to_excel("small.xlsx")
        wb = openpyxl.load_workbook("small.xlsx")
        for cell, value in values.items():
            wb[sheet][cell] = value
        wb.save("e.xlsx")
        return ct.read_excel("e.xlsx")

    return load


def id_with_separator() -> None:
    text = OPTIONS.read_text(encoding="utf-8").replace("offer to 500 more", "offer; to 500 more")
    ct.Economy.from_toml(text).to_excel("e.xlsx")


CASES: dict[str, Callable[[], object]] = {
    "workbook-staff-minutes-unknown-service": small_edited("staff minutes", A2="review"),
    "workbook-staff-minutes-twice": small_edited("staff minutes", A3="diabetes_review"),
    "workbook-staff-minutes-without-figure": small_edited("staff minutes", C2=None),
    "workbook-staff-minutes-without-id": small_edited("staff minutes", A2=None),
    "workbook-table-not-figures": small_edited("optimise", B3="community_self_management 12000"),
    "workbook-decision-unknown-key": small_edited("optimise", A3="corner_minimums"),
    "workbook-decision-separator": id_with_separator,
    "optimise-segment-no-use": lambda: ct.Economy.from_toml(
        FAIRNESS.read_text(encoding="utf-8").replace("use = { community_team = 0.5 }", "use = {}")
    ),
}
