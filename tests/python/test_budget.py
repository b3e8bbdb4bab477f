"""Multi-year budget impact from Python: the uprating and discounting figures of issue #4, a
three-year invest-to-save example worked by hand (the same as tests/budget.rs), typed
errors, Monte Carlo independent of the thread count, and the shipped example."""

from __future__ import annotations

import copy
import io
import math

import pandas as pd
import pytest

import caretriangle as ct
from caretriangle import cli

# 10,000 people; health trainers £100 a person; admissions £3,000 a spell, 1,000 a year
# (0.1 a person); A&E £250. Illustrative, chosen for hand arithmetic.
ECONOMY = """
name = "Invest to save (illustrative)"
envelope = 10000000
price_year = "2023/24"

[[localities]]
id = "town"
register = 10000

[[services]]
id = "health_trainer"
corner = "community_self_management"
provider = "third_sector"
unit = "person"
unit_cost = 100
activity = 0
units_per_person = 1

[[services]]
id = "admissions"
corner = "clinical"
provider = "acute_trust"
unit = "spell"
unit_cost = 3000
activity = 1000

[[services]]
id = "ae"
corner = "clinical"
provider = "acute_trust"
unit = "attendance"
unit_cost = 250
activity = 3000
"""

TRAINERS = {
    "name": "trainers",
    "first_year": "2025/26",
    "years": 3,
    "uprating": "nhscii_pay_and_prices",
    "interventions": [
        {
            "id": "trainers",
            "service": "health_trainer",
            "register_growth": 0.10,
            "eligible_share": 0.5,
            "uptake": [0.2, 0.4],
            "effects": [
                {"service": "admissions", "reduction": 0.5, "lag": 1, "release": "cash_releasing"},
                {
                    "service": "ae",
                    "reduction": 0.1,
                    "units_per_person": 0.5,
                    "release": "capacity_releasing",
                },
            ],
        }
    ],
    "costs": [
        {
            "name": "training",
            "kind": "one_off",
            "amount": 50000,
            "price_year": "2022/23",
            "corner": "nhs_self_management",
        },
        {
            "name": "double running",
            "kind": "double_running",
            "amount": 30000,
            "years": 2,
            "corner": "clinical",
        },
        {
            "name": "supervision",
            "kind": "recurrent",
            "amount": 5000,
            "start": "2026/27",
            "service": "health_trainer",
        },
    ],
    "reinvest": {"into": "health_trainer", "share": 0.1},
}


@pytest.fixture
def econ() -> ct.Economy:
    return ct.Economy.from_toml(ECONOMY)


def test_three_years_by_hand(econ):
    bi = econ.budget_impact(TRAINERS)
    df = bi.to_frame()
    assert list(df.index) == ["2025/26", "2026/27", "2027/28"]
    # People: 10,000×0.5×0.2 = 1,000; 11,000×0.5×0.4 = 2,200; 12,100×0.5×0.4 = 2,420.
    assert df["people_supported"].tolist() == pytest.approx([1000, 2200, 2420])
    # Costs: trainers at £100 a person + training £50,000 × 1.0431 (NHSCII 2023/24) = £52,155
    # + double running £30,000 ×2 + supervision £5,000 from 2026/27 + 10% of cash savings.
    assert df["total_costs"].tolist() == pytest.approx([182_155, 288_000, 283_300])
    # Admissions: 0.1 a person × 50% × £3,000 = £150 a person from year 2 (cash).
    assert df["cash_releasing"].tolist() == pytest.approx([0, 330_000, 363_000])
    # A&E: 0.5 × 10% × £250 = £12.50 a person from year 1 (capacity).
    assert df["capacity_releasing"].tolist() == pytest.approx([12_500, 27_500, 30_250])
    assert df["net"].tolist() == pytest.approx([169_655, -69_500, -109_950])
    assert df["cumulative"].tolist() == pytest.approx([169_655, 100_155, -9_795])
    # 3.5% (Green Book), first year t = 0: 1, 1/1.035, 1/1.035^2.
    assert df["discounted_net"].tolist() == pytest.approx([169_655, -69_500 / 1.035, -109_950 / 1.035**2])
    assert df["discounted_cumulative"].iloc[-1] == pytest.approx(-134.259_959_392)
    assert bi.payback_year == "2027/28"
    assert bi.discounted_payback_year == "2027/28"
    # Savings 763,250 per costs 753,455.
    assert bi.return_per_pound == pytest.approx(763_250 / 753_455)
    corner = bi.by("corner")
    assert corner.loc["clinical", "2026/27"] == pytest.approx(30_000 - 357_500)
    lines = bi.by_line()
    assert lines.loc["Total", "total"] == pytest.approx(-9_795)
    assert lines.loc["training", "2025/26"] == pytest.approx(52_155)
    summary = bi.summary()
    assert summary.loc["cumulative", "amount"] == pytest.approx(-9_795)
    assert "trainers" in repr(bi) and "2027/28" in repr(bi)


def test_uprating_1000_pounds_from_2014_15_on_nhscii(econ):
    # £1,000 at 2014/15 prices is £1,267.39 at 2023/24 prices on NHSCII pay and prices
    # (product of 1 + change/100 over 2015/16..2023/24; PSSRU Unit Costs 2024, Table 12.1.1).
    spec = {
        "name": "uprate",
        "first_year": "2023/24",
        "years": 1,
        "uprating": "nhscii_pay_and_prices",
        "costs": [
            {"name": "old", "kind": "one_off", "amount": 1000, "price_year": "2014/15", "corner": "clinical"}
        ],
    }
    cost = econ.budget_impact(spec).to_frame().loc["2023/24", "one_off_costs"]
    assert round(cost, 2) == 1267.39


def test_ten_years_at_three_percent(econ):
    # Factor 1/(1+r)^t, t = years after the first year: the eleventh year (t = 10) at 3% is
    # 1/1.03^10 = 0.7441, not (1 - 0.03)^10 = 0.7374.
    spec = {"name": "ten", "first_year": "2025/26", "years": 11, "discount_rate": 0.03}
    factors = econ.budget_impact(spec).to_frame()["discount_factor"]
    assert round(factors.loc["2035/36"], 4) == 0.7441
    assert factors.loc["2025/26"] == 1.0
    mid = econ.budget_impact({**spec, "discount_timing": "mid_year"}).to_frame()["discount_factor"]
    assert mid.loc["2025/26"] == pytest.approx(1 / math.sqrt(1.03))


def test_typed_errors(econ):
    mixed = copy.deepcopy(TRAINERS)
    del mixed["uprating"]
    with pytest.raises(ct.IncompatibleError, match=r"costs\[0\] \(training\) at 2022/23 prices"):
        econ.budget_impact(mixed)
    with pytest.raises(ct.InvalidValueError) as e:
        econ.budget_impact({**TRAINERS, "discount_rate": -1.5})
    assert e.value.field == "discount_rate"
    with pytest.raises(ct.InvalidValueError) as e:
        econ.budget_impact({**TRAINERS, "years": 0})
    assert e.value.field == "years"
    unknown = copy.deepcopy(TRAINERS)
    unknown["interventions"][0]["effects"][0]["service"] = "admission"
    with pytest.raises(ct.UnknownIdError, match="admissions") as e:
        econ.budget_impact(unknown)
    assert e.value.field == "interventions[0].effects[0].service"
    with pytest.raises(ct.UnknownIdError):
        econ.budget_impact("no such budget impact")
    # Unknown keys in a dict are refused too.
    with pytest.raises(ct.InvalidValueError, match="unknown field `lags`"):
        econ.budget_impact({**TRAINERS, "lags": 1})


def test_monte_carlo_same_for_one_and_two_threads(econ):
    spec = copy.deepcopy(TRAINERS)
    spec["interventions"][0]["effects"][0]["reduction"] = {
        "dist": "pert",
        "low": 0.3,
        "mode": 0.5,
        "high": 0.7,
    }
    one = econ.budget_monte_carlo(spec, iterations=10_000, seed=7, threads=1)
    two = econ.budget_monte_carlo(spec, iterations=10_000, seed=7, threads=2)
    assert (one.samples == two.samples).all()
    pd.testing.assert_frame_equal(one.summary(), two.summary())
    assert one.probability_of_payback == two.probability_of_payback
    # Pays back when the reduction is above about 0.492 (tests/budget.rs): a little over half.
    assert 0.5 < one.probability_of_payback < 0.6
    assert one.input_names == ["trainers.interventions[0].effects[0].reduction"]
    frame = one.to_frame()
    assert list(frame.columns[:2]) == ["cumulative", "discounted_cumulative"]
    assert "net 2027/28" in frame.columns


def test_shipped_example_and_demo():
    econ = ct.examples.north_of_tyne()
    assert econ.budget_impacts == ["care planning and self-management, 2025/26 to 2029/30"]
    bi = econ.budget_impact(econ.budget_impacts[0])
    df = bi.to_frame()
    assert list(df.index) == ["2025/26", "2026/27", "2027/28", "2028/29", "2029/30"]
    for col in [
        "net",
        "cumulative",
        "discounted_net",
        "discounted_cumulative",
        "cash_releasing",
        "capacity_releasing",
    ]:
        assert col in df.columns
    # The training cost, £150,000 at 2022/23 prices, uprated by NHSCII 4.31% to £156,465.
    assert df.loc["2025/26", "one_off_costs"] == pytest.approx(156_465)
    # Round trip through TOML keeps the budget impact.
    assert ct.Economy.from_toml(econ.to_toml()) == econ
    out = io.StringIO()
    cli.demo(out)
    assert "Budget impact: care planning and self-management" in out.getvalue()
    assert "discounted_cumulative" in out.getvalue()
    assert "probability of paying back within the horizon" in out.getvalue()


def test_a_scenario_object_recurs_each_year(econ):
    # Admissions scaled by 0.9: 100 spells × £3,000 = £300,000 less a year, cash-releasing;
    # £100,000 a year of coordination; half the cash reinvested (£150,000). Net −£50,000 a
    # year (the same case as tests/budget.rs). The scenario need not be kept with the economy.
    spec = {
        "name": "scenario",
        "first_year": "2025/26",
        "years": 2,
        "costs": [{"name": "coordination", "kind": "recurrent", "amount": 100000, "corner": "clinical"}],
        "reinvest": {"into": "health_trainer", "share": 0.5},
    }
    scn = ct.Scenario("fewer admissions").scale_activity("admissions", 0.9)
    df = econ.budget_impact(spec, scenario=scn).to_frame()
    assert df["scenario_change"].tolist() == pytest.approx([-300_000, -300_000])
    assert df["reinvested"].tolist() == pytest.approx([150_000, 150_000])
    assert df["net"].tolist() == pytest.approx([-50_000, -50_000])
    # Headroom: £10m − £3.75m baseline spend − net.
    assert df["headroom"].tolist() == pytest.approx([6_300_000, 6_300_000])
    with pytest.raises(ct.UnknownIdError):
        econ.budget_impact(spec, scenario="no such scenario")


def test_comparison_budget_impact(econ):
    # The same case from the result of applying the scenario: £300,000 a year less on
    # admissions over three years; £900,000 cumulative, paid back at once.
    res = econ.apply(ct.Scenario("fewer admissions").scale_activity("admissions", 0.9))
    bi = res.budget_impact("2025/26", years=3, discount_rate=0.0)
    df = bi.to_frame()
    assert list(df.index) == ["2025/26", "2026/27", "2027/28"]
    assert df["cumulative"].tolist() == pytest.approx([-300_000, -600_000, -900_000])
    assert df["discounted_cumulative"].tolist() == pytest.approx([-300_000, -600_000, -900_000])
    assert bi.payback_year == "2025/26"
    # Nothing is spent: no return per £1.
    assert bi.return_per_pound is None
    with pytest.raises(ct.InvalidValueError, match="unknown field"):
        res.budget_impact("2025/26", discount_rat=0.0)


def test_negative_iterations_or_seed_are_invalid_values():
    # As for MonteCarlo: a CareTriangleError naming the field, not pyo3's OverflowError.
    econ = ct.examples.north_of_tyne()
    bi = econ.budget_impacts[0]
    with pytest.raises(ct.InvalidValueError, match="seed"):
        econ.budget_monte_carlo(bi, iterations=10, seed=-1)
    with pytest.raises(ct.InvalidValueError, match="iterations"):
        econ.budget_monte_carlo(bi, iterations=-5)
