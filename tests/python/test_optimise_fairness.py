"""The optimiser's fairness minimums from Python, a file and a workbook: the least £ in a
locality, a cluster of practices and on the people of a segment. The figures are
tests/data/optimise_fairness.toml's (illustrative), worked by hand in tests/optimise_fairness.rs:
QALYs 5.5 + 1 + 0.4 + 0.1 = 7 with care planning in East 1 at 550 contacts, East 2 at its
£2,000 (200), the community team at 100 visits (half of its £2,000 on the top 10% at risk) and
West at its £500 (10 sessions); shadow prices 0.001, −0.0008, −0.0005 and −0.0016 a £."""

from __future__ import annotations

from pathlib import Path

import pytest

import caretriangle as ct

FAIRNESS = Path(__file__).resolve().parents[1] / "data" / "optimise_fairness.toml"
MINIMUMS = {
    "locality_minimum": {"west": 500},
    "cluster_minimum": {"east_2": 2000},
    "segment_minimum": {"top_risk": 1000},
}


def check(opt: ct.Optimum) -> None:
    assert opt.value == pytest.approx(7.0, rel=1e-9)
    after = opt.activities()["activity_after"].to_dict()
    assert after == pytest.approx(
        {
            "care_planning_east_1": 550,
            "care_planning_east_2": 200,
            "community_team": 100,
            "peer_support_west": 10,
        },
        rel=1e-9,
    )
    prices = opt.binding()["shadow_price"].to_list()
    assert prices == pytest.approx([0.001, -0.0008, -0.0005, -0.0016], rel=1e-9)


def test_from_python_keywords_and_from_the_file_alike() -> None:
    econ = ct.load_economy(FAIRNESS)
    check(ct.optimise(econ, objective="qalys", **MINIMUMS))
    check(econ.optimise())


def test_the_segment_minimum_alone_moves_the_team() -> None:
    # Without the segment's £1,000 the team falls to 0 and East 1 gains its £2,000:
    # 0.001 · 2,000 = 2 QALYs more than the team's 0.4, so 7 − 0.4 + 2 = 8.6.
    econ = ct.load_economy(FAIRNESS)
    opt = ct.optimise(
        econ, objective="qalys", locality_minimum={"west": 500}, cluster_minimum={"east_2": 2000}
    )
    assert opt.value == pytest.approx(8.6, rel=1e-9)
    assert opt.activities()["activity_after"]["community_team"] == pytest.approx(0.0, abs=1e-9)


def test_the_workbook_carries_the_segment_minimum(tmp_path: Path) -> None:
    econ = ct.load_economy(FAIRNESS)
    econ.to_excel(tmp_path / "fair.xlsx")
    back = ct.read_excel(tmp_path / "fair.xlsx")
    assert back.to_toml() == econ.to_toml()
    check(back.optimise())


def test_an_unknown_segment_is_named_with_the_nearest() -> None:
    econ = ct.load_economy(FAIRNESS)
    with pytest.raises(
        ct.errors.UnknownIdError, match=r"segment_minimum.top_risks: unknown segment .*top_risk"
    ):
        ct.optimise(econ, objective="qalys", segment_minimum={"top_risks": 1000})
