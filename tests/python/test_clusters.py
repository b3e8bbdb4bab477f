"""Reinvesting across the clusters of a locality from Python and from a file, and the report by
cluster before and after.

Figures: 8 clusters with illustrative registers adding up to 20,000 (the size of the Tower
Hamlets register in issue 13's case), care planning at £92 a person (the shipped example's
derived figure: 2 x 30 minutes of a practice nurse at £47 an hour + one GP consultation at £45,
PSSRU 2024) for 76% of each register, and a YOC specialist dietitian at £21.25 an hour.
"""

from __future__ import annotations

import pytest

import caretriangle as ct

REGISTERS = [2000, 2200, 2400, 2500, 2600, 2700, 2800, 2800]


def economy_toml() -> str:
    clusters = "".join(
        f'[[localities.clusters]]\nid = "c{k}"\nregister = {r}\n\n' for k, r in enumerate(REGISTERS, start=1)
    )
    services = "".join(
        f'[[services]]\nid = "care_planning_c{k}"\ncorner = "nhs_self_management"\n'
        f'provider = "general_practice"\nunit = "person"\nunit_cost = 92\nactivity = {0.76 * r}\n'
        f'locality = "th"\ncluster = "c{k}"\n\n'
        for k, r in enumerate(REGISTERS, start=1)
    )
    return f"""name = "Eight clusters (illustrative)"
envelope = 2000000
price_year = "2023/24"

[[localities]]
id = "th"
register = 20000

{clusters}[[services]]
id = "dietitian"
corner = "clinical"
provider = "acute_trust"
unit = "hour"
unit_cost = 21.25
activity = 10000

{services}[[scenarios]]
name = "care planning by cluster"

[[scenarios.levers]]
lever = "scale_activity"
service = "dietitian"
factor = 0.6

[[scenarios.levers]]
lever = "reinvest"
amount = 80000
into = [{", ".join(f'"care_planning_c{k}"' for k in range(1, 9))}]
by = "register"
"""


def test_a_file_reinvests_by_cluster_register() -> None:
    econ = ct.Economy.from_toml(economy_toml())
    res = econ.apply("care planning by cluster")
    by = res.by("cluster")
    for k, r in enumerate(REGISTERS, start=1):
        # 80,000 x register / 20,000 = 4 x register; before, 0.76 x register x £92.
        assert by.loc[f"c{k}", "change"] == pytest.approx(4 * r, abs=1e-6)
        assert by.loc[f"c{k}", "baseline"] == pytest.approx(0.76 * r * 92, abs=1e-6)
    # 4,000 dietitian hours x £21.25 = £85,000 released, £80,000 of it reinvested.
    assert res.released == pytest.approx(85_000, abs=1e-6)
    assert res.reinvested == pytest.approx(80_000, abs=1e-6)


def test_weights_keyed_by_cluster_from_python() -> None:
    econ = ct.Economy.from_toml(economy_toml())
    into = [f"care_planning_c{k}" for k in range(1, 9)]
    weights = {f"c{k}": float(k) for k in range(1, 9)}
    res = econ.apply(ct.Scenario("w").reinvest(36_000, into, by=weights, source="new"))
    # Weights 1..8 add up to 36: cluster k gets £1,000 x k.
    change = res.by("cluster")["change"]
    assert [round(change[f"c{k}"], 6) for k in range(1, 9)] == [1000.0 * k for k in range(1, 9)]


def test_a_mistyped_cluster_weight_names_the_nearest() -> None:
    econ = ct.Economy.from_toml(economy_toml())
    into = ["care_planning_c1", "care_planning_c2"]
    with pytest.raises(ct.UnknownIdError, match=r"unknown locality or cluster `c22`; did you mean `c2`\?"):
        econ.apply(ct.Scenario("w").reinvest(100, into, by={"c1": 1, "c22": 1}, source="new"))
