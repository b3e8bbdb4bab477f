"""Outcomes, cost-effectiveness and the value of information on net benefit, from Python.

Figures: DESMOND structured education at its published real-world lifetime cost, £82 a
person, and QALY gain, 0.0392 a person (Gillett et al., BMJ 2010;341:c4093, whose ICER is
£2,092 a QALY), in the shipped example ``examples/structured_education.toml``; and an economy
built so that the incremental net benefit is μ + 3·X₁ − 4·X₂ with X₁, X₂ standard normal,
whose EVPI and EVPPI have closed forms (the issue's figures: EVPI 1.99471 at μ = 0, 1.53447
at μ = 1; EVPPI of X₁ 1.19683, 0.76271; of X₂ 1.59577, 1.14538).
"""

from __future__ import annotations

import numpy as np
import pytest

import caretriangle as ct
from caretriangle import plotting


def desmond() -> ct.Comparison:
    return ct.examples.structured_education().apply("offer to 1,000 more")


def test_done_when_icer_2092_and_nmb_702_a_person():
    ce = desmond().icer("qalys")
    # 1,000 more people: 82,000 / (1,000 x 0.0392) = 2,091.84 -> £2,092.
    assert round(ce.icer) == 2092
    assert ce.verdict == "costs £2,091.84 more a QALY gained"
    nb = desmond().net_benefit("qalys", threshold=20000)
    # 20,000 x 39.2 - 82,000 = 702,000: £702 a person for 1,000 people.
    assert nb.net_monetary_benefit / 1000 == pytest.approx(702.0, abs=1e-9)
    assert nb.net_health_benefit == pytest.approx(39.2 - 82000 / 20000)
    frame = nb.to_frame()
    assert frame.loc["icer", "amount"] == pytest.approx(82000 / 39.2)
    # The threshold defaults to the outcome's value, £20,000 in the file.
    assert desmond().net_benefit("qalys").net_monetary_benefit == nb.net_monetary_benefit


def test_outcomes_table_by_service_with_kinds():
    t = desmond().outcomes("service")
    row = t.loc["desmond"]
    # 1,000 people x 0.0392 before, 2,000 x 0.0392 after.
    assert (row["before"], row["after"]) == (pytest.approx(39.2), pytest.approx(78.4))
    assert row["outcome"] == "qalys"
    assert t.attrs["kinds"]["gain"] == "number"


def test_incremental_table_puts_the_baseline_first_and_the_frontier_in_order():
    econ = ct.examples.structured_education()
    more = econ.apply("offer to 1,000 more")
    half = econ.apply(ct.Scenario("half").scale_activity("desmond", 0.5))
    t = ct.incremental([more, half], "qalys")
    assert list(t.index) == ["half", "baseline", "offer to 1,000 more"]
    assert t.loc["offer to 1,000 more", "icer"] == pytest.approx(82 / 0.0392)
    assert t.attrs["kinds"]["icer"] == "money"


CLOSED_FORM = """
name = "Closed form"
envelope = 1000000
price_year = "2023/24"

[[outcomes]]
id = "qalys"
value = 1

[[services]]
id = "s"
corner = "clinical"
provider = "acute_trust"
unit = "unit"
unit_cost = {{ dist = "truncated_normal", mean = {c}, sd = 4, low = 0 }}
activity = 1
outcomes_per_unit = {{ qalys = {{ dist = "truncated_normal", mean = 1000, sd = 3, low = 0 }} }}

[[scenarios]]
name = "double"
[[scenarios.levers]]
lever = "scale_activity"
service = "s"
factor = 2
"""


@pytest.mark.parametrize(
    ("mu", "evpi", "x1", "x2"), [(0, 1.99471, 1.19683, 1.59577), (1, 1.53447, 0.76271, 1.14538)]
)
def test_evpi_and_evppi_through_an_economy_match_the_closed_forms_at_a_million_draws(mu, evpi, x1, x2):
    # Q = 1000 + 3 X1 (QALYs a unit), C = 1000 - mu + 4 X2 (£ a unit); at λ = 1 the INB of
    # doubling activity is Q - C = mu + 3 X1 - 4 X2.
    econ = ct.Economy.from_toml(CLOSED_FORM.format(c=1000 - mu))
    res = ct.MonteCarlo(econ, iterations=1_000_000, seed=11).run()
    assert res.evpi(outcome="qalys").evpi == pytest.approx(evpi, rel=0.02)
    assert res.evppi("s.outcomes_per_unit.qalys", outcome="qalys") == pytest.approx(x1, rel=0.02)
    assert res.evppi(["s.unit_cost"], outcome="qalys", threshold=1) == pytest.approx(x2, rel=0.02)
    # Both together determine the INB: their EVPPI is the EVPI.
    both = res.evppi(["s.unit_cost", "s.outcomes_per_unit.qalys"], outcome="qalys")
    assert both == pytest.approx(evpi, rel=0.02)


def test_ceac_rows_sum_to_one_and_the_frontier_follows_the_icer():
    res = ct.MonteCarlo(ct.examples.structured_education(), iterations=2000, seed=3).run()
    ceac = res.ceac("qalys", thresholds=[0, 1000, 2000, 3000, 20000])
    options = ["baseline", "offer to 1,000 more"]
    assert np.allclose(ceac[options].sum(axis=1), 1.0)
    # No input is uncertain in the example: below £2,091.84 a QALY doing nothing is best in
    # every draw, above it the offer is.
    assert list(ceac["offer to 1,000 more"]) == [0.0, 0.0, 0.0, 1.0, 1.0]
    assert list(ceac["frontier"]) == ["baseline", "baseline", "baseline", *options[1:] * 2]
    assert ceac.attrs["kinds"]["baseline"] == "share"


def test_monte_carlo_outputs_carry_outcome_columns_and_population_evpi():
    res = ct.MonteCarlo(ct.examples.structured_education(), iterations=500, seed=1).run()
    cols = res.columns
    assert ("offer to 1,000 more", "qalys_gain") in cols
    assert ("offer to 1,000 more", "net_benefit_qalys") in cols
    i = cols.index(("offer to 1,000 more", "net_benefit_qalys"))
    assert res.samples is not None
    # 20,000 x 39.2 - 82,000 = 702,000 in every iteration.
    assert np.allclose(res.samples[:, i], 702_000.0)
    e = res.evpi(outcome="qalys")
    assert e.criterion == "net_benefit"
    assert e.population(1000, 3) == pytest.approx(e.evpi * 1000 * (1 + 1 / 1.035 + 1 / 1.035**2))


def test_bad_arguments_are_care_triangle_errors():
    res = ct.MonteCarlo(ct.examples.structured_education(), iterations=100, seed=1).run()
    with pytest.raises(ct.InvalidValueError, match="thresholds"):
        res.ceac("qalys", thresholds="20000")  # type: ignore[arg-type]
    with pytest.raises(ct.UnknownIdError, match="did you mean `qalys`"):
        res.ceac("qaly", thresholds=[1])
    with pytest.raises(ct.UnknownIdError, match="inputs"):
        res.evppi("nothing", outcome="qalys")
    with pytest.raises(ct.InvalidValueError, match="threshold"):
        desmond().net_benefit("qalys", threshold=-1)


def test_ce_plane_and_ceac_plots():
    res = ct.MonteCarlo(ct.examples.structured_education(), iterations=300, seed=2).run()
    plane = plotting.ce_plane(res, "qalys", threshold=20000)
    ax = plane.axes[0]
    # One scatter of 300 draws (all at the one point here: no input is uncertain): 39.2 QALYs
    # for £82,000; the threshold line through the origin at £20,000 a QALY.
    offsets = ax.collections[0].get_offsets()
    assert offsets.shape == (300, 2)
    assert np.allclose(offsets[0], [39.2, 82000.0])
    line = ax.lines[-1]
    assert np.allclose(line.get_ydata(), 20000 * np.asarray(line.get_xdata()))
    curves = plotting.ceac(res, "qalys", thresholds=[0, 1000, 3000]).axes[0].lines
    # Baseline, the scenario and the frontier; the scenario's curve 0, 0, 1 (ICER £2,091.84).
    assert [c.get_label() for c in curves] == ["baseline", "offer to 1,000 more", "frontier"]
    assert list(curves[1].get_ydata()) == [0.0, 0.0, 1.0]
