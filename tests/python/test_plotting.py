"""Every plot renders to a PNG that is not blank, through the objects' .plot() methods and
the plotting functions, on the shipped example (Agg backend, no display)."""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pandas as pd
import pytest

import caretriangle as ct
from caretriangle import plotting

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def econ() -> ct.Economy:
    return ct.examples.north_of_tyne()


@pytest.fixture(scope="module")
def mc(econ):
    return ct.MonteCarlo(econ, iterations=2_000, seed=5).run()


def pixels(fig) -> np.ndarray:
    """The figure as RGBA pixels, read back from a PNG."""
    from matplotlib.image import imread

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)
    buf.seek(0)
    return imread(buf, format="png")


def assert_drawn(fig) -> None:
    img = pixels(fig)
    # A blank canvas is one colour: variance 0. Bars, lines and text give a spread of
    # pixel values well above that.
    assert img.shape[0] > 100 and img.shape[1] > 100
    assert img[..., :3].std() > 0.05


def test_triangle_of_a_comparison_and_an_economy(econ):
    cmp = econ.apply("skill mix and reinvest")
    fig = cmp.plot()
    assert_drawn(fig)
    texts = [t.get_text() for t in fig.axes[0].texts]
    # Left: £1,000,000 reinvested in care planning from clinical care (the £1.0m of the
    # scenario); right: health-trainer hours 2,400 × £11.45 = £27,480 plus £400,000 of social
    # prescribing = £427,480, both read in the flows table.
    assert "Left: £1.00m" in texts
    assert "Right: £427.5k" in texts
    assert "Floor: no money moved" in texts
    assert any(t.startswith("Traditional clinical care") for t in texts)
    assert_drawn(econ.plot("triangle"))


def test_triangle_point_is_the_share_weighted_corner(econ):
    # All spend in one corner puts the point on that corner; spend split equally between
    # two corners puts it halfway along the side between them.
    assert plotting._xy(
        {"clinical": 1, "nhs_self_management": 0, "community_self_management": 0}
    ) == pytest.approx(plotting.CORNER_XY["clinical"])
    assert plotting._xy(
        {"clinical": 0, "nhs_self_management": 2, "community_self_management": 2}
    ) == pytest.approx((0.5, 0.0))


def test_waterfall_bars_add_up(econ):
    cmp = econ.apply("skill mix and reinvest")
    fig = cmp.plot("waterfall")
    assert_drawn(fig)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["Baseline", "Released", "Reinvested", "New money", "Scenario"]
    heights = [p.get_height() for p in ax.patches]
    # Baseline − released + reinvested + new money = scenario: 13,342,240 − 1,572,524 +
    # 1,400,000 + 0 = 13,169,716 (the summary table).
    assert heights[0] - heights[1] + heights[2] + heights[3] == pytest.approx(heights[4])
    assert heights[4] == pytest.approx(13_169_716)


def test_unit_costs_and_localities(econ):
    u = ct.compare_unit_costs(econ.service("specialist_dietitian"), econ.service("health_trainer"), units=500)
    fig = u.plot()
    assert_drawn(fig)
    assert [a.get_title() for a in fig.axes] == ["£ per hour", "£ per person", "hours per £1,000"]
    # £21.25 and £11.45 an hour (YOC brief).
    assert [p.get_height() for p in fig.axes[0].patches] == pytest.approx([21.25, 11.45])
    fig = plotting.unit_costs(u, measures=["cost_per_unit"], ax=fig.axes[0])
    with pytest.raises(ValueError, match="one Axes per measure"):
        plotting.unit_costs(u, ax=fig.axes[0])
    assert_drawn(econ.plot("localities"))
    fig = econ.apply("reinvest £1.4m").plot("localities")
    assert_drawn(fig)
    assert len(fig.axes[0].patches) == 6  # three localities, before and after


def test_plot_kind_is_checked(econ):
    with pytest.raises(ct.InvalidValueError, match="kind"):
        econ.apply("skill mix").plot("pie")


def test_monte_carlo_hist_and_cdf(mc):
    for kind in ("hist", "cdf"):
        fig = mc.plot("change", scenario="skill mix", kind=kind)
        assert_drawn(fig)
    fig = mc.plot("total", scenario="baseline", envelope=13_600_000)
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert "Envelope £13.60m" in labels
    with pytest.raises(ValueError, match="kind"):
        mc.plot("change", kind="violin")


def test_tornado_and_sobol(mc):
    t = mc.tornado("change", scenario="skill mix")
    fig = t.plot()
    assert_drawn(fig)
    assert len(fig.axes[0].get_yticklabels()) == min(12, len(t.to_frame()))
    s = mc.sobol("change", scenario="skill mix", n=256)
    fig = s.plot()
    assert_drawn(fig)
    assert len(fig.axes[0].patches) == 2 * len(s.to_frame())


class BudgetImpactStandIn:
    """The interface of the coming BudgetImpact: a frame indexed by financial year."""

    def __init__(self) -> None:
        net = [120_000.0, -50_000.0, -80_000.0]
        disc = [n / 1.035**i for i, n in enumerate(net)]
        self.frame = pd.DataFrame(
            {
                "net": net,
                "cumulative": np.cumsum(net),
                "discounted_net": disc,
                "discounted_cumulative": np.cumsum(disc),
            },
            index=pd.Index(["2025/26", "2026/27", "2027/28"], name="year"),
        )

    def to_frame(self) -> pd.DataFrame:
        return self.frame


def test_budget_impact_against_its_interface():
    bi = BudgetImpactStandIn()
    fig = plotting.budget_impact(bi)
    assert_drawn(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2025/26", "2026/27", "2027/28"]
    assert [p.get_height() for p in ax.patches] == pytest.approx([120_000, -50_000, -80_000])
    fig = plotting.budget_impact(bi, discounted=True)
    # −50,000 / 1.035 = −48,309.18 (one year's discounting at 3.5%).
    assert fig.axes[0].patches[1].get_height() == pytest.approx(-48_309.18, abs=0.01)


def test_money_labels():
    assert plotting.money(1_400_000) == "£1.40m"
    assert plotting.money(-172_524) == "−£172.5k"
    assert plotting.money(11.45) == "£11.45"
    assert plotting.money(0) == "£0"


@pytest.fixture(scope="module")
def budget(econ):
    return econ.budget_impact("care planning and self-management, 2025/26 to 2029/30")


def test_budget_impact_of_the_shipped_example(budget):
    fig = budget.plot()
    assert_drawn(fig)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "2025/26",
        "2026/27",
        "2027/28",
        "2028/29",
        "2029/30",
    ]
    heights = [p.get_height() for p in ax.patches]
    # 2025/26, before any effect (they lag a year): care planning £65,508.60 + £105,390.60 +
    # £139,485.80 (the three localities' rows of by_line) + health trainers £64,897.455 +
    # training £150,000 × 1.0431 (NHSCII 2022/23 to 2023/24) = £156,465 + coordination £60,000
    # + double running £40,000 = £631,747.455.
    assert heights[0] == pytest.approx(631_747.455)
    assert heights == pytest.approx(budget.to_frame()["net"].tolist())
    # Every year is a net cost: every bar is drawn in the cost colour and the cumulative line ends
    # at the cumulative net impact.
    assert all(h > 0 for h in heights)
    assert ax.lines[0].get_ydata()[-1] == pytest.approx(budget.to_frame()["cumulative"].iloc[-1])
    assert_drawn(plotting.budget_impact(budget, discounted=True))


def test_budget_monte_carlo_distribution(econ, budget):
    res = econ.budget_monte_carlo(budget.name, iterations=1_000, seed=3)
    fig = res.plot()
    assert_drawn(fig)
    ax = fig.axes[0]
    labels = ax.get_legend_handles_labels()[1]
    # No iteration pays back within the five years: the payback line at £0 is drawn with P = 0.0%.
    assert res.probability_of_payback == 0.0
    assert "Payback: £0 (P = 0.0%)" in labels
    assert any(list(line.get_xdata()) == [0, 0] for line in ax.lines)
    # The histogram holds every iteration.
    assert sum(p.get_height() for p in ax.containers[0]) == 1_000
    assert_drawn(plotting.budget_monte_carlo(res, discounted=True))
    no_samples = econ.budget_monte_carlo(budget.name, iterations=100, seed=3, keep_samples=False)
    with pytest.raises(ValueError, match="keep_samples"):
        no_samples.plot()
