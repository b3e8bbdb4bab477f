"""Notebook display: every object has a short repr and an HTML table with its totals."""

from __future__ import annotations

import pytest

import caretriangle as ct
from caretriangle.display import html, pounds


@pytest.fixture(scope="module")
def econ() -> ct.Economy:
    return ct.examples.north_of_tyne()


def test_economy_and_comparison_tables(econ):
    page = econ._repr_html_()
    # Spend 13,342,240 of the £13,600,000 envelope: the corners' sums in the example file.
    assert "£13,342,240" in page and "envelope £13,600,000" in page and "Total" in page
    cmp = econ.apply("skill mix and reinvest")
    page = cmp._repr_html_()
    # Released 1,572,524, reinvested 1,400,000, change −172,524 (summary table).
    assert "released £1,572,524" in page and "change −£172,524" in page
    assert "Left: across primary and specialist care" in page
    assert "Floor" not in page  # no money moved along the floor: not listed


def test_result_tables(econ):
    u = ct.compare_unit_costs(econ.service("specialist_dietitian"), econ.service("health_trainer"), units=500)
    # 500 hours × (£21.25 − £11.45) = £4,900.
    assert "saving £4,900 on 500 hours" in u._repr_html_()
    res = ct.MonteCarlo(econ, iterations=1_000, seed=2).run()
    assert "1,000 iterations" in res._repr_html_() and "prob_saving" in res._repr_html_()
    t = res.tornado("change", scenario="skill mix")
    assert "Tornado of change" in t._repr_html_()
    s = res.sobol("change", scenario="skill mix", n=128)
    assert "Sobol indices of change" in s._repr_html_()
    e = res.evpi("cost")
    assert f"best on average: {e.best}" in e._repr_html_()
    for obj in (econ, u, res, t, s, e, econ.apply("skill mix")):
        assert len(repr(obj)) < 200 and repr(obj).startswith("<")


def test_pounds_and_unknown_types():
    assert pounds(21.25) == "£21.25"
    assert pounds(-4900) == "−£4,900"
    with pytest.raises(TypeError, match="no HTML display"):
        html(object())


def test_budget_impact_tables(econ):
    bi = econ.budget_impact(econ.budget_impacts[0])
    page = bi._repr_html_()
    assert "Budget impact: care planning and self-management" in page
    # The example does not pay back in its five years (cumulative net +£6.9m, every year a cost).
    assert "payback not within the horizon" in page and "2023/24 prices" in page
    assert "discounted at 3.5% a year" in page
    # 2025/26 net: £631,747.455 (worked out in test_plotting.py), shown to the pound.
    assert "£631,747" in page
    assert len(repr(bi)) < 300 and repr(bi).startswith("<BudgetImpact")
    res = econ.budget_monte_carlo(bi.name, iterations=500, seed=1)
    page = res._repr_html_()
    assert "500 iterations" in page and "P(payback within the horizon) 0.0%" in page
    assert "net 2029/30" in page and "pays_back" not in page
    assert repr(res).startswith("<BudgetMonteCarloResult")
