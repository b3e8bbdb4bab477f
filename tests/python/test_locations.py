"""An error's ``location``: the path of the value at fault as a tuple of keys and indices (as
pydantic's ``loc``), beside ``field``, the same path as text."""

from __future__ import annotations

from typing import Any

import pytest

import caretriangle as ct


@pytest.fixture
def data() -> dict[str, Any]:
    return ct.examples.north_of_tyne().to_dict()


def test_a_services_value_is_located_by_key_index_key(data: dict[str, Any]) -> None:
    data["services"][3]["unit_cost"] = -5
    with pytest.raises(ct.InvalidValueError) as info:
        ct.Economy.from_dict(data)
    assert info.value.location == ("services", 3, "unit_cost")
    assert info.value.field == "services[3].unit_cost"
    # The location leads back to the value in what was given.
    where: Any = data
    for segment in info.value.location:
        where = where[segment]
    assert where == -5


def test_a_cluster_and_a_levers_value_are_located_through_every_level(data: dict[str, Any]) -> None:
    cluster = {**data, "localities": [dict(loc) for loc in data["localities"]]}
    cluster["localities"][1]["clusters"] = [{"id": "c1", "register": -1}]
    with pytest.raises(ct.InvalidValueError) as info:
        ct.Economy.from_dict(cluster)
    assert info.value.location == ("localities", 1, "clusters", 0, "register")
    assert info.value.field == "localities[1].clusters[0].register"

    scenario = {**data, "scenarios": [dict(s) for s in data["scenarios"]]}
    first = scenario["scenarios"][0]
    first["levers"] = [dict(lever) for lever in first["levers"]]
    at = next(i for i, lever in enumerate(first["levers"]) if "share" in lever)
    first["levers"][at]["share"] = 1.5
    with pytest.raises(ct.InvalidValueError) as info:
        ct.Economy.from_dict(scenario)
    assert info.value.location == ("scenarios", 0, "levers", at, "share")
    assert str(info.value).startswith(f"<dict>: scenarios[0].levers[{at}].share must be ")


def test_an_unknown_and_a_duplicate_id_are_located(data: dict[str, Any]) -> None:
    data["services"][2]["locality"] = "nowhere"
    with pytest.raises(ct.UnknownIdError) as info:
        ct.Economy.from_dict(data)
    assert info.value.location == ("services", 2, "locality")
    data["services"][2]["locality"] = data["services"][1].get("locality")
    data["services"][2]["id"] = data["services"][0]["id"]
    with pytest.raises(ct.DuplicateIdError) as info:
        ct.Economy.from_dict(data)
    assert info.value.location == ("services", 2, "id")


def test_an_argument_is_located_by_its_name_and_an_error_of_no_place_by_none() -> None:
    econ = ct.examples.north_of_tyne()
    with pytest.raises(ct.InvalidValueError) as info:
        ct.MonteCarlo(econ, iterations=-1)
    assert info.value.location == ("iterations",)
    over = ct.Scenario("over").scale_activity("specialist_dietitian", 100.0)
    with pytest.raises(ct.EnvelopeExceededError) as info:
        econ.apply(over, strict=True)
    assert info.value.field is None
    assert info.value.location is None


def test_an_uncertain_inputs_name_is_one_segment_of_its_location() -> None:
    econ = ct.examples.north_of_tyne()
    bad = {"health_trainer.unit_cost": {"dist": "normal", "mean": 11.45, "sd": -1}}
    with pytest.raises(ct.InvalidValueError) as info:
        ct.MonteCarlo(econ, inputs=bad)
    assert info.value.location == ("inputs", "health_trainer.unit_cost", "sd")
    assert info.value.field == "inputs.health_trainer.unit_cost.sd"
