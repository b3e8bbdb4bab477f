"""`ct.incremental` shows in a notebook in the package's table styling (issue 14's leftover),
its values and columns the core's. Figures: the shipped DESMOND example (Gillett et al., BMJ
2010;341:c4093: £82 and 0.0392 QALYs a person; sources in examples/structured_education.toml).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import caretriangle as ct
from caretriangle import _core


def table() -> tuple[pd.DataFrame, pd.DataFrame]:
    econ = ct.examples.structured_education()
    more = econ.apply("offer to 1,000 more")
    half = econ.apply(ct.Scenario("half").scale_activity("desmond", 0.5))
    return ct.incremental([more, half], "qalys"), _core.incremental([more, half], "qalys")


def test_the_values_and_columns_are_the_cores():
    shown, core = table()
    assert isinstance(shown, pd.DataFrame)
    pd.testing.assert_frame_equal(pd.DataFrame(shown), core)
    assert shown.attrs["kinds"] == core.attrs["kinds"]
    # A slice is a plain DataFrame, shown as pandas shows one.
    assert type(shown.head(1)) is pd.DataFrame


def test_a_notebook_shows_money_as_pounds_and_the_frontier_in_words():
    html = table()[0]._repr_html_()
    assert "Incremental table on qalys" in html
    # half: 500 fewer people × £82 = −£41,000; its ICER to the baseline 41,000 / 19.6 = £2,092.
    assert "−£41,000" in html and "£2,092" in html
    assert "frontier in order of cost: half → baseline → offer to 1,000 more" in html
    assert 'class="dataframe caretriangle"' in html


def test_an_extendedly_dominated_option_is_set_aside_in_words():
    # examples/options.toml: DESMOND £82 and 0.0392 QALYs a person (sourced); peer support £120
    # and 0.02 QALYs (illustrative). Growing peer support by 500 costs £60,000 for 10 QALYs
    # (£6,000 a QALY from the baseline); 1,000 more on DESMOND cost £82,000 for 39.2: from peer
    # support on, £22,000 for 29.2 more (£753 a QALY), cheaper a QALY than peer support was, so
    # peer support is extendedly dominated by the baseline and DESMOND.
    econ = ct.load_economy(Path(__file__).resolve().parents[2] / "examples" / "options.toml")
    t = ct.incremental([econ.apply("offer to 1,000 more"), econ.apply("grow peer support")], "qalys")
    html = t._repr_html_()
    assert "frontier in order of cost: baseline → offer to 1,000 more" in html
    assert (
        "set aside: grow peer support (extendedly dominated by `baseline` and `offer to 1,000 more`)" in html
    )
