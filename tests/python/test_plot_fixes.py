"""What the plots say, checked on the artists: unique money ticks, titles that name the
scenario, inputs in words, an arrow for new money, an honest price year, whole £0 ticks.

Figures: the shipped North of Tyne example (sources in examples/north_of_tyne.toml).
"""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Annotation

import caretriangle as ct
from caretriangle.plotting import money, price_note
from caretriangle.plotting._common import _money_axis

matplotlib.use("Agg")

SHARE = "skill mix.levers[0].share"
SHARE_LABEL = "skill mix: share of specialist dietitian hours moved to health trainer"


@pytest.fixture(scope="module")
def econ() -> ct.Economy:
    return ct.examples.north_of_tyne()


@pytest.fixture(scope="module")
def mc(econ):
    return ct.MonteCarlo(econ, iterations=2_000, seed=5).run()


def drawn(fig):
    """The figure laid out and drawn on an Agg canvas (plots are made without pyplot)."""
    FigureCanvasAgg(fig).draw()
    return fig


def inside_figure(fig, artist) -> bool:
    """The artist is drawn whole, within the figure's canvas."""
    box = artist.get_window_extent(fig.canvas.get_renderer())
    width, height = fig.canvas.get_width_height()
    return box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def test_waterfall_ticks_are_unique_and_its_label_whole(econ):
    # "skill mix" changes spend by 2,400 h x (11.45 - 21.25) = -£23,520 on £13,342,240: ticks
    # £5k apart, which two places of £m wrote as £13.34m twice.
    fig = drawn(econ.apply("skill mix").plot("waterfall"))
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(ticks) >= 3
    assert len(set(ticks)) == len(ticks), ticks
    assert "£13.340m" in ticks
    assert inside_figure(fig, fig.axes[0].yaxis.label)
    # The envelope, £257,760 of headroom above the bars, is written in the corner, not drawn.
    assert "Envelope £13.60m, above the axis" in texts(fig)


def test_waterfall_draws_the_envelope_when_near(econ):
    # 13,600,000 is within a span (1.57m released) of the bars' top, 13,342,240.
    fig = econ.apply("skill mix and reinvest").plot("waterfall")
    assert "Envelope £13.60m" in texts(fig)
    low, high = fig.axes[0].get_ylim()
    assert low < 13_600_000 < high


def test_money_axis_adds_places_only_as_needed():
    fig = matplotlib.figure.Figure()
    ax = fig.add_subplot()
    _money_axis(ax.yaxis)
    formatter = ax.yaxis.get_major_formatter()
    assert formatter.format_ticks([13_335_000, 13_340_000]) == ["£13.335m", "£13.340m"]
    assert formatter.format_ticks([1_000_000, 2_000_000]) == ["£1.00m", "£2.00m"]
    assert formatter(-23_520) == money(-23_520) == "−£23.5k"


def test_tornado_names_the_scenario_and_its_inputs_in_words(mc):
    t = mc.tornado("change", scenario="skill mix")
    assert t.scenario == "skill mix"
    df = t.to_frame()
    # The names files and APIs are keyed by stay as they were; the label is beside them.
    assert df.loc[SHARE, "label"] == SHARE_LABEL
    fig = t.plot(top=3)
    assert fig.axes[0].get_title() == "skill mix: tornado of change"
    ticks = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert SHARE_LABEL in ticks
    assert not any("levers[" in tick for tick in ticks)


def test_tornado_without_a_scenario_says_which_it_used(mc):
    # Four scenarios ran (baseline and three); the first scenario is the one studied, and
    # the title says so rather than leaving it unsaid.
    t = mc.tornado("change")
    assert t.scenario == "skill mix"
    assert t.plot().axes[0].get_title() == "skill mix: tornado of change"
    other = mc.tornado("change", scenario="reinvest £1.4m")
    assert other.plot().axes[0].get_title() == "reinvest £1.4m: tornado of change"
    # The notebook's table says it too.
    assert "Tornado of change (reinvest £1.4m)" in other._repr_html_()


def test_sobol_names_the_scenario_and_its_inputs_in_words(mc):
    s = mc.sobol("change", scenario="skill mix", n=256)
    assert s.scenario == "skill mix"
    assert s.to_frame().loc[SHARE, "label"] == SHARE_LABEL
    fig = s.plot()
    assert fig.axes[0].get_title() == "skill mix: Sobol indices of change"
    assert "Sobol indices of change (skill mix)" in s._repr_html_()
    ticks = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert SHARE_LABEL in ticks


def test_sobol_of_a_model_of_ones_own_has_no_scenario():
    import numpy as np

    rows = ct.saltelli_sample(2, 64, seed=1)
    y = rows[:, 0] + 2 * rows[:, 1]
    s = ct.sobol_analyze(y, 2, names=["a", "b"], output="y")
    assert s.scenario == ""
    assert list(s.to_frame()["label"]) == ["a", "b"]
    assert s.plot().axes[0].get_title() == "Sobol indices of y"
    assert np.isfinite(s.st).all()


def test_new_money_comes_in_with_an_arrow(econ):
    scenario = ct.Scenario("new money").reinvest(300_000, "health_trainer", source="new")
    fig = econ.apply(scenario).plot()
    arrows = [
        a for a in fig.axes[0].texts if isinstance(a, Annotation) and a.get_text().startswith("New money")
    ]
    assert len(arrows) == 1
    assert arrows[0].get_text() == "New money £300.0k\nfrom outside the envelope"
    assert arrows[0].arrow_patch is not None
    # Without new money there is no such arrow.
    assert not [t for t in texts(econ.apply("skill mix").plot()) if t.startswith("New money")]


def test_triangle_states_the_price_year_as_the_economy_tells_it(econ):
    note = " ".join(t.replace("\n", " ") for t in texts(econ.apply("skill mix").plot()) if "prices" in t)
    # The YOC rates (c. 2010/11) and DESMOND's £76 (year not stated) are counted at face value
    # in a 2023/24 economy; the note says so instead of calling them 2023/24 prices.
    assert note == price_note(econ)
    assert note.startswith("£ a year at 2023/24 prices, the economy's price year;")
    assert "specialist dietitian (2010/11)" in note
    assert "health trainer (2010/11)" in note
    assert "structured education (year not stated)" in note
    # PSSRU figures at 2023/24 prices are not listed.
    assert "ae attendances" not in note


def test_price_note_of_an_economy_of_one_price_year():
    econ = ct.Economy.from_dict(
        {
            "name": "one",
            "envelope": 1000,
            "price_year": "2023/24",
            "services": [
                {
                    "id": "ae_attendances",
                    "corner": "clinical",
                    "provider": "acute_trust",
                    "unit": "attendance",
                    "unit_cost": 273,
                    "activity": 2,
                    "source": "PSSRU 2024, Table 6.1.1: A&E attendance £273, 2023/24 prices.",
                }
            ],
        }
    )
    assert price_note(econ) == "£ a year at 2023/24 prices, the economy's price year."


def test_histogram_keeps_its_zero_tick_whole(mc):
    # Every "skill mix" iteration saves money, so £0 is the right edge of the data.
    fig = drawn(mc.plot("change", scenario="skill mix"))
    ax = fig.axes[0]
    left, right = ax.get_xlim()
    # A margin right of £0 of a twentieth of the data's range: at least 0.05 / 1.05 of the
    # widened axis.
    assert right >= 0.047 * (right - left)
    zero = [t for t in ax.get_xticklabels() if t.get_text() == "£0"]
    assert len(zero) == 1
    assert inside_figure(fig, zero[0])


def test_input_labels_beside_input_names(econ, mc):
    study = ct.MonteCarlo(econ, iterations=10)
    assert len(study.input_labels) == len(study.input_names) == 10
    assert dict(zip(mc.input_names, mc.input_labels, strict=True))[SHARE] == SHARE_LABEL
    assert mc.input_labels == study.input_labels
