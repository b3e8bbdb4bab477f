"""Commissioning people or units of a service, on the shipped example
(examples/north_of_tyne.toml): health trainers at £11.45 an hour (YOC, c. 2010/11; uncertain,
gamma with sd £1.145) and 6 hours a person (illustrative; gamma with sd 1.5)."""

from __future__ import annotations

import pytest
from scipy import stats

import caretriangle as ct


@pytest.fixture(scope="module")
def econ() -> ct.Economy:
    return ct.examples.north_of_tyne()


def test_people_bought_with_new_money(econ: ct.Economy) -> None:
    scn = ct.Scenario("team").commission("health_trainer", people=100, source="new")
    res = econ.apply(scn)
    # 100 people × 6 h × £11.45 = £6,870 of new money; 2,000 + 600 = 2,600 hours.
    assert res.new_money == pytest.approx(6_870)
    assert res.change == pytest.approx(6_870)
    assert res.by("service").loc["health_trainer", "change"] == pytest.approx(6_870)
    assert scn.levers == ["commission 100 people of health_trainer with new money"]
    assert scn.to_dict()["levers"][0] == {
        "lever": "commission",
        "service": "health_trainer",
        "people": 100.0,
        "source": "new",
    }
    assert ct.Scenario.from_dict(scn.to_dict()) == scn


def test_units_bought_with_released_money(econ: ct.Economy) -> None:
    scn = (
        ct.Scenario("skill mix and team")
        .substitute("specialist_dietitian", "health_trainer", share=0.4)
        .commission("health_trainer", units=1000)
    )
    res = econ.apply(scn)
    # The skill mix releases 2,400 × (21.25 − 11.45) = 23,520; 1,000 h × £11.45 = 11,450 of
    # it buys the hours, 12,070 is left unspent.
    assert res.reinvested == pytest.approx(11_450)
    assert res.unspent_release == pytest.approx(12_070)
    with pytest.raises(ct.InsufficientMoneyError, match=r"levers\[1\].units: commissions £114,500.00"):
        econ.apply(
            ct.Scenario("s")
            .substitute("specialist_dietitian", "health_trainer", share=0.4)
            .commission("health_trainer", units=10_000)
        )


def test_the_tornado_has_a_bar_for_the_unit_cost(econ: ct.Economy) -> None:
    # A commission's cost follows the draws of the unit cost (and of units per person); a
    # fixed reinvestment of the same £6,870 does not.
    team = ct.Scenario("team").commission("health_trainer", people=100, source="new")
    fixed = ct.Scenario("fixed").reinvest(6_870, "health_trainer", source="new")
    res = ct.MonteCarlo(econ, scenarios=[team, fixed], iterations=2000, seed=1).run()
    bars = res.tornado("change", scenario="team").to_frame()["swing"]
    # The unit cost from its 2.5% to its 97.5% quantile, the other inputs at their means: 600
    # hours × the gamma's (shape 100, scale 0.1145) 95% range.
    gamma = stats.gamma(a=(11.45 / 1.145) ** 2, scale=1.145**2 / 11.45)
    assert bars["health_trainer.unit_cost"] == pytest.approx(
        600 * (gamma.ppf(0.975) - gamma.ppf(0.025)), rel=1e-6
    )
    assert bars["health_trainer.units_per_person"] > 0
    assert (res.tornado("change", scenario="fixed").to_frame()["swing"] == 0).all()


def test_scaling_a_service_with_no_activity_points_to_commission(econ: ct.Economy) -> None:
    d = econ.to_dict()
    d["services"].append(dict(d["services"][0], id="integrated_team", activity=0, units_per_person=10))
    d["scenarios"] = []
    e = ct.Economy.from_dict(d)
    with pytest.raises(ct.InvalidValueError, match="use `commission` to buy people or units of it"):
        e.apply(ct.Scenario("s").scale_activity("integrated_team", 1.2))
    # 10 people × 10 h × £21.25 (a copy of the dietitian's service, at its mean) = £2,125.
    res = e.apply(ct.Scenario("s").commission("integrated_team", people=10, source="new"))
    assert res.new_money == pytest.approx(2_125)


def test_refusals_name_the_field() -> None:
    with pytest.raises(ct.InvalidValueError, match=r"levers\[0\].units must be either `people` or `units`"):
        ct.Scenario("s").commission("health_trainer", people=1, units=1)
    with pytest.raises(ct.InvalidValueError, match=r"levers\[0\].people must be a finite number >= 0"):
        ct.Scenario("s").commission("health_trainer", people=-1)
    with pytest.raises(ct.InvalidValueError, match="source"):
        ct.Scenario("s").commission("health_trainer", people=1, source="old")


def test_a_workbook_keeps_a_commission(econ: ct.Economy, tmp_path) -> None:
    scn = (
        ct.Scenario("team")
        .commission("health_trainer", people=100, source="new")
        .commission("structured_education", units=20, source="new")
    )
    d = econ.to_dict()
    d["scenarios"] = [scn.to_dict()]
    path = tmp_path / "e.xlsx"
    ct.Economy.from_dict(d).to_excel(path)
    assert ct.read_excel(path).scenario("team") == scn
