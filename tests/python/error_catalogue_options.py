"""The cases of docs/errors.md's "Options and PBMA" entries (test_error_catalogue.py runs them).

Figures: the shipped DESMOND example (sources in examples/structured_education.toml).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import caretriangle as ct

MORE = "offer to 1,000 more"


def education() -> ct.Economy:
    return ct.examples.structured_education()


def options(items: object, **kw: object) -> Callable[[], object]:
    return lambda: ct.Options(education(), items, **kw)  # type: ignore[arg-type]


def file_naming(name: str) -> Callable[[], object]:
    def load() -> object:
        text = (
            ct._core._example_text("structured_education")
            + f'\n[options]\noutcome = "qalys"\nscenarios = ["{name}"]\n'
        )
        Path("e.toml").write_text(text, encoding="utf-8")
        return ct.load_economy("e.toml")

    return load


CASES: dict[str, Callable[[], object]] = {
    "options-none": options([], outcome="qalys"),
    "options-no-change": options([ct.Scenario("same").scale_activity("desmond", 1)], outcome="qalys"),
    "options-item": options([3], outcome="qalys"),
    "options-not-a-list": options(MORE, outcome="qalys"),
    "options-exclusive-type": options([MORE], outcome="qalys", exclusive={"desmond": MORE}),
    "options-duplicate": options([MORE, MORE], outcome="qalys"),
    "options-outcome-missing": options([MORE]),
    "options-outcome-unknown": options([MORE], outcome="qaly"),
    "options-threshold-negative": options([MORE], outcome="qalys", threshold=-1),
    "options-budget-infinite": options([MORE], outcome="qalys", budget=float("inf")),
    "options-exclusive-unknown": options(
        [MORE], outcome="qalys", exclusive={"desmond": ["offer to 1,000 mor"]}
    ),
    "options-exclusive-twice": options([MORE], outcome="qalys", exclusive={"a": [MORE], "b": [MORE]}),
    "options-file-unknown-scenario": file_naming("offer to 1,000 mor"),
}
