"""Tornado, threshold analysis, Sobol indices and sweeps on an outcome or on net benefit at a
threshold, from Python: one argument shape throughout, ``output=`` (any output of the run:
``"qalys_gain"``, ``"net_benefit_qalys"``) and ``threshold=`` (λ of a net benefit).

The model (illustrative ranges around DESMOND's £82 and 0.0392 QALYs a person, Gillett et al.,
BMJ 2010;341:c4093): unit cost uniform on £60-100, QALYs a person uniform on 0.03-0.05, 1,000
people doubled, so NMB = λ x 1,000 q - 1,000 c, worked by hand below.
"""

from __future__ import annotations

import pytest
from test_cluster_methods import InProcessClient

import caretriangle as ct

TEXT = """
name = "Sensitivity on net benefit"
envelope = 1000000
price_year = "2023/24"

[[outcomes]]
id = "qalys"
unit = "QALY"
value = 20000

[[services]]
id = "education"
corner = "nhs_self_management"
provider = "general_practice"
unit = "person"
unit_cost = { dist = "uniform", low = 60, high = 100 }
activity = 1000
units_per_person = 1
outcomes_per_person = { qalys = { dist = "uniform", low = 0.03, high = 0.05 } }

[[scenarios]]
name = "double"
[[scenarios.levers]]
lever = "scale_activity"
service = "education"
factor = 2
"""


@pytest.fixture(scope="module")
def res() -> ct.MonteCarloResult:
    return ct.MonteCarlo(ct.Economy.from_toml(TEXT), iterations=500, seed=2).run()


def test_tornado_on_net_benefit_turns_the_unit_cost_bar_over(res):
    t = res.tornado("net_benefit_qalys", threshold=20000).to_frame()
    # Base: 20,000 x 40 - 80,000 = 720,000; the unit cost at £61 and £99: 739,000 and 701,000.
    cost = t.loc["education.unit_cost"]
    assert (cost["low_output"], cost["high_output"]) == (pytest.approx(739_000), pytest.approx(701_000))
    change = res.tornado("change").to_frame().loc["education.unit_cost"]
    # The bar on net benefit is the bar on the change in spend with its sign turned.
    assert cost["low_output"] - 720_000 == pytest.approx(-(change["low_output"] - 80_000))
    # The QALY gain alone: 1,000 x 0.0305 = 30.5 to 1,000 x 0.0495 = 49.5.
    q = res.tornado("qalys_gain").to_frame().loc["education.outcomes_per_person.qalys"]
    assert (q["low_output"], q["high_output"]) == (pytest.approx(30.5), pytest.approx(49.5))


def test_threshold_is_the_value_at_which_the_decision_changes(res):
    # NMB = 0 at c = 0.04 λ: £800 at £20,000 a QALY, £80 at £2,000.
    at = res.threshold("education.unit_cost", low=0, high=2000, output="net_benefit_qalys", threshold=20000)
    assert at == pytest.approx(800, abs=1e-6)
    assert res.threshold(
        "education.unit_cost", low=0, high=2000, output="net_benefit", threshold=2000
    ) == pytest.approx(80, abs=1e-6)


def test_sobol_on_net_benefit(res):
    s = res.sobol("net_benefit_qalys", threshold=20000, n=4096, seed=1).to_frame()
    # Var from q : from c = (2e7)^2 x 0.02^2 / 12 : 1000^2 x 40^2 / 12 = 100 : 1.
    assert s.loc["education.outcomes_per_person.qalys", "S1"] == pytest.approx(100 / 101, abs=0.03)
    assert s.loc["education.unit_cost", "ST"] == pytest.approx(1 / 101, abs=0.03)


def test_sobol_on_net_benefit_through_a_client_is_the_local_one(res):
    client = InProcessClient()
    # 64 base rows x (2 inputs + 2) = 256 runs, 100 a task: 3 tasks.
    kw = {"threshold": 2000, "n": 64, "num_resamples": 10}
    remote = res.sobol("net_benefit_qalys", client=client, rows_per_task=100, **kw)
    assert client.tasks == 3
    local = res.sobol("net_benefit_qalys", **kw)
    assert remote.to_frame().equals(local.to_frame())
    # At £2,000 a QALY the unit cost matters as much as the QALY gain: 1,000 x 40 / sqrt(12)
    # against 2e6 x 0.02 / sqrt(12), so the indices differ from those at £20,000.
    assert not local.to_frame().equals(res.sobol("net_benefit_qalys", n=64, num_resamples=10).to_frame())


def test_sweep_reports_outcome_gain_and_net_benefit():
    econ = ct.Economy.from_toml(TEXT)
    half = ct.Scenario("half").scale_activity("education", 0.5)
    df = ct.sweep(econ, ["double", half], by=["corner"], threshold=1000)
    totals = df[df["dimension"] == "total"].set_index("scenario")
    # x2: +40 QALYs, +£80,000: 1,000 x 40 - 80,000 = -40,000; x0.5: -20 QALYs, -£40,000: +20,000.
    assert totals.loc["double", "qalys_gain"] == pytest.approx(40)
    assert totals.loc["double", "net_benefit_qalys"] == pytest.approx(-40_000)
    assert totals.loc["half", "net_benefit_qalys"] == pytest.approx(20_000)


def test_a_threshold_without_a_net_benefit_output_is_refused(res):
    with pytest.raises(ct.InvalidValueError, match="given only with a net benefit output"):
        res.tornado("change", threshold=20000)
    with pytest.raises(ct.UnknownIdError, match="did you mean `qalys_gain`"):
        res.tornado("qalys_gian")
