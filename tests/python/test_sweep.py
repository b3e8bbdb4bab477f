"""Scenario sweeps on the shipped example, run here (no cluster): grid, order, hand figures."""

from __future__ import annotations

import pytest

import caretriangle as ct

# The example's figures at their means: 6,000 specialist dietitian hours at £21.25 (clinical),
# health trainers at £11.45 an hour (community); see examples/north_of_tyne.toml.
HOURS, DIETITIAN, TRAINER = 6000, 21.25, 11.45


@pytest.fixture(scope="module")
def econ() -> ct.Economy:
    return ct.examples.north_of_tyne()


def skill_mix_and_reinvest(share: float, split: float) -> ct.Scenario:
    """Moves `share` of dietitian hours to health trainers and reinvests half of what that
    releases in care planning, `split` of it in North Tyneside, the rest in Northumberland."""
    released = share * HOURS * (DIETITIAN - TRAINER)
    return (
        ct.Scenario(f"share {share:.2f} split {split:.1f}")
        .substitute("specialist_dietitian", "health_trainer", share=share)
        .reinvest(
            released / 2,
            ["care_planning_north_tyneside", "care_planning_northumberland"],
            by={"north_tyneside": split, "northumberland": 1 - split},
        )
    )


GRID = {"share": [i / 20 for i in range(21)], "split": [0.0, 0.5, 1.0]}


def test_grid_sweep_is_one_tidy_frame_with_hand_figures(econ):
    df = ct.sweep(econ, skill_mix_and_reinvest, grid=GRID)
    # The example counts outcomes (issue 14): each row adds each outcome's gain and, for the
    # QALYs (valued at £20,000), the net benefit.
    assert list(df.columns) == [
        "scenario", "run", "share", "split", "dimension", "key", "baseline", "after", "change",
        "qalys_gain", "net_benefit_qalys", "admissions_gain", "ae_attendances_gain",
    ]  # fmt: skip
    # 21 shares x 3 splits = 63 scenarios; each has a total row, 3 corners and 4 locality rows
    # (three localities and the economy-wide services).
    assert df["run"].nunique() == 63
    assert len(df) == 63 * 8
    assert list(df.drop_duplicates("run")["share"][:4]) == [0.0, 0.0, 0.0, 0.05]
    row = df[(df.share == 0.5) & (df.split == 1.0)].set_index(["dimension", "key"])["change"]
    # Half the hours (3,000) move: clinical −3,000 × £21.25 = −£63,750; community +3,000 ×
    # £11.45 = +£34,350; released £29,400, half of it (£14,700) reinvested in North Tyneside's
    # care planning (NHS self-management). Total −£29,400 + £14,700 = −£14,700.
    assert row[("corner", "clinical")] == pytest.approx(-63_750)
    assert row[("corner", "community_self_management")] == pytest.approx(34_350)
    assert row[("locality", "north_tyneside")] == pytest.approx(14_700)
    assert row[("locality", "northumberland")] == pytest.approx(0)
    assert row[("total", "total")] == pytest.approx(-14_700)


def test_same_table_on_one_or_two_threads_and_from_a_list(econ):
    one = ct.sweep(econ, skill_mix_and_reinvest, grid=GRID, threads=1)
    two = ct.sweep(econ, skill_mix_and_reinvest, grid=GRID, threads=2)
    assert one.equals(two)
    listed = ct.sweep(econ, [skill_mix_and_reinvest(**p) for p in ct.grid_points(GRID)], threads=2)
    assert listed.equals(one.drop(columns=["share", "split"]))


def test_the_economys_scenarios_by_default(econ):
    df = ct.sweep(econ, by=["commissioner"])
    assert list(df.drop_duplicates("run")["scenario"]) == list(econ.scenarios)
    total = df[(df.scenario == "skill mix") & (df.dimension == "total")]["change"].item()
    assert total == pytest.approx(-0.4 * HOURS * (DIETITIAN - TRAINER))  # −£23,520


def test_errors(econ):
    with pytest.raises(TypeError, match="grid"):
        ct.sweep(econ, skill_mix_and_reinvest)
    with pytest.raises(ct.InvalidValueError, match="by"):
        ct.sweep(econ, by=["postcode"])
    with pytest.raises(ct.UnknownIdError):
        ct.sweep(econ, [ct.Scenario("x").substitute("nobody", "health_trainer", share=0.1)])


def test_two_scenarios_with_one_name_are_refused(econ):
    # A grid whose names leave out one of its parameters: share 0.1 at splits 0 and 1 are two
    # scenarios called "share 0.10" (positions 0 and 1).
    def named_by_share(share, split):
        return skill_mix_and_reinvest(share, split).to_dict() | {"name": f"share {share:.2f}"}

    def build(share, split):
        return ct.Scenario.from_dict(named_by_share(share, split))

    with pytest.raises(ct.DuplicateIdError) as e:
        ct.sweep(econ, build, grid={"share": [0.1, 0.2], "split": [0.0, 1.0]})
    assert str(e.value) == (
        "scenarios[1].name: duplicate scenario id `share 0.10` (also scenarios[0]); give each "
        "scenario of a sweep its own name, for example from its parameters"
    )
    assert e.value.field == "scenarios[1].name"
