"""Reinvesting by one condition's registers from Python, files and workbooks. Figures
illustrative, chosen for hand arithmetic: two localities with COPD registers 5,200 and 1,800
(their own registers 3,000 and 1,000) and pulmonary rehabilitation at £100 a person."""

from __future__ import annotations

from pathlib import Path

import pytest

import caretriangle as ct

TOML = """name = "COPD by register (illustrative)"
envelope = 1000000
price_year = "2023/24"

[[localities]]
id = "north"
register = 3000

[[localities]]
id = "south"
register = 1000

[[conditions]]
id = "copd"
registers = { north = 5200, south = 1800 }

[[services]]
id = "rehab_north"
corner = "community_self_management"
provider = "third_sector"
unit = "person"
unit_cost = 100
activity = 0
units_per_person = 1
locality = "north"
conditions = ["copd"]

[[services]]
id = "rehab_south"
corner = "community_self_management"
provider = "third_sector"
unit = "person"
unit_cost = 100
activity = 0
units_per_person = 1
locality = "south"
conditions = ["copd"]
"""

INTO = ["rehab_north", "rehab_south"]


def test_reinvest_by_the_copd_registers() -> None:
    econ = ct.Economy.from_toml(TOML)
    scn = ct.Scenario("copd").reinvest(70_000, INTO, source="new", condition="copd")
    res = econ.apply(scn)
    # £70,000 × 5,200 / 7,000 = 52,000 north; × 1,800 / 7,000 = 18,000 south: 520 and 180 people.
    by = res.by("locality")
    assert by.loc["north", "change"] == pytest.approx(52_000, abs=1e-9)
    assert by.loc["south", "extra_people"] == pytest.approx(180, abs=1e-9)
    assert scn.to_dict()["levers"][0]["condition"] == "copd"
    assert ct.Scenario.from_dict(scn.to_dict()) == scn


def test_kept_through_a_workbook(tmp_path: Path) -> None:
    d = ct.Economy.from_toml(TOML).to_dict()
    d["scenarios"] = [ct.Scenario("copd").reinvest(70_000, INTO, source="new", condition="copd").to_dict()]
    econ = ct.Economy.from_dict(d)
    path = tmp_path / "copd.xlsx"
    econ.to_excel(path)
    assert ct.read_excel(path) == econ


def test_errors_name_the_field() -> None:
    econ = ct.Economy.from_toml(TOML)
    with pytest.raises(ct.InvalidValueError, match=r"condition"):
        ct.Scenario("s").reinvest(100, INTO, by="equal", source="new", condition="copd")
    with pytest.raises(ct.UnknownIdError, match=r"did you mean `copd`\?"):
        econ.apply(ct.Scenario("s").reinvest(100, INTO, source="new", condition="cpod"))
