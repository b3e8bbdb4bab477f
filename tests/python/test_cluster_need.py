"""A cluster's own need weight from Python, files and workbooks. Figures illustrative, chosen
for hand arithmetic: two clusters of one locality (need weight 1.5) with registers 1,000 and
2,000, the first with a need weight of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

import caretriangle as ct

TOML = """name = "Cluster need (illustrative)"
envelope = 1000000
price_year = "2023/24"

[[localities]]
id = "th"
register = 3000
need_weight = 1.5

[[localities.clusters]]
id = "c1"
register = 1000
need_weight = NEED

[[localities.clusters]]
id = "c2"
register = 2000

[[services]]
id = "cp_c1"
corner = "nhs_self_management"
provider = "general_practice"
unit = "person"
unit_cost = 100
activity = 500
locality = "th"
cluster = "c1"

[[services]]
id = "cp_c2"
corner = "nhs_self_management"
provider = "general_practice"
unit = "person"
unit_cost = 100
activity = 1000
locality = "th"
cluster = "c2"
"""


def economy(need: str = "4") -> ct.Economy:
    return ct.Economy.from_toml(TOML.replace("NEED", need))


def test_reinvest_by_need_weighs_each_cluster_by_its_own() -> None:
    econ = economy()
    assert econ.localities[0]["clusters"][0]["need_weight"] == 4
    res = econ.apply(ct.Scenario("s").reinvest(6_000, ["cp_c1", "cp_c2"], by="need", source="new"))
    # c1: 1,000 × 4 = 4,000; c2: 2,000 × the locality's 1.5 = 3,000: 4/7 and 3/7 of £6,000.
    change = res.by("cluster")["change"]
    assert change["c1"] == pytest.approx(6_000 * 4 / 7, abs=1e-9)
    assert change["c2"] == pytest.approx(6_000 * 3 / 7, abs=1e-9)


def test_an_uncertain_need_is_an_input_and_keeps_through_a_workbook(tmp_path: Path) -> None:
    econ = economy('{ dist = "triangular", low = 3, mode = 4, high = 5 }')
    scn = ct.Scenario("s").reinvest(6_000, ["cp_c1", "cp_c2"], by="need", source="new")
    assert "c1.need_weight" in ct.MonteCarlo(econ, scenarios=[scn], iterations=10).input_names
    path = tmp_path / "clusters.xlsx"
    econ.to_excel(path)
    assert ct.read_excel(path) == econ


def test_a_negative_need_is_refused_where_it_is() -> None:
    with pytest.raises(ct.InvalidValueError) as e:
        economy("-1")
    assert e.value.location == ("localities", 0, "clusters", 0, "need_weight")
