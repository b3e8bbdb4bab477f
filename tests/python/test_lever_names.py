"""Levers' names and reinvesting from levers by name (issue 13), from Python, files and
workbooks, on the shipped example (examples/north_of_tyne.toml): specialist dietitian hours at
£21.25 and health trainers at £11.45 (YOC, c. 2010/11), 16,000 specialist nursing hours at
£92.89."""

from __future__ import annotations

import pytest

import caretriangle as ct

# The skill mix moves 40% of 6,000 h = 2,400 h: 2,400 × (21.25 − 11.45) = 23,520 released.
SKILL_MIX_RELEASE = 23_520.0
# 5% of 16,000 specialist nursing hours × £92.89 = 74,312 released.
NURSING_RELEASE = 74_312.0


def two_named(*from_levers: int | str) -> ct.Scenario:
    """Two named releasing levers, then 80% of what `from_levers` released."""
    return (
        ct.Scenario("s")
        .substitute("specialist_dietitian", "health_trainer", share=0.4, name="skill mix")
        .productivity("diabetes_specialist_nursing", 0.05, name="nursing productivity")
        .reinvest(into="health_trainer", share_of_released=0.8, from_levers=list(from_levers))
    )


def test_a_lever_by_name_gives_the_figures_of_its_index() -> None:
    econ = ct.examples.north_of_tyne()
    by_name, by_index = econ.apply(two_named("skill mix")), econ.apply(two_named(0))
    # 0.8 × 23,520 = 18,816 reinvested; 23,520 + 74,312 − 18,816 = 79,016 left unspent.
    assert by_name.lever_table().loc["3", "reinvested"] == pytest.approx(18_816)
    assert by_name.unspent_release == pytest.approx(79_016)
    assert by_name.change == pytest.approx(-79_016)
    numbers = ["released", "reinvested", "new_money", "moved", "extra_people"]
    assert by_name.lever_table()[numbers].equals(by_index.lever_table()[numbers])
    assert by_name.by("service").equals(by_index.by("service"))
    # The names where a commissioner reads the levers.
    assert by_name.lever_table().loc["1", "description"] == (
        "skill mix: substitute 40% of specialist_dietitian with health_trainer"
    )
    assert two_named("skill mix").levers[2] == (
        'reinvest 80% of the released money of lever "skill mix" in health_trainer by register'
    )


def test_names_and_indices_mix() -> None:
    res = ct.examples.north_of_tyne().apply(two_named("nursing productivity", 0))
    # 0.8 × (74,312 + 23,520) = 0.8 × 97,832 = 78,265.6
    assert res.reinvested == pytest.approx(78_265.6)


def test_named_levers_round_trip_through_dict_toml_json_and_workbook(tmp_path) -> None:
    scn = two_named("skill mix", 1)
    d = scn.to_dict()
    assert d["levers"][0]["name"] == "skill mix"
    assert "name" not in d["levers"][2]
    assert d["levers"][2]["from_levers"] == ["skill mix", 1]
    assert ct.Scenario.from_dict(d) == scn
    econ_d = ct.examples.north_of_tyne().to_dict()
    econ_d["scenarios"] = [d]
    econ = ct.Economy.from_dict(econ_d)
    for path in (tmp_path / "e.toml", tmp_path / "e.json", tmp_path / "e.xlsx"):
        if path.suffix == ".xlsx":
            econ.to_excel(path)
            back = ct.read_excel(path)
        else:
            econ.save(path)
            back = ct.load_economy(path)
        assert back.scenario("s") == scn, path.suffix


def test_names_are_unique_and_not_blank() -> None:
    # The fourth lever (levers[3]) takes the first's name.
    with pytest.raises(ct.DuplicateIdError, match=r"levers\[3\]\.name: .*levers\[0\] has this name"):
        two_named().substitute("specialist_dietitian", "health_trainer", share=0.1, name="skill mix")
    with pytest.raises(ct.InvalidValueError, match=r"levers\[0\]\.name must be a non-blank name"):
        ct.Scenario("s").scale_activity("health_trainer", 1.1, name="")


def test_an_unknown_name_suggests_the_nearest() -> None:
    with pytest.raises(ct.UnknownIdError, match=r"unknown lever name `skil mix`; did you mean `skill mix`"):
        ct.examples.north_of_tyne().apply(two_named("skil mix"))
