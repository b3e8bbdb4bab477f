"""Outcomes in budget impacts and harms, from Python.

Figures: DESMOND structured education at its published real-world cost, £82 a person, and QALY
gain, 0.0392 a person (Gillett et al., BMJ 2010;341:c4093), in the shipped example
``examples/structured_education.toml``; the 1,000 people a year offered it for three years are
illustrative. Discounting at 3.5% a year, NICE's reference case (PMG36, 2022, 4.5.1).
"""

from __future__ import annotations

import numpy as np
import pytest

import caretriangle as ct

OFFER = {
    "name": "offer",
    "first_year": "2025/26",
    "years": 3,
    "interventions": [{"id": "offer", "service": "desmond", "register": 1000, "uptake": [1.0]}],
}
# 1 + 1/1.035 + 1/1.035**2 = 2.899694...
DISCOUNTED_YEARS = 1 + 1 / 1.035 + 1 / 1.035**2


def offer(**changes: object) -> ct.BudgetImpact:
    return ct.examples.structured_education().budget_impact({**OFFER, **changes})


def test_qalys_by_year_discounted_and_the_multi_year_icer_and_net_benefit():
    bi = offer()
    assert bi.outcome_discount_rate == 0.035
    t = bi.outcomes()
    # 1,000 people a year x 0.0392 = 39.2 QALYs in each year.
    assert list(t["qalys_gain"][:3]) == pytest.approx([39.2, 39.2, 39.2])
    # 39.2 + 39.2/1.035 + 39.2/1.035**2 = 113.668...
    assert t.loc["Total", "qalys_discounted_gain"] == pytest.approx(39.2 * DISCOUNTED_YEARS)
    # £82,000 a year, discounted alike: the ICER is 82,000 / 39.2 = £2,091.84, as in one year.
    assert t.loc["Total", "discounted_net"] == pytest.approx(82_000 * DISCOUNTED_YEARS)
    ce = bi.icer("qalys")
    assert ce.icer == pytest.approx(82_000 / 39.2)
    assert ce.verdict == "costs £2,091.84 more a QALY gained"
    # NMB at £20,000 = 20,000 x 113.668 - 237,775 = (20,000 x 39.2 - 82,000) x 2.8997.
    nb = bi.net_benefit("qalys", threshold=20000)
    assert nb.net_monetary_benefit == pytest.approx(702_000 * DISCOUNTED_YEARS)
    assert t.attrs["kinds"]["qalys_gain"] == "number"


def test_outcomes_discounted_at_their_own_rate():
    # Outcomes undiscounted, costs at 3.5%: ICER = 82,000 x 2.8997 / (39.2 x 3).
    bi = offer(outcome_discount_rate=0.0)
    assert bi.outcomes().loc["Total", "qalys_discounted_gain"] == pytest.approx(117.6)
    assert bi.icer("qalys").icer == pytest.approx(82_000 * DISCOUNTED_YEARS / 117.6)


def test_budget_monte_carlo_records_outcome_gain_and_net_benefit():
    # The uptake drawn from 0.5 to 1: QALYs 39.2 u a year, costs 82,000 u a year.
    entry = dict(OFFER)
    entry["interventions"] = [
        {
            "id": "offer",
            "service": "desmond",
            "register": 1000,
            "uptake": [{"dist": "uniform", "low": 0.5, "high": 1}],
        }
    ]
    econ = ct.examples.structured_education()
    res = econ.budget_monte_carlo(entry, iterations=200, seed=4)
    cols = list(res.columns)
    assert cols[-2:] == ["qalys_gain", "net_benefit_qalys"]
    s = res.samples
    assert s is not None
    gain, nb = s[:, -2], s[:, -1]
    u = gain / (39.2 * DISCOUNTED_YEARS)
    assert np.all((u >= 0.5) & (u <= 1.0))
    # NMB = 20,000 x gain - 82,000 u x 2.8997 = 702,000 u x 2.8997 in every draw.
    assert np.allclose(nb, 702_000 * u * DISCOUNTED_YEARS)


def test_a_harm_is_a_loss_in_the_south_west_quadrant():
    # Halving DESMOND: 500 fewer people, -£41,000 and -19.6 QALYs; a harm of -0.001 QALYs a
    # person on a second service is allowed.
    econ = ct.examples.structured_education()
    res = econ.apply(ct.Scenario("halve").scale_activity("desmond", 0.5))
    ce = res.icer("qalys")
    assert ce.icer == pytest.approx(82 / 0.0392)
    assert ce.verdict == "saves £2,091.84 a QALY lost"
    # At £20,000: 20,000 x -19.6 + 41,000 = -£351,000.
    assert res.net_benefit("qalys").net_monetary_benefit == pytest.approx(-351_000)
    d = econ.to_dict()
    d["services"][0]["outcomes_per_person"] = {"qalys": -0.001}
    harmed = ct.Economy.from_dict(d).apply("offer to 1,000 more").icer("qalys")
    assert harmed.verdict == "dominated: costs more and loses QALYs gained"


def test_invalid_budget_outcome_settings_are_typed_errors():
    with pytest.raises(ct.InvalidValueError, match="outcome_discount_rate") as e:
        offer(outcome_discount_rate=-1)
    assert e.value.field == "outcome_discount_rate"
    with pytest.raises(ct.UnknownIdError, match="did you mean `qalys`"):
        offer().icer("qaly")
