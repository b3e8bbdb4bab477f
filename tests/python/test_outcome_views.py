"""Outcomes where a user looks (issue 14): notebook tables (`_repr_html_`), the value-of-
information plots against the threshold, and the decision brief's sections.

Figures: DESMOND (Gillett et al., BMJ 2010;341:c4093): £82 more and 0.0392 QALYs a person,
ICER 82 / 0.0392 = £2,091.84 a QALY, NMB at £20,000 a QALY 20,000 × 0.0392 − 82 = £702 a
person; examples/structured_education.toml has 1,000 people a year, its scenario 1,000 more, so
39.2 QALYs for £82,000 and an NMB of £702,000. The North of Tyne example's outcomes are in
examples/north_of_tyne.toml (QALY gains other than DESMOND's illustrative).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import caretriangle as ct
from caretriangle.plotting import evpi_curve, evppi_curve

FALLS = ["reinvest £1.4m.levers[1].factor", "reinvest £1.4m.levers[2].factor"]


@pytest.fixture(scope="module")
def desmond() -> ct.Comparison:
    return ct.examples.structured_education().apply("offer to 1,000 more")


@pytest.fixture(scope="module")
def mc() -> ct.MonteCarloResult:
    return ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=4_000, seed=5, sampling="lhs").run()


def test_cost_effectiveness_html_says_the_verdict_and_the_figures(desmond: ct.Comparison) -> None:
    page = desmond.net_benefit("qalys")._repr_html_()
    assert "Cost-effectiveness on qalys" in page
    assert "costs £2,091.84 more a QALY gained" in page
    assert "ICER £2,092 a unit gained" in page
    assert "net monetary benefit £702,000 at £20,000 a unit" in page


def test_a_comparisons_html_has_its_outcomes(desmond: ct.Comparison) -> None:
    page = desmond._repr_html_()
    assert "Outcomes (gain: the fall, where less is better)" in page
    assert "QALYs gained: costs £2,091.84 more a QALY gained; net monetary benefit £702,000" in page
    # Before 39.2, after 78.4 (1,000 and 2,000 people × 0.0392).
    assert re.search(r"<td>39\.2</td>\s*<td>78\.4</td>", page)
    # An economy without outcomes shows none.
    assert (
        "Outcomes"
        not in ct.Economy.from_toml(
            'name = "n"\nenvelope = 10\nprice_year = "2023/24"\n[[services]]\nid = "a"\nname = "a"\n'
            'corner = "clinical"\nprovider = "acute_trust"\nunit = "hour"\nunit_cost = 1\nactivity = 1\n'
        )
        .apply(ct.Scenario("s").scale_activity("a", 2))
        ._repr_html_()
    )


def test_evpi_on_net_benefit_is_shown_in_pounds(mc: ct.MonteCarloResult) -> None:
    e = mc.evpi(outcome="qalys", threshold=500)
    assert e.criterion == "net_benefit" and e.evpi > 0
    from caretriangle.display import pounds

    assert f"EVPI {pounds(e.evpi)} per decision" in e._repr_html_()


def test_the_evpi_curve_is_the_evpi_at_each_threshold(mc: ct.MonteCarloResult) -> None:
    thresholds = [0, 500, 1_000, 20_000]
    fig = evpi_curve(mc, "qalys", thresholds=thresholds)
    ax = fig.axes[0]
    x, y = ax.lines[0].get_data()
    assert list(x) == thresholds
    assert list(y) == [mc.evpi(outcome="qalys", threshold=t).evpi for t in thresholds]
    # At £20,000 a QALY `reinvest £1.4m` has the highest net benefit in every run: nothing to learn.
    assert y[-1] == 0.0 and max(y) > 0
    assert ax.get_xlabel() == "Threshold (£ a unit of qalys)" and ax.get_ylabel() == "EVPI per decision"


def test_the_evppi_curves_lie_under_the_evpi(mc: ct.MonteCarloResult) -> None:
    thresholds = [0, 250, 500, 1_000, 2_000]
    fig = evppi_curve(mc, [*FALLS, FALLS], "qalys", thresholds=thresholds)
    ax = fig.axes[0]
    evpi, one, two, both = (line.get_data()[1] for line in ax.lines)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "EVPI (all inputs)" and labels[3] == " + ".join(FALLS)
    assert labels[1] == dict(zip(mc.input_names, mc.input_labels, strict=True))[FALLS[0]]
    for k in range(len(thresholds)):
        # 0 ≤ EVPPI ≤ EVPI, and a group is worth at least each of its members.
        assert 0 <= one[k] <= evpi[k] + 1e-9 and 0 <= two[k] <= evpi[k] + 1e-9
        assert both[k] <= evpi[k] + 1e-9
    assert list(both) == [mc.evppi(FALLS, outcome="qalys", threshold=t) for t in thresholds]


def test_the_brief_says_what_the_plan_buys(desmond: ct.Comparison, tmp_path: Path) -> None:
    path = tmp_path / "brief.html"
    desmond.brief(path)
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
    assert "What the plan buys" in words
    assert "QALYs gained: the plan gains 39.2 QALYs a year (39.2 before, 78.4 after)" in words
    assert "Against the baseline: costs £2,091.84 more a QALY gained." in words
    assert (
        "At £20,000 a QALY its net monetary benefit is £702,000 a year (worth doing at that threshold)"
        in words
    )


def test_the_brief_of_a_monte_carlo_run_has_the_ceac_and_evpi(
    mc: ct.MonteCarloResult, tmp_path: Path
) -> None:
    econ = ct.examples.north_of_tyne()
    path = tmp_path / "brief.html"
    econ.apply("reinvest £1.4m").brief(path, monte_carlo=mc)
    text = path.read_text(encoding="utf-8")
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    at = mc.ceac("qalys", thresholds=[20_000])
    best = str(at["frontier"].iloc[0])
    assert "Value for money under uncertainty" in words
    assert (
        f"At £20,000 a QALY the option with the highest expected net benefit is {best}, with a "
        f"probability of {at[best].iloc[0]:.1%} of being the best" in words
    )
    assert "Cost-effectiveness acceptability curves, qalys" in text  # the figure's alt text
    # Emergency admissions avoided: 700 spells × (1 − 0.93) = 49, without a value: no NMB.
    assert "Emergency admissions (hyperglycaemia): the plan avoids 49 admissions a year" in words
    # The Monte Carlo result's own brief has it too.
    mc.brief(tmp_path / "mc.html")
    assert "Value for money under uncertainty" in (tmp_path / "mc.html").read_text(encoding="utf-8")
