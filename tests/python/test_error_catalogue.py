"""Every entry of the error catalogue (docs/errors.md) triggered, checked against the docs.

Each case below is named by its entry's id in docs/errors.md. The guard tests check both ways:
every entry has a case, every case has an entry, the exception is of the class the entry
names (and a ``CareTriangleError``), and the message is the entry's example message word for
word (``…`` in an example stands for text that depends on the machine).

The functions that trigger the entries, and the reading of docs/errors.md, are in
error_catalogue.py.

Figures: the shipped North of Tyne example (see examples/north_of_tyne.toml for sources) and
a one-service economy at the YOC health-trainer rate, £11.45 an hour (c. 2010/11).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from error_catalogue import (
    MINIMAL,
    OUTCOMES,
    SERVICE,
    catalogue,
    cells,
    cells_of_row_3_reversed,
    circular_dict,
    damaged,
    deep_dict,
    directory,
    duplicate_uncertain,
    edited,
    example,
    fifo,
    half,
    id_with_separator,
    interrupted,
    localities_changed,
    long_text,
    many_localities,
    many_services,
    matches,
    merged,
    monte_carlo,
    oversize,
    panic,
    result_of_wrong_shape,
    row_3_after_row_4,
    scenario_on_example,
    toml,
    with_dict,
    workbook_bomb,
    workbook_fifo,
    workbook_folder,
    workbook_many_files,
    workbook_oversize,
    write,
)
from error_catalogue_brief import CASES as BRIEF_CASES
from error_catalogue_conditions import CASES as CONDITION_CASES
from error_catalogue_decisions import CASES as DECISION_CASES
from error_catalogue_draws import CASES as DRAWS_CASES
from error_catalogue_levers import CASES as LEVER_CASES
from error_catalogue_options import CASES as OPTIONS_CASES
from error_catalogue_places import CASES as PLACES_CASES

import caretriangle as ct

NAMES = ["specialist_dietitian.unit_cost", "health_trainer.unit_cost"]


# A budget impact of the DESMOND example: 1,000 people a year for three years (illustrative).
DESMOND_OFFER = {
    "name": "offer",
    "first_year": "2025/26",
    "years": 3,
    "interventions": [{"id": "offer", "service": "desmond", "register": 1000, "uptake": [1.0]}],
}


def education() -> ct.Comparison:
    """The shipped DESMOND example's scenario (see examples/structured_education.toml)."""
    return ct.examples.structured_education().apply("offer to 1,000 more")


# id in docs/errors.md → what triggers it.
CASES: dict[str, Callable[[], object]] = {
    "money-negative": toml(MINIMAL.replace("11.45", "-5")),
    "money-nan": toml(MINIMAL.replace("11.45", "nan")),
    "money-infinite": toml(MINIMAL.replace("11.45", "inf")),
    "money-nan-python": lambda: ct.Service(
        "a", corner="clinical", provider="other", unit="hour", unit_cost=float("nan")
    ),
    "activity-negative": toml(MINIMAL.replace("activity = 10", "activity = -3")),
    "activity-infinite": toml(MINIMAL.replace("activity = 10", "activity = inf")),
    "envelope-negative": toml(MINIMAL.replace("envelope = 1000", "envelope = -1")),
    "spend-too-large": toml(MINIMAL.replace("activity = 10", "activity = 1e300")),
    "share-outside-0-1": lambda: ct.Scenario("s").substitute(
        "specialist_dietitian", "health_trainer", share=1.5
    ),
    "gain-outside-0-1": lambda: ct.Scenario("s").productivity("specialist_dietitian", 1.2),
    "same-service-twice": lambda: ct.Scenario("s").substitute("health_trainer", "health_trainer", share=0.1),
    "unknown-service-in-lever": scenario_on_example(
        lambda s: s.substitute("specialist_dietitan", "health_trainer", share=0.4)
    ),
    "unknown-scenario": lambda: example().scenario("skil mix"),
    "unknown-locality": toml(MINIMAL + 'locality = "nowhere"\n'),
    "duplicate-id": toml(MINIMAL + "\n" + SERVICE),
    "duplicate-id-case": toml(MINIMAL + "\n" + SERVICE.replace('"health_trainer"', '"Health_Trainer"')),
    "id-invisible": toml(MINIMAL.replace('"health_trainer"', '"health\u200btrainer"')),
    "unknown-key": toml(MINIMAL.replace("unit_cost", "unit_cots")),
    "missing-field": toml(MINIMAL.replace("unit_cost = 11.45\n", "")),
    "wrong-type": toml(MINIMAL.replace("11.45", '"cheap"')),
    "syntax-toml": toml(MINIMAL.replace('unit = "hour"', 'unit = "hour')),
    "syntax-json": lambda: ct.Economy.from_json('{"name": "x",}'),
    "financial-year": toml(MINIMAL.replace('"2023/24"', '"2023/25"')),
    "cluster-without-locality": toml(MINIMAL + 'cluster = "c1"\n'),
    "budget-over-envelope": toml(MINIMAL + "\n[budget]\nclinical = 5000\n"),
    "unknown-dimension": lambda: example().spend_by("colour"),
    "distribution-parameters": toml(
        MINIMAL.replace(
            "activity = 10", 'activity = 10\nunits_per_person = { dist = "beta", mean = 0.5, sd = 0.6 }'
        )
    ),
    "distribution-order": toml(MINIMAL.replace("11.45", '{ dist = "pert", low = 12, mode = 11, high = 10 }')),
    "distribution-kind": toml(MINIMAL.replace("11.45", '{ dist = "cauchy", mean = 1 }')),
    "distribution-support": toml(MINIMAL.replace("11.45", '{ dist = "normal", mean = 11.45, sd = 1 }')),
    "input-parameters": monte_carlo(
        inputs={"health_trainer.unit_cost": {"dist": "gamma", "mean": -1, "sd": 1}}
    ),
    "input-unknown": monte_carlo(
        inputs={"health_trainer.unit_cots": {"dist": "gamma", "mean": 11.45, "sd": 1}}
    ),
    "correlation-asymmetric": monte_carlo(correlation=(NAMES, [[1, 0.5], [0.2, 1]])),
    "correlation-range": monte_carlo(correlation=(NAMES, [[1, 1.5], [1.5, 1]])),
    "correlation-impossible": monte_carlo(
        correlation=(
            [*NAMES, "care_planning_north_tyneside.unit_cost"],
            [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]],
        )
    ),
    "correlation-size": monte_carlo(correlation=(NAMES, [[1, 0.5]])),
    "mixed-price-years": toml(MINIMAL + 'price_year = "2010/11"\n'),
    "compare-different-units": lambda: ct.compare_unit_costs(
        example().service("specialist_dietitian"), example().service("care_planning_north_tyneside")
    ),
    "shift-more-than-service-has": scenario_on_example(
        lambda s: s.shift("specialist_dietitian", "health_trainer", amount=1e9)
    ),
    "reinvest-more-than-released": scenario_on_example(lambda s: s.reinvest(1e6, "health_trainer")),
    "lever-overflow": scenario_on_example(lambda s: s.scale_activity("health_trainer", 1e308)),
    "reinvest-amount-and-share": lambda: ct.Scenario("s").reinvest(
        100, "health_trainer", share_of_released=0.5
    ),
    "reinvest-no-amount": lambda: ct.Scenario("s").reinvest(into="health_trainer"),
    "reinvest-released-new-money": lambda: ct.Scenario("s").reinvest(
        "released", "health_trainer", source="new"
    ),
    "from-levers-not-earlier": scenario_on_example(
        lambda s: s.productivity("specialist_dietitian", 0.1).reinvest(
            "released", "health_trainer", from_levers=[1]
        )
    ),
    "commission-people-and-units": lambda: ct.Scenario("s").commission("health_trainer", people=1, units=1),
    "commission-people-without-units-per-person": scenario_on_example(
        lambda s: s.commission("ae_attendances", people=10, source="new")
    ),
    "commission-more-than-released": scenario_on_example(lambda s: s.commission("health_trainer", units=100)),
    "scale-no-activity": lambda: ct.Economy.from_toml(MINIMAL.replace("activity = 10", "activity = 0")).apply(
        ct.Scenario("s").scale_activity("health_trainer", 1.2)
    ),
    "substitute-person-ratio": lambda: ct.Scenario("s").substitute(
        "specialist_dietitian", "health_trainer", share=0.4, ratio=2, per="person"
    ),
    "substitute-person-without-units-per-person": scenario_on_example(
        lambda s: s.substitute("specialist_dietitian", "ae_attendances", share=0.4, per="person")
    ),
    "sweep-duplicate-name": lambda: ct.sweep(example(), [ct.Scenario("s"), ct.Scenario("s")]),
    "over-envelope": scenario_on_example(
        lambda s: s.reinvest(1e8, "health_trainer", source="new"), strict=True
    ),
    "argument-not-a-number": lambda: ct.Scenario("x").substitute("a", "b", share=True),
    "argument-not-whole": monte_carlo(iterations=1.5),
    "argument-too-large": monte_carlo(seed=2**200),
    "argument-not-a-flag": lambda: example().apply("skill mix", strict=1),
    "argument-bad-unicode": lambda: ct.Scenario("\ud800"),
    "sobol-resamples": lambda: (
        ct.MonteCarlo(example(), iterations=50, seed=1).run().sobol("change", n=64, num_resamples=0)
    ),
    "result-state-shape": result_of_wrong_shape,
    "compare-units-too-many": lambda: ct.compare_unit_costs(
        example().service("specialist_dietitian"), example().service("health_trainer"), units=1e308
    ),
    "discount-horizon": lambda: (
        example().apply("skill mix").budget_impact("2025/26", years=100, discount_rate=-0.999999)
    ),
    "dict-circular": circular_dict,
    "dict-too-deep": deep_dict,
    "iterations-zero": monte_carlo(iterations=0),
    "iterations-negative": monte_carlo(iterations=-1),
    "threads-out-of-range": lambda: ct.MonteCarlo(example(), iterations=10, threads=0).run(),
    "iterations-memory": monte_carlo(iterations=10**10),
    "iterations-limit": monte_carlo(iterations=10**13, keep_samples=False),
    "sampling-unknown": monte_carlo(sampling="grid"),
    "samples-not-kept": lambda: ct.MonteCarlo(example(), iterations=10, keep_samples=False).run().to_arrow(),
    "parquet-path": lambda: ct.MonteCarlo(example(), iterations=10).run().to_parquet(5),
    "parquet-save-failed": lambda: ct.MonteCarlo(example(), iterations=10).run_to_parquet(
        "no_such_folder/samples.parquet"
    ),
    "services-limit": with_dict(many_services),
    "localities-limit": with_dict(many_localities),
    "file-missing": lambda: ct.load_economy("missing.toml"),
    "file-directory": directory,
    "file-not-regular": fifo,
    "file-type": lambda: ct.load_economy("economy.xlsx"),
    "file-not-utf8": write("latin1.toml", MINIMAL.replace('"x"', '"Café"').encode("latin-1")),
    "file-too-large": oversize,
    "save-failed": lambda: example().save("no_such_folder/economy.toml"),
    "interrupted": interrupted,
    "workbook-too-large": workbook_oversize,
    "workbook-folder": workbook_folder,
    "workbook-not-regular": workbook_fifo,
    "workbook-not-a-zip": lambda: ct.read_excel(Path("e.xlsx").write_bytes(b"key,value\n") and "e.xlsx"),
    "workbook-unpacks-too-large": workbook_bomb,
    "workbook-too-many-files": workbook_many_files,
    "workbook-not-readable": damaged(lambda name, data: None if name == "xl/workbook.xml" else data),
    "workbook-sheet-damaged": damaged(half),
    "workbook-used-range": edited(cells("localities", XFD1048576="x")),
    "workbook-too-many-cells": edited(
        cells("localities", **{f"XFD{r}": "x" for r in range(5, 200)}), strip_range=True
    ),
    "workbook-duplicate-column": edited(cells("localities", E1="name")),
    "workbook-duplicate-id": edited(cells("services", A3="specialist_dietitian")),
    "workbook-duplicate-key": edited(cells("economy", A12="envelope", B12=1)),
    "workbook-duplicate-uncertain-input": edited(duplicate_uncertain),
    "workbook-second-description": edited(cells("scenarios", B4="another description")),
    "workbook-formula-without-value": edited(cells("services", G3="=92.89*1")),
    "workbook-text-too-long": long_text("x" * 40_000),
    "workbook-control-character": long_text("Year of Care\r\nfigures"),
    **BRIEF_CASES,
    **CONDITION_CASES,
    **OPTIONS_CASES,
    **DRAWS_CASES,
    "workbook-list-separator": id_with_separator,
    "workbook-row-out-of-order": localities_changed(row_3_after_row_4),
    "workbook-cell-out-of-order": localities_changed(cells_of_row_3_reversed),
    "workbook-merged-cells": edited(merged),
    "internal-error": panic,
    "outcome-unknown": toml(OUTCOMES.replace("{ people_supported", "{ people_suported")),
    "outcome-not-finite": toml(OUTCOMES.replace("people_supported = 1 }", "people_supported = nan }")),
    "outcome-per-person-without-units": toml(OUTCOMES.replace("units_per_person = 2\n", "")),
    "outcome-unknown-in-report": lambda: education().icer("qaly"),
    "threshold-missing": lambda: (
        ct.Economy.from_toml(OUTCOMES).apply(ct.Scenario("s")).net_benefit("people_supported")
    ),
    "incremental-other-baseline": lambda: ct.incremental(
        [education(), example().apply("skill mix")], "qalys"
    ),
    "outcome-discount-rate": lambda: ct.examples.structured_education().budget_impact(
        {**DESMOND_OFFER, "outcome_discount_rate": -1}
    ),
    "threshold-without-net-benefit": lambda: (
        ct.MonteCarlo(ct.examples.structured_education(), iterations=100, seed=1)
        .run()
        .tornado("change", threshold=20000)
    ),
    "net-benefit-which-outcome": lambda: (
        ct.MonteCarlo(
            ct.Economy.from_toml(OUTCOMES + '\n[[outcomes]]\nid = "qalys"\n'), iterations=100, seed=1
        )
        .run()
        .tornado("net_benefit")
    ),
    "budget-outcome-people-uncountable": lambda: ct.Economy.from_toml(
        OUTCOMES.replace("units_per_person = 2\noutcomes_per_person", "outcomes_per_unit")
    ).budget_impact(
        {
            **DESMOND_OFFER,
            "interventions": [
                {
                    "id": "t",
                    "service": "health_trainer",
                    "cost_per_person": 20,
                    "register": 100,
                    "uptake": [0.5],
                }
            ],
        }
    ),
}

CASES |= PLACES_CASES
CASES |= LEVER_CASES  # levers' names (issue 13)

# The optimiser (issue 15): the one-service economy with people supported as its objective.
CASES |= {
    "optimise-infeasible": lambda: ct.Economy.from_toml(OUTCOMES).optimise(
        objective="people_supported", corner_minimum={"community_self_management": 2000}
    ),
    "optimise-unbounded": lambda: ct.Economy.from_toml(
        OUTCOMES.replace("unit_cost = 11.45", "unit_cost = 0")
    ).optimise(objective="people_supported"),
    "optimise-no-objective": lambda: ct.Economy.from_toml(MINIMAL).optimise(),
    "optimise-gap": lambda: ct.Economy.from_toml(OUTCOMES).optimise(objective="people_supported", gap=2),
    "staff-group-unknown": toml(MINIMAL + "staff_minutes = { nurse = 30 }\n"),
}
CASES |= DECISION_CASES


def test_every_entry_has_a_case_and_every_case_an_entry():
    documented = catalogue()
    assert len(documented) >= 50
    assert sorted(documented) == sorted(CASES)


@pytest.mark.parametrize("entry", sorted(CASES))
def test_entry(entry, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # file paths in messages are the relative names above
    cls_name, example_message = catalogue()[entry]
    cls = KeyboardInterrupt if cls_name == "KeyboardInterrupt" else getattr(ct.errors, cls_name)
    with pytest.raises(cls) as info:
        CASES[entry]()
    if cls is not KeyboardInterrupt:
        assert isinstance(info.value, ct.CareTriangleError)
        # The most specific class: not merely a parent of the one documented.
        assert type(info.value) is cls
    message = str(info.value)
    assert matches(example_message, message), (
        f"docs/errors.md#{entry} says\n{example_message}\ngot\n{message}"
    )
