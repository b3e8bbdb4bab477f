"""The Python API on the shipped example and on small economies worked by hand.

YOC figures: Year of Care commissioning model brief, specialist dietitian £21.25/hour and
qualified health trainer £11.45/hour (c. 2010/11 prices).
"""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import pandas as pd
import pytest

import caretriangle as ct

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "north_of_tyne.toml"

SMALL = """
name = "Small"
envelope = 100000
price_year = "2010/11"

[[localities]]
id = "north"
register = 3000
need_weight = 1.2

[[localities]]
id = "south"
register = 1000

[[services]]
id = "specialist_dietitian"
corner = "clinical"
provider = "acute_trust"
unit = "hour"
unit_cost = 21.25
activity = 1000
units_per_person = 4

[[services]]
id = "health_trainer"
corner = "community_self_management"
provider = "third_sector"
unit = "hour"
unit_cost = 11.45
activity = 0
units_per_person = 5
capacity = 300

[[services]]
id = "care_planning_north"
corner = "nhs_self_management"
provider = "general_practice"
unit = "consultation"
unit_cost = 50
activity = 200
locality = "north"

[[services]]
id = "care_planning_south"
corner = "nhs_self_management"
provider = "general_practice"
unit = "consultation"
unit_cost = 40
allocation = 4000
locality = "south"
"""


@pytest.fixture()
def small() -> ct.Economy:
    return ct.Economy.from_toml(SMALL)


def test_issue_session_on_the_shipped_example():
    econ = ct.load_economy(str(EXAMPLE))
    by_corner = econ.spend_by("corner")
    assert list(by_corner.index) == ["clinical", "nhs_self_management", "community_self_management"]
    assert math.isclose(by_corner["spend"].sum(), econ.total_spend, abs_tol=0.005)
    for dim in ("commissioner", "locality", "provider", "service", "cluster"):
        assert math.isclose(econ.spend_by(dim)["spend"].sum(), econ.total_spend, abs_tol=0.005)
    cmp = ct.compare_unit_costs(
        econ.service("specialist_dietitian"), econ.service("health_trainer"), units=500
    )
    assert cmp.saving == pytest.approx(4900.0, abs=1e-9)
    scn = ct.Scenario("skill mix").substitute("specialist_dietitian", "health_trainer", share=0.4)
    res = econ.apply(scn)
    assert isinstance(res.by("corner"), pd.DataFrame)
    flows = res.flows()
    assert list(flows.index[:3]) == ["left", "floor", "right"]
    assert econ == ct.examples.north_of_tyne()


def test_yoc_unit_cost_figures():
    # 500 h × (21.25 − 11.45) = 500 × 9.80 = 4,900; 11.45 / 21.25 = 0.53882…;
    # 1,000 / 21.25 = 47.0588…; 1,000 / 11.45 = 87.3362…
    def hourly(id_, cost):
        return ct.Service(
            id_, corner="clinical", provider="acute_trust", unit="hour", unit_cost=cost, price_year="2010/11"
        )

    cmp = ct.compare_unit_costs(hourly("dietitian", 21.25), hourly("trainer", 11.45), units=500)
    assert cmp.saving == pytest.approx(4900.0)
    assert round(cmp.ratio, 4) == 0.5388
    assert round(cmp.units_per_budget[0], 2) == 47.06
    assert round(cmp.units_per_budget[1], 2) == 87.34
    # 6 hours per person: £127.50 and £68.70 a person; the £10,625 of 500 dietitian hours
    # buys 10,625 / 68.70 = 154.66 people at the trainer against 500 / 6 = 83.33.
    cmp = ct.compare_unit_costs(
        hourly("dietitian", 21.25), hourly("trainer", 11.45), units=500, units_per_person=6
    )
    assert cmp.cost_per_person == pytest.approx((127.5, 68.7))
    assert cmp.extra_people == pytest.approx(10625 / 68.7 - 500 / 6)
    frame = cmp.to_frame()
    assert frame.loc["trainer", "cost_per_unit"] == 11.45


def test_comparing_different_units_or_price_years_is_refused():
    a = ct.Service("a", corner="clinical", provider="acute_trust", unit="hour", unit_cost=21.25)
    b = ct.Service("b", corner="clinical", provider="acute_trust", unit="contact", unit_cost=11.45)
    with pytest.raises(ct.IncompatibleError, match="per hour and b per contact"):
        ct.compare_unit_costs(a, b)
    c = ct.Service(
        "c", corner="clinical", provider="acute_trust", unit="hour", unit_cost=57, price_year="2023/24"
    )
    d = a.repriced(21.25, price_year="2010/11")
    with pytest.raises(ct.IncompatibleError, match="2010/11 and c at 2023/24"):
        ct.compare_unit_costs(d, c)
    # Uprating by hand makes them comparable.
    assert ct.compare_unit_costs(d.repriced(30.0, price_year="2023/24"), c).ratio == pytest.approx(57 / 30)


def test_substitution_worked_by_hand(small):
    # 40% of 1,000 dietitian hours = 400 h: £8,500 given up; 400 trainer hours = £4,580.
    # Released 8,500 − 4,580 = 3,920; £4,580 moves clinical → community (the right side).
    res = small.apply(
        ct.Scenario("skill mix").substitute("specialist_dietitian", "health_trainer", share=0.4)
    )
    assert res.released == pytest.approx(3920.0)
    assert res.change == pytest.approx(-3920.0)
    flows = res.flows()
    assert flows.loc["right", "forward"] == pytest.approx(4580.0)
    assert flows.loc["left", "gross"] == 0.0
    by = res.by("corner")
    assert by.loc["clinical", "change"] == pytest.approx(-8500.0)
    assert by.loc["community_self_management", "change"] == pytest.approx(4580.0)
    services = res.by("service")
    # People: dietitian 1,000/4 = 250 → 600/4 = 150; trainer 0 → 400/5 = 80.
    assert services.loc["specialist_dietitian", "people_before"] == 250
    assert services.loc["specialist_dietitian", "people_after"] == pytest.approx(150)
    assert services.loc["health_trainer", "people_after"] == pytest.approx(80)
    # 400 trainer hours is over the capacity of 300.
    assert any("health_trainer" in w and "capacity" in w for w in res.warnings)
    # The baseline is untouched.
    assert small.service("specialist_dietitian").activity == 1000


def test_reinvestment_by_need_worked_by_hand(small):
    # Release: scale the dietitian by 0.5 → £10,625 released from clinical.
    # Reinvest £8,000 by need: north 3,000 × 1.2 = 3,600, south 1,000 × 1 = 1,000;
    # north gets 8,000 × 3,600 / 4,600 = 6,260.87, south 1,739.13. Both along the left side.
    scn = (
        ct.Scenario("reinvest")
        .scale_activity("specialist_dietitian", 0.5)
        .reinvest(8000, ["care_planning_north", "care_planning_south"], by="need")
    )
    res = small.apply(scn)
    assert res.released == pytest.approx(10625)
    assert res.reinvested == pytest.approx(8000)
    assert res.unspent_release == pytest.approx(2625)
    by = res.by("locality")
    assert by.loc["north", "change"] == pytest.approx(8000 * 3600 / 4600)
    assert by.loc["south", "change"] == pytest.approx(8000 * 1000 / 4600)
    assert res.flows().loc["left", "forward"] == pytest.approx(8000)
    levers = res.lever_table(total=True)
    assert levers.loc["Total", "released"] == pytest.approx(10625)


def test_reinvesting_more_than_was_released_is_refused(small):
    scn = ct.Scenario("too much").reinvest(1, "care_planning_north")
    with pytest.raises(ct.InsufficientMoneyError, match=r"levers\[0\].amount"):
        small.apply(scn)
    # New money is fine, and is counted as such.
    res = small.apply(ct.Scenario("new").reinvest(1000, "care_planning_north", source="new"))
    assert res.new_money == 1000 and res.change == pytest.approx(1000)


def test_strict_envelope(small):
    scn = ct.Scenario("grow").scale_activity("specialist_dietitian", 5)
    res = small.apply(scn)
    # 5 × £21,250 = £106,250 for the dietitian; with £4,000 + £10,000 of care planning the
    # total is £120,250, over £100,000 by £20,250.
    assert res.over_envelope == pytest.approx(20250)
    with pytest.raises(ct.EnvelopeExceededError, match="over the envelope"):
        small.apply(scn, strict=True)


def test_bad_values_raise_typed_errors_naming_field_and_value():
    with pytest.raises(ct.InvalidValueError, match=r"services\[0\].unit_cost must be .* got -5") as e:
        ct.Economy.from_toml(SMALL.replace("unit_cost = 21.25", "unit_cost = -5"))
    assert e.value.field == "services[0].unit_cost"
    # The first `unit_cost` is on line 20 of SMALL (which opens with a blank line).
    assert SMALL.splitlines().index("unit_cost = 21.25") + 1 == 20
    assert (e.value.line, e.value.column) == (20, 13)
    assert isinstance(e.value, ValueError)
    with pytest.raises(ct.InvalidValueError, match="got NaN"):
        ct.Economy.from_toml(SMALL.replace("activity = 1000", "activity = nan"))
    with pytest.raises(ct.InvalidValueError, match="got inf"):
        ct.Economy.from_toml(SMALL.replace("envelope = 100000", "envelope = inf"))
    with pytest.raises(ct.InvalidValueError, match=r"share must be a share between 0 and 1, got 1\.5"):
        ct.Scenario("x").substitute("a", "b", share=1.5)
    with pytest.raises(ct.DuplicateIdError, match="duplicate service id `health_trainer`"):
        ct.Economy.from_toml(SMALL.replace('id = "specialist_dietitian"', 'id = "health_trainer"'))
    with pytest.raises(ct.UnknownIdError, match="did you mean `health_trainer`"):
        ct.Economy.from_toml(SMALL).apply(
            ct.Scenario("x").substitute("specialist_dietitian", "health_trainr", share=0.1)
        )
    with pytest.raises(ct.FileFormatError, match="unknown key `unit_cots`; did you mean `unit_cost`"):
        ct.Economy.from_toml(SMALL.replace("unit_cost = 11.45", "unit_cots = 11.45"))
    with pytest.raises(ct.UnknownIdError):
        ct.examples.north_of_tyne().service("no_such_service")


def test_file_round_trip(tmp_path, small):
    econ = ct.examples.north_of_tyne()
    for name in ("economy.toml", "economy.json"):
        path = tmp_path / name
        econ.save(str(path))
        again = ct.load_economy(str(path))
        assert again == econ
        again.save(str(tmp_path / ("again_" + name)))
        assert (tmp_path / ("again_" + name)).read_text() == path.read_text()
    assert ct.Economy.from_dict(small.to_dict()) == small
    with pytest.raises(ct.CareTriangleIOError):
        ct.load_economy(str(tmp_path / "missing.toml"))


def test_pickle_round_trip(small):
    assert pickle.loads(pickle.dumps(small)) == small
    scn = ct.Scenario("s").substitute("specialist_dietitian", "health_trainer", share=0.25)
    assert pickle.loads(pickle.dumps(scn)) == scn


def test_totals_add_up_in_every_dimension():
    econ = ct.examples.north_of_tyne()
    for scn in econ.scenarios.values():
        res = econ.apply(scn)
        for dim in ("corner", "commissioner", "locality", "provider", "cluster", "service"):
            table = res.by(dim, total=True)
            assert table.loc["Total", "scenario"] == pytest.approx(res.total_after, abs=0.005)
            assert table.loc["Total", "baseline"] == pytest.approx(res.total_before, abs=0.005)


def test_a_distribution_prices_the_base_case_at_its_stated_mean():
    # The example gives the dietitian a gamma with mean £21.25 and the trainer one with mean
    # £11.45: the base case must use those figures exactly (shape × scale would be a few
    # units in the last place off), so the YOC saving is £4,900.00 to the penny, not
    # 4899.999999999999.
    econ = ct.examples.north_of_tyne()
    assert econ.service("specialist_dietitian").unit_cost == 21.25
    assert econ.service("health_trainer").unit_cost == 11.45
    cmp = ct.compare_unit_costs(
        econ.service("specialist_dietitian"), econ.service("health_trainer"), units=500
    )
    assert cmp.saving == 4900.0


def test_labels_and_repr_read_as_a_board_paper():
    econ = ct.examples.north_of_tyne()
    res = econ.apply(econ.scenario("skill mix"))
    flows = res.flows()
    # "NHS" keeps its capitals when the corner's label is put after "Within".
    assert flows.loc["within_nhs_self_management", "name"] == "Within self-management support in the NHS"
    assert flows.loc["within_clinical", "name"] == "Within traditional clinical care"
    # Money in the repr is grouped and signed as in a report: 2,400 h × (£11.45 − £21.25).
    assert "change -£23,520.00" in repr(res)
    assert "£13,342,240.00 →" in repr(res)


def test_tables_show_no_negative_zero():
    econ = ct.examples.north_of_tyne()
    frame = econ.apply(econ.scenario("skill mix")).budget_impact("2025/26", years=2).to_frame()
    numbers = frame.select_dtypes("number").to_numpy().ravel()
    assert not any(x == 0 and str(x).startswith("-") for x in numbers)


def test_a_blank_service_id_is_refused_when_the_lever_is_made():
    with pytest.raises(ct.InvalidValueError, match="from"):
        ct.Scenario("s").shift("", "health_trainer", amount=10)
    with pytest.raises(ct.InvalidValueError, match=r"into\[1\]"):
        ct.Scenario("s").reinvest(10, ["health_trainer", " "])


def test_one_version_number():
    # The package's metadata comes from Cargo.toml (pyproject.toml declares the version
    # dynamic), so the installed distribution and the extension agree.
    from importlib.metadata import version

    assert version("caretriangle") == ct.__version__
    cargo = (Path(__file__).parents[2] / "Cargo.toml").read_text()
    assert f'version = "{ct.__version__}"' in cargo
