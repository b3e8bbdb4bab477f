"""Reinvesting what was released, from Python, files and workbooks, on the shipped example
(examples/north_of_tyne.toml): 6,000 specialist dietitian hours at £21.25 (YOC, c. 2010/11),
health trainers at £11.45 (YOC), care and support planning in three localities whose registers
are 14,241, 22,911 and 30,323 (67,475 in all)."""

from __future__ import annotations

import numpy as np
import pytest

import caretriangle as ct

CARE_PLANNING = [
    "care_planning_north_tyneside",
    "care_planning_northumberland",
    "care_planning_newcastle_gateshead",
]
REGISTERS = np.array([14_241, 22_911, 30_323])
# The skill mix moves 40% of 6,000 h = 2,400 h: 2,400 × (21.25 − 11.45) = 2,400 × 9.80 = 23,520.
RELEASED = 23_520.0


def skill_mix() -> ct.Scenario:
    return ct.Scenario("s").substitute("specialist_dietitian", "health_trainer", share=0.4)


def test_all_that_was_released_is_reinvested_by_register() -> None:
    econ = ct.examples.north_of_tyne()
    scn = skill_mix().reinvest("released", CARE_PLANNING)
    res = econ.apply(scn)
    assert res.released == pytest.approx(RELEASED)
    assert res.reinvested == pytest.approx(RELEASED)
    assert res.unspent_release == pytest.approx(0, abs=0.005)
    # By register: 23,520 × 14,241 / 67,475 = 334,948,320 / 67,475 = 4,964.04 to North
    # Tyneside, and so on.
    change = res.by("service").loc[CARE_PLANNING, "change"].to_numpy()
    assert change == pytest.approx(RELEASED * REGISTERS / REGISTERS.sum())
    assert change[0] == pytest.approx(4_964.04, abs=0.01)
    assert scn.levers[1] == (
        "reinvest all the released money in care_planning_north_tyneside, "
        "care_planning_northumberland, care_planning_newcastle_gateshead by register"
    )


def test_a_share_of_what_named_levers_released() -> None:
    econ = ct.examples.north_of_tyne()
    scn = (
        skill_mix()
        # 5% of 16,000 specialist nursing hours × £92.89 = 74,312 released.
        .productivity("diabetes_specialist_nursing", 0.05)
        .reinvest(into="health_trainer", share_of_released=0.5, from_levers=[0])
    )
    res = econ.apply(scn)
    # Half of lever 0's 23,520 = 11,760; 23,520 + 74,312 − 11,760 = 86,072 unspent.
    assert res.lever_table().loc["3", "reinvested"] == pytest.approx(11_760)
    assert res.unspent_release == pytest.approx(86_072)
    assert res.change == pytest.approx(-86_072)
    # Kept as written: a dict, a pickle, and back.
    lever = scn.to_dict()["levers"][2]
    assert lever["share_of_released"] == 0.5 and lever["from_levers"] == [0]
    assert "amount" not in lever
    assert ct.Scenario.from_dict(scn.to_dict()) == scn
    assert skill_mix().reinvest("released", "health_trainer").to_dict()["levers"][1]["amount"] == "released"


def test_monte_carlo_reinvests_each_draws_release() -> None:
    # The skill-mix share is uncertain (beta, mean 0.4): each draw releases a different sum,
    # and all of it is reinvested, to half a penny, at every draw.
    econ = ct.examples.north_of_tyne()
    scn = ct.Scenario.from_dict(
        {
            "name": "all released",
            "levers": [
                econ.scenario("skill mix").to_dict()["levers"][0],
                {"lever": "reinvest", "amount": "released", "into": CARE_PLANNING},
            ],
        }
    )
    res = ct.MonteCarlo(econ, scenarios=[scn], iterations=2000, seed=3, sampling="lhs").run()
    assert res.samples is not None
    col = {c: i for i, c in enumerate(res.columns)}
    released = res.samples[:, col[("all released", "released")]]
    reinvested = res.samples[:, col[("all released", "reinvested")]]
    assert released.max() - released.min() > 10_000
    assert np.abs(released - reinvested).max() <= 0.005


def test_refusals_name_the_field() -> None:
    with pytest.raises(ct.InvalidValueError, match=r"levers\[1\].share_of_released must be either"):
        skill_mix().reinvest(100, "health_trainer", share_of_released=0.5)
    with pytest.raises(ct.InvalidValueError, match=r"levers\[1\].source must be"):
        skill_mix().reinvest("released", "health_trainer", source="new")
    with pytest.raises(ct.InvalidValueError, match=r'amount must be a number or "released", got \'all\''):
        skill_mix().reinvest("all", "health_trainer")
    with pytest.raises(ct.InvalidValueError, match=r"from_levers must be a list of lever indices"):
        skill_mix().reinvest("released", "health_trainer", from_levers=[-1])
    econ = ct.examples.north_of_tyne()
    with pytest.raises(
        ct.InvalidValueError, match=r"levers\[1\].from_levers\[0\] must be the index of a lever before"
    ):
        econ.apply(skill_mix().reinvest("released", "health_trainer", from_levers=[1]))


def test_a_workbook_keeps_released_and_its_levers(tmp_path) -> None:
    econ = ct.examples.north_of_tyne()
    scn = (
        skill_mix()
        .reinvest("released", "health_trainer")
        .reinvest(into="structured_education", share_of_released=0.5, from_levers=[0])
    )
    d = econ.to_dict()
    d["scenarios"] = [scn.to_dict()]
    econ = ct.Economy.from_dict(d)
    path = tmp_path / "e.xlsx"
    econ.to_excel(path)
    back = ct.read_excel(path)
    assert back.scenario("s") == scn
