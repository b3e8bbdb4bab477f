"""``ct.Options`` from Python, files, the workbook and the command line: the league table, the
PBMA lists and pairings, the curve against the budget and the Monte Carlo shares.

Figures: examples/options.toml (DESMOND, £82 and 0.0392 QALYs a person: Gillett et al., BMJ
2010;341:c4093; peer support ILLUSTRATIVE, £120 and 0.02 QALYs a person), and a small made-up
economy of one-person services whose options are one lever each.
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import openpyxl
import pytest

import caretriangle as ct
from caretriangle import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "options.toml")


def one_person_services(*services: tuple[str, float, float]) -> ct.Economy:
    """Services of one person each (id, unit cost £, QALYs a person); envelope £2,050."""
    return ct.Economy.from_dict(
        {
            "name": "options",
            "envelope": 2050,
            "price_year": "2023/24",
            "outcomes": [{"id": "qalys", "value": 150}],
            "services": [
                {
                    "id": s,
                    "corner": "nhs_self_management",
                    "provider": "general_practice",
                    "unit": "person",
                    "unit_cost": cost,
                    "activity": 1,
                    "units_per_person": 1,
                    "outcomes_per_person": {"qalys": q},
                }
                for s, cost, q in services
            ],
        }
    )


def scale(service: str, factor: float) -> list[dict[str, object]]:
    return [{"lever": "scale_activity", "service": service, "factor": factor}]


def test_league_table_of_options_given_every_way():
    # A (100, 1), B (300, 2), C (350, 1.5), D (−50, −1), E (500, 4), as in tests/options.rs:
    # C dominated by B; along D, baseline, A, B, E the ICERs are 50, 100, 200, 100, so B is
    # extendedly dominated by A and E; E against A: 400/3.
    econ = one_person_services(("a", 100, 1), ("b", 300, 2), ("c", 350, 1.5), ("d", 100, 2), ("e", 500, 4))
    opts = ct.Options(
        econ,
        [
            ct.Scenario("A").scale_activity("a", 2),
            ("B", scale("b", 2)),
            {"name": "C", "levers": scale("c", 2)},
            ("D", scale("d", 0.5)),
            ("E", scale("e", 2)),
        ],
        outcome="qalys",
    )
    t = opts.table()
    assert list(t.index) == ["D", "baseline", "A", "E", "B", "C"]
    assert t.loc["E", "icer"] == pytest.approx(400 / 3)
    assert t.loc["C", "standing"] == "dominated by `B`: costs £50.00 more and gains 0.5 less"
    assert t.loc["B", "standing"].startswith("extendedly dominated by `A` and `E`")
    # At the outcome's £150 a QALY: E 150 × 4 − 500 = 100.
    assert t.loc["E", "net_monetary_benefit"] == 100
    assert opts.to_frame().equals(t)
    # Headroom 2,050 − 1,350 = 700: A then E (cumulative 600); B would make 900.
    assert opts.budget == 700
    assert opts.best_affordable() == ["A", "E"]
    assert list(opts.curve()["cumulative_cost"]) == [100, 600, 900, 1250]


def test_pbma_and_curve_of_the_shipped_example():
    opts = ct.Options(ct.load_economy(EXAMPLE))
    assert opts.names == [
        "offer to 500 more",
        "offer to 1,000 more",
        "grow peer support",
        "close peer support",
    ]
    assert list(opts.wish_list().index) == ["offer to 500 more", "offer to 1,000 more", "grow peer support"]
    assert list(opts.hit_list().index) == ["close peer support"]
    # +500 on the course (£41,000, 19.6 QALYs) funded by closing peer support (releases
    # £60,000, loses 500 × 0.02 = 10 QALYs): net 9.6, £19,000 left.
    p = opts.pairings()
    assert list(p.index) == ["offer to 500 more"]
    assert p.loc["offer to 500 more", "funded_by"] == "close peer support"
    assert p.loc["offer to 500 more", "net_gain"] == pytest.approx(9.6)
    assert p.loc["offer to 500 more", "unspent"] == pytest.approx(19000)
    # Headroom 300,000 − 142,000: the steps cost 41,000, 41,000 and 60,000, all within it.
    assert opts.budget == 158000
    assert opts.best_affordable() == ["offer to 1,000 more", "grow peer support"]
    fig = opts.plot()
    assert fig.axes[0].get_lines()[-1].get_xdata()[0] == 158000  # the budget line
    assert "League table" in opts._repr_html_()


def test_keywords_override_the_file_and_a_smaller_budget_cuts_the_curve():
    # Within £50,000 only the first step (+500, £41,000) fits.
    opts = ct.Options(ct.load_economy(EXAMPLE), budget=50000, threshold=30000)
    assert opts.threshold == 30000
    assert opts.best_affordable() == ["offer to 500 more"]
    assert list(opts.curve()["budget"]) == ["within", "beyond", "beyond"]


def test_monte_carlo_shares_add_up_and_repeat_whatever_the_threads():
    d = ct.load_economy(EXAMPLE).to_dict()
    d["services"][1]["unit_cost"] = {"dist": "gamma", "mean": 120, "sd": 60}
    opts = ct.Options(ct.Economy.from_dict(d), budget=120000)
    one = opts.monte_carlo(2000, seed=3, sampling="lhs", threads=1)
    two = opts.monte_carlo(2000, seed=3, sampling="lhs", threads=2)
    assert one.equals(two)
    assert one["highest_net_benefit"].sum() == pytest.approx(1.0)
    # DESMOND's figures are certain: growing it by 1,000 (82,000 for 39.2 QALYs) is always on
    # the frontier's top and in the set (82,000 <= 120,000); peer support growth (500 × cost)
    # joins it when 82,000 + 500 × cost <= 120,000: cost <= £76 (below £41.80 it comes first,
    # and still fits). The gamma of mean 120 and sd 60 has shape 4 and scale 30:
    # P(cost <= 76) = P(Poisson(76/30) >= 4) = 1 − e^−2.5333 (1 + 2.5333 + 3.2089 + 2.7097)
    # = 0.2496; a Latin hypercube of 2,000 draws of one input hits it to about 1/2,000.
    assert one.loc["offer to 1,000 more", "in_best_affordable"] == 1.0
    assert one.loc["grow peer support", "in_best_affordable"] == pytest.approx(0.2496, abs=0.002)
    assert one.loc["baseline", "in_best_affordable"] == 0.0


def test_workbook_round_trip_of_the_league_table(tmp_path):
    opts = ct.Options(ct.load_economy(EXAMPLE))
    path = tmp_path / "options.xlsx"
    opts.to_excel(path)
    ws = openpyxl.load_workbook(path)["options"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    t = opts.table()
    assert header[0] == "option" and header[1:] == list(t.columns)
    for row in rows[1:]:
        name = row[0]
        for col, value in zip(header[1:], row[1:], strict=True):
            expected = t.loc[name, col]
            if isinstance(expected, str):
                assert (value or "") == expected
            elif expected != expected:  # NaN: a blank cell
                assert value is None
            else:
                assert value == pytest.approx(expected)


def test_command_line_prints_the_league_table_and_lists():
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli.main(["options", EXAMPLE, "--threshold", "20000"])
    assert code == 0
    text = out.getvalue()
    assert "League table" in text and "Wish list" in text and "Pairings" in text
    assert "Best affordable set: offer to 1,000 more, grow peer support" in text
