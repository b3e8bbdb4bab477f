"""Several conditions in one economy from Python, files and workbooks: services serving one or
more, spend by condition, a segment of one condition targeted.

Figures: diabetic specialist nursing at £92.89 a contact (National Cost Collection 2023/24,
N15AF); every other figure is illustrative.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import caretriangle as ct

TOML = """name = "Two conditions (illustrative)"
envelope = 1000000
price_year = "2023/24"

[[localities]]
id = "north"
register = 3000

[[conditions]]
id = "diabetes"
registers = { north = 3000 }

[[conditions]]
id = "copd"
registers = { north = 5200 }

[[services]]
id = "diabetes_nursing"
corner = "clinical"
provider = "community_trust"
unit = "contact"
unit_cost = 92.89
activity = 100
conditions = ["diabetes"]

[[services]]
id = "copd_admissions"
corner = "clinical"
provider = "acute_trust"
unit = "spell"
unit_cost = 2000
activity = 200
conditions = ["copd"]

[[segments]]
id = "copd_top"
condition = "copd"
share = 0.1
use = { copd_admissions = 0.5 }
"""


def test_spend_by_condition_and_a_target_on_one() -> None:
    econ = ct.Economy.from_toml(TOML)
    spend = econ.spend_by("condition")["spend"]
    # 100 x £92.89 = £9,289; 200 x £2,000 = £400,000.
    assert spend["diabetes"] == pytest.approx(9289, abs=1e-9)
    assert spend["copd"] == pytest.approx(400_000, abs=1e-9)
    res = econ.apply(ct.Scenario("t").target("copd_top", "copd_admissions", effect=-0.2, coverage=0.5))
    # 200 x 0.5 x 0.5 x -0.2 = -10 spells x £2,000.
    assert res.by("condition").loc["copd", "change"] == pytest.approx(-20_000, abs=1e-9)
    assert [c["id"] for c in econ.conditions] == ["diabetes", "copd"]


def test_conditions_round_trip_through_a_workbook(tmp_path: Path) -> None:
    econ = ct.Economy.from_toml(TOML)
    path = tmp_path / "conditions.xlsx"
    econ.to_excel(path)
    assert ct.read_excel(path) == econ
