"""The shipped Tower Hamlets example (examples/tower_hamlets.toml, issue 13's case) from Python:
deterministic, a Monte Carlo of 10^5 Latin hypercube draws and its five-year budget impact, with
no workaround, against arithmetic written out here.

Figures (the file's): 8 clusters with registers 2,000 to 2,800 adding up to 20,000
(illustrative), care planning at £92 a person for 76% of each; YOC dietitian £21.25 an hour (3
hours a person) and health trainer £11.45 (4 hours a person); 280 KB02 spells at £1,749 (NCC
2023/24), 45% of them in the top 7%; a community team at £57 an hour (PSSRU 2024, Band 6),
4 hours a person; £150,000 of training for 1,000 staff. Deterministic runs use each
distribution's mean.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import caretriangle as ct

SCENARIO = "clusters and risk"
BUDGET_IMPACT = "clusters and risk, 2025/26 to 2029/30"
REGISTERS = [2000, 2200, 2400, 2500, 2600, 2700, 2800, 2800]
# Skill mix: 600 people, 1,800 dietitian hours (£38,250) for 2,400 trainer hours (£27,480):
# £10,770 released. Fewer admissions: 280 × 0.45 × 0.8 × 0.10 = 10.08 spells × £1,749 =
# £17,629.92 released. All of it reinvested in care planning.
RELEASED = 10_770 + 17_629.92
# The team: 1,120 people (0.8 × 0.07 × 20,000) × 4 h × £57 = £255,360 of new money.
TEAM = 1_120 * 4 * 57


@pytest.fixture(scope="module")
def econ() -> ct.Economy:
    return ct.examples.tower_hamlets()


def test_the_scenario_by_hand(econ: ct.Economy) -> None:
    res = econ.apply(SCENARIO)
    assert res.released == pytest.approx(RELEASED, abs=1e-6)
    assert res.reinvested == pytest.approx(RELEASED, abs=1e-6)
    assert res.unspent_release == pytest.approx(0, abs=1e-6)
    assert res.new_money == pytest.approx(TEAM, abs=1e-6)
    # Baseline 127,500 + 489,720 + 15,200 × 92 + 22,900 = 2,038,520; after + 255,360.
    assert res.total_after == pytest.approx(2_038_520 + TEAM, abs=1e-6)
    by = res.by("cluster")
    for k, r in enumerate(REGISTERS, start=1):
        # Cluster k: 28,399.92 × its register / 20,000; people: that / £92.
        assert by.loc[f"cluster_{k}", "change"] == pytest.approx(RELEASED * r / 20_000, abs=1e-6)
        assert by.loc[f"cluster_{k}", "extra_people"] == pytest.approx(RELEASED / 92 * r / 20_000, abs=1e-9)


def test_people_before_and_after(econ: ct.Economy) -> None:
    res = econ.apply(SCENARIO)
    # Before: 2,000 referred to the dietitian + 500 to trainers + 15,200 care-planned = 17,700;
    # after, 1,120 supported by the team and 28,399.92 / 92 = 308.69 more care-planned.
    summary = res.summary()["amount"]
    assert summary["people_before"] == pytest.approx(17_700, abs=1e-9)
    assert summary["people_after"] == pytest.approx(17_700 + 1_120 + RELEASED / 92, abs=1e-9)
    assert res.summary().attrs["row_kinds"]["columns"] == ["amount"]
    assert list(res.lever_table()["extra_people"].round(6)) == [0, 0, 1_120, round(RELEASED / 92, 6)]


def test_a_monte_carlo_of_100_000_latin_hypercube_draws(econ: ct.Economy) -> None:
    res = ct.MonteCarlo(econ, iterations=100_000, seed=2011, sampling="lhs").run()
    samples = res.samples
    assert samples is not None
    col = {c: i for i, c in enumerate(res.columns)}
    released = samples[:, col[(SCENARIO, "released")]]
    reinvested = samples[:, col[(SCENARIO, "reinvested")]]
    # Every draw reinvests what it released, to half a penny (the scenario says "released").
    assert np.abs(reinvested - released).max() <= 0.005
    assert released.min() > 0
    # The change is the team's cost, 4,480 h × the unit cost drawn (mean £57, sd £5.70), plus
    # the skill mix's new money in the rare draws where 4 trainer hours cost more than 3
    # dietitian hours: its mean is £255,360 within a few standard errors of the team's cost
    # (4,480 × 5.7 / √100,000 = £80.76) plus a few pounds.
    change = samples[:, col[(SCENARIO, "change")]]
    assert change.mean() == pytest.approx(TEAM, abs=4 * 80.76 + 50)
    # The team's unit cost has its own tornado bar: 4,480 h × the gamma's (shape 100, scale
    # 0.57) 95% range, the other inputs at their means.
    bars = res.tornado("change", scenario=SCENARIO).to_frame()["swing"]
    gamma = stats.gamma(a=(57 / 5.7) ** 2, scale=5.7**2 / 57)
    assert bars["integrated_community_team.unit_cost"] == pytest.approx(
        4_480 * (gamma.ppf(0.975) - gamma.ppf(0.025)), rel=1e-6
    )


def test_the_five_year_budget_impact(econ: ct.Economy) -> None:
    bi = econ.budget_impact(BUDGET_IMPACT)
    annual = bi.to_frame()
    # £255,360 a year, and £150,000 of training (1,000 staff at £150) in the first year.
    assert list(annual["net"].round(6)) == [TEAM + 150_000] + [TEAM] * 4
    assert annual["cumulative"].iloc[-1] == pytest.approx(5 * TEAM + 150_000, abs=1e-6)
    factors = sum(1.035**-i for i in range(5))  # 4.673079…, discounted from each year's start
    assert annual["discounted_cumulative"].iloc[-1] == pytest.approx(150_000 + TEAM * factors, abs=1e-6)
    assert bi.payback_year is None
    # Under uncertainty it never pays back: every draw costs the team (and the training).
    mc = econ.budget_monte_carlo(BUDGET_IMPACT, iterations=10_000, seed=1, sampling="lhs")
    assert mc.probability_of_payback == 0


def test_the_command_line_shows_people_before_and_after(capsys: pytest.CaptureFixture[str]) -> None:
    from caretriangle import cli

    path = str(Path(__file__).resolve().parents[2] / "examples" / "tower_hamlets.toml")
    assert cli.main(["run", path, "--scenario", SCENARIO, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    tables = doc["scenarios"][SCENARIO]["tables"]
    summary = {row["figure"]: row["amount"] for row in tables["summary"]}
    assert summary["people_before"] == pytest.approx(17_700, abs=1e-9)
    assert summary["extra_people"] == pytest.approx(1_120 + RELEASED / 92, abs=1e-9)
    clusters = {row["cluster"]: row for row in tables["by_cluster"]}
    assert clusters["cluster_1"]["extra_people"] == pytest.approx(RELEASED / 92 * 0.1, abs=1e-9)
    # The tables as text: the headline ends with the people, the levers have their column.
    assert cli.main(["run", path, "--scenario", SCENARIO]) == 0
    out = capsys.readouterr().out
    assert "Extra people reached" in out and "1,428.69" in out
    assert "extra_people" in out and "1,120.00" in out


def test_a_shipped_example_that_keeps_through_a_workbook(econ: ct.Economy, tmp_path: Path) -> None:
    path = tmp_path / "tower_hamlets.xlsx"
    econ.to_excel(path)
    back = ct.read_excel(path)
    assert back == econ
    assert back.apply(SCENARIO).total_after == econ.apply(SCENARIO).total_after
