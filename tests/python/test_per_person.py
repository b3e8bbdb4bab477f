"""Substitution person for person on the shipped example (examples/north_of_tyne.toml):
specialist dietitians at £21.25 an hour and 3 hours a person, health trainers at £11.45 an
hour (YOC, c. 2010/11) and 6 hours a person (illustrative; the mean of a gamma)."""

from __future__ import annotations

import pytest

import caretriangle as ct


def test_the_people_are_kept() -> None:
    econ = ct.examples.north_of_tyne()
    scn = ct.Scenario("people").substitute("specialist_dietitian", "health_trainer", share=0.4, per="person")
    res = econ.apply(scn)
    # 40% of 6,000 h = 2,400 h = 800 people; 800 × 6 = 4,800 trainer hours (ratio 6 / 3 = 2).
    services = res.by("service")
    assert services.loc["health_trainer", "activity_after"] == pytest.approx(2_000 + 4_800)
    assert services.loc["specialist_dietitian", "people_before"] - services.loc[
        "specialist_dietitian", "people_after"
    ] == pytest.approx(800)
    assert services.loc["health_trainer", "people_after"] - services.loc[
        "health_trainer", "people_before"
    ] == pytest.approx(800)
    # 2,400 × £21.25 = 51,000 given up, 4,800 × £11.45 = 54,960 taken on: £3,960 more.
    assert res.new_money == pytest.approx(3_960)
    assert scn.levers == ["substitute 40% of specialist_dietitian with health_trainer, person for person"]
    assert scn.to_dict()["levers"][0]["per"] == "person"
    assert ct.Scenario.from_dict(scn.to_dict()) == scn


def test_refusals() -> None:
    with pytest.raises(ct.InvalidValueError, match=r"levers\[0\].ratio must be a ratio left out"):
        ct.Scenario("s").substitute(
            "specialist_dietitian", "health_trainer", share=0.4, ratio=2, per="person"
        )
    with pytest.raises(ct.InvalidValueError, match='per must be "unit" or "person"'):
        ct.Scenario("s").substitute("specialist_dietitian", "health_trainer", share=0.4, per="hour")
    econ = ct.examples.north_of_tyne()
    with pytest.raises(ct.InvalidValueError, match=r"levers\[0\].to must be a service with units_per_person"):
        econ.apply(
            ct.Scenario("s").substitute("specialist_dietitian", "ae_attendances", share=0.4, per="person")
        )


def test_a_workbook_keeps_per_person(tmp_path) -> None:
    econ = ct.examples.north_of_tyne()
    scn = ct.Scenario("people").substitute("specialist_dietitian", "health_trainer", share=0.4, per="person")
    d = econ.to_dict()
    d["scenarios"] = [scn.to_dict()]
    path = tmp_path / "e.xlsx"
    ct.Economy.from_dict(d).to_excel(path)
    assert ct.read_excel(path).scenario("people") == scn
