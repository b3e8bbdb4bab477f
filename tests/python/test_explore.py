"""The live explorer driven from Python: a slider set, the result, headline and diagram
redrawn to what `econ.apply` of the scenario so set gives.

Figures: the shipped North of Tyne example (examples/north_of_tyne.toml): specialist
dietitian £21.25 and health trainer £11.45 an hour (YOC, c. 2010/11, at face value), 6,000
dietitian hours.
"""

from __future__ import annotations

import sys

import matplotlib
import pytest

import caretriangle as ct
from caretriangle._explore import _explorer_class, _slider_range
from caretriangle._money import pounds

matplotlib.use("Agg")

SHARE = "skill mix.levers[0].share"


@pytest.fixture(scope="module")
def econ() -> ct.Economy:
    return ct.examples.north_of_tyne()


def with_share(econ, share: float) -> ct.Scenario:
    spec = econ.scenario("skill mix").to_dict()
    spec["levers"][0]["share"] = share
    return ct.Scenario.from_dict(spec)


def corner_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def test_a_slider_moved_redraws_result_headline_and_diagram(econ):
    import ipywidgets

    ex = ct.explore(econ, "skill mix")
    assert isinstance(ex, ipywidgets.VBox)
    assert list(ex.sliders) == [SHARE]
    slider = ex.sliders[SHARE]
    assert (slider.min, slider.max, slider.step, slider.value) == (0.0, 1.0, 0.01, 0.4)
    before_png = ex.diagram.value
    before_headline = ex.headline.value
    # 40%: 2,400 hours move; 2,400 x (11.45 - 21.25) = -£23,520.
    assert round(ex.result.change, 2) == -23_520.0

    slider.value = 0.3
    expected = econ.apply(with_share(econ, 0.3))
    # 30%: 1,800 hours; 1,800 x (11.45 - 21.25) = -£17,640, the money the substitution
    # releases.
    assert round(ex.result.change, 2) == round(expected.change, 2) == -17_640.0
    assert round(ex.result.released, 2) == round(expected.released, 2) == 17_640.0
    assert ex.result.by("corner").equals(expected.by("corner"))
    assert ex.error is None
    assert ex.headline.value != before_headline
    assert f"Money released: {pounds(expected.released)}" in ex.headline.value
    assert f"Change in spend: {pounds(-17_640.0)}" in ex.headline.value
    assert "fits the envelope of £13,600,000" in ex.headline.value
    # The diagram is the triangle of the new result: the clinical corner's spend after.
    assert ex.diagram.value != before_png
    assert ex.diagram.value[:8] == b"\x89PNG\r\n\x1a\n"
    clinical_after = expected.by("corner").loc["clinical", "scenario"]
    assert any(f"→ {ct.plotting.money(clinical_after)}" in t for t in corner_texts(ex.figure))


def test_sliders_are_labelled_in_words_with_ranges_from_the_lever(econ):
    ex = ct.explore(econ, econ.scenario("skill mix and reinvest"))
    assert len(ex.sliders) == 8
    words = [row.children[0].value for row in ex.children[1].children[0].children[:-1]]
    assert words[0] == "<b>substitute: share of specialist dietitian hours moved to health trainer</b>"
    assert words[1] == "<b>scale activity: factor on the activity of diabetes outpatients</b>"
    assert words[6] == "<b>reinvest: £ a year reinvested in care planning north tyneside and 2 more</b>"
    factor = ex.sliders["skill mix and reinvest.levers[1].factor"]
    assert (factor.min, factor.max, factor.value) == (0.0, 3.0, 0.75)
    gain = ex.sliders["skill mix and reinvest.levers[5].gain"]
    assert (gain.min, gain.max, gain.value) == (0.0, 1.0, 0.05)
    # £1,000,000 reinvested: 0 to £2,000,000 in steps of 10^floor(log10(2,000,000 / 200)).
    amount = ex.sliders["skill mix and reinvest.levers[6].amount"]
    assert (amount.min, amount.max, amount.step, amount.value) == (0.0, 2_000_000.0, 10_000.0, 1_000_000.0)


def test_slider_ranges():
    assert _slider_range("share", 0.4) == (0.0, 1.0, 0.01)
    assert _slider_range("factor", 2.0) == (0.0, 4.0, 0.01)
    # A unit cost of £23.50: up to £47 in 10p steps (47 / 200 = 0.235 -> 10^-1); £1.00: up to
    # £2 in pennies (10^-2 at the least).
    assert _slider_range("unit_cost", 23.5) == (0.0, 47.0, 0.1)
    assert _slider_range("unit_cost", 1.0) == (0.0, 2.0, 0.01)
    # Money: £0 given, up to £1,000 in £1 steps; £100 given, up to £200 still in whole pounds.
    assert _slider_range("amount", 0.0) == (0.0, 1000.0, 1.0)
    assert _slider_range("amount", 100.0) == (0.0, 200.0, 1.0)


def test_a_lever_set_past_what_it_may_do_is_said_not_raised(econ):
    ex = ct.explore(econ, "skill mix and reinvest")
    before = ex.result
    # The scenario releases £1,572,524; £1,000,000 + £400,000 are reinvested. £1,900,000 in
    # care planning asks for more than was released.
    ex.sliders["skill mix and reinvest.levers[6].amount"].value = 1_900_000
    assert ex.error is not None and "released" in ex.error
    assert ex.result is before
    assert "Not applied:" in ex.headline.value
    ex.sliders["skill mix and reinvest.levers[6].amount"].value = 900_000
    assert ex.error is None
    assert round(ex.result.reinvested, 2) == 1_300_000.0


def test_an_unknown_scenario_is_an_unknown_id(econ):
    with pytest.raises(ct.UnknownIdError):
        ct.explore(econ, "skil mix")


def test_without_ipywidgets_the_error_says_what_to_install(econ, monkeypatch):
    _explorer_class.cache_clear()
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    try:
        with pytest.raises(ImportError, match=r"pip install 'caretriangle\[explore\]'"):
            ct.explore(econ, "skill mix")
    finally:
        monkeypatch.undo()
        _explorer_class.cache_clear()
