"""A summary whose rows are different outputs shows each row as what it is: people reached as
a count, the 0/1 over-envelope indicator (and a budget impact's pays-back) as a share, money
as £, in the notebook table, the command line and the workbook alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import caretriangle as ct
from caretriangle import display
from caretriangle._excel_write import MONEY_FORMAT, SHARE_FORMAT
from caretriangle.cli import format_table

SCENARIO = "skill mix"


@pytest.fixture(scope="module")
def result() -> ct.MonteCarloResult:
    return ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=2000, seed=1).run()


def test_the_summary_says_which_rows_are_counts_and_shares(result: ct.MonteCarloResult) -> None:
    df = result.summary()
    rows = df.attrs["row_kinds"]
    assert rows["key"] == "output"
    assert rows["columns"] == ["mean", "sd", "p2_5", "p50", "p97_5"]
    assert rows["kinds"]["people_reached"] == "count"
    assert rows["kinds"]["over_envelope_indicator"] == "share"
    assert rows["kinds"]["change"] == "money"
    # The columns' own kinds are as before: a column alone is money, prob_below_zero a share.
    assert df.attrs["kinds"]["mean"] == "money"
    cells = display.cell_kinds(df)
    assert cells.loc[(SCENARIO, "people_reached"), "mean"] == "count"
    assert cells.loc[(SCENARIO, "people_reached"), "p97_5"] == "count"
    assert cells.loc[(SCENARIO, "over_envelope_indicator"), "mean"] == "share"
    assert cells.loc[(SCENARIO, "change"), "sd"] == "money"
    assert cells.loc[(SCENARIO, "people_reached"), "prob_below_zero"] == "share"
    # A selection keeps the attrs, and the kinds follow the rows that are left.
    part = df.loc[[(SCENARIO, "people_reached"), (SCENARIO, "change")]]
    assert list(display.cell_kinds(part)["mean"]) == ["count", "money"]


def test_the_notebook_table_shows_people_reached_without_pounds(result: ct.MonteCarloResult) -> None:
    df = result.summary().loc[[(SCENARIO, "change"), (SCENARIO, "people_reached")]]
    html = display._table(df)
    people = df.loc[(SCENARIO, "people_reached"), "mean"]
    change = df.loc[(SCENARIO, "change"), "mean"]
    # display._number: a count >= 1 to one decimal with separators; money to the pound.
    assert f"<td>{people:,.1f}</td>" in html
    assert f"<td>{display.pounds(change)}</td>" in html
    assert display.pounds(people) not in html


def test_the_command_line_shows_people_reached_as_a_count(result: ct.MonteCarloResult) -> None:
    df = result.summary().loc[SCENARIO]  # one scenario: a row per output
    lines = {line.split()[0]: line for line in format_table(df).splitlines()[2:]}
    people = df.loc["people_reached", "mean"]
    assert f"{people:,.2f}" in lines["people_reached"]
    assert "£" not in lines["people_reached"]
    # The indicator's mean is the probability of spending over the envelope: a percentage.
    assert "£" not in lines["over_envelope_indicator"]
    assert re.search(r"\d%", lines["over_envelope_indicator"])
    assert "£" in lines["change"]


def test_the_workbook_formats_each_row_of_the_summary_by_its_output(
    result: ct.MonteCarloResult, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "mc.xlsx"
    result.to_excel(path)
    ws = openpyxl.load_workbook(path)["monte carlo"]
    headers = [c.value for c in ws[1]]
    mean, below = headers.index("mean") + 1, headers.index("prob_below_zero") + 1
    by_output = {(r[0].value, r[1].value): r[0].row for r in ws.iter_rows(min_row=2)}
    people = by_output[(SCENARIO, "people_reached")]
    over = by_output[(SCENARIO, "over_envelope_indicator")]
    change = by_output[(SCENARIO, "change")]
    assert ws.cell(people, mean).number_format not in (MONEY_FORMAT, SHARE_FORMAT)
    assert ws.cell(over, mean).number_format == SHARE_FORMAT
    assert ws.cell(change, mean).number_format == MONEY_FORMAT
    assert ws.cell(people, below).number_format == SHARE_FORMAT


def test_a_budget_monte_carlo_summary_shows_its_probability_and_ratio_as_such() -> None:
    econ = ct.examples.north_of_tyne()
    res = econ.budget_monte_carlo(econ.budget_impacts[0], iterations=1000, seed=1)
    cells = display.cell_kinds(res.summary())
    assert cells.loc["pays_back", "mean"] == "share"
    assert cells.loc["return_per_pound", "mean"] == "number"
    assert cells.loc["cumulative", "mean"] == "money"
    assert all(cells.loc[o, "p50"] == "money" for o in res.summary().index if o.startswith("net "))
