"""The optimiser from Python: the problem solved by hand in tests/data/optimise_small.toml
(worked in full in tests/optimise.rs), from keyword arguments and from the file's
``[optimise]`` section; the shipped North of Tyne example given outcomes, optimised for QALYs
within the envelope, through the triangle diagram and budget impact; and the typed errors.

The small problem: maximise 0.02a + 0.03b + 0.005c QALYs subject to 40a + 100b + 25c <= 100,000
(envelope), 25c >= 12,000 (community corner minimum), 0.75a + 0.5b <= 1,000 (practice nurse
hours), b <= 500. Optimum a = 11,200/11, b = 5,200/11, c = 480, 380/11 + 2.4 QALYs; shadow
prices 1/4,400 QALY a £ of envelope, 4/275 QALY a nurse hour, -3/110,000 QALY a £ of the
corner minimum.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

import caretriangle as ct

matplotlib.use("Agg")

SMALL = Path(__file__).resolve().parents[1] / "data" / "optimise_small.toml"


def small() -> ct.Economy:
    return ct.load_economy(SMALL)


def check_small(opt: ct.Optimum) -> None:
    assert opt.value == pytest.approx(380 / 11 + 2.4, rel=1e-9, abs=1e-9)
    acts = opt.activities()
    assert acts.loc["diabetes_review", "activity_after"] == pytest.approx(11200 / 11, rel=1e-9)
    assert acts.loc["care_planning", "activity_after"] == pytest.approx(5200 / 11, rel=1e-9)
    assert acts.loc["peer_support", "activity_after"] == pytest.approx(480, rel=1e-9)
    # 480 - 800 people: the corner falls to its minimum.
    assert acts.loc["peer_support", "activity_change"] == pytest.approx(-320, rel=1e-9)
    b = opt.binding()
    prices = b["shadow_price"]
    assert prices["the envelope of £100,000"] == pytest.approx(1 / 4400, rel=1e-9)
    assert prices["the 1,000 hours of practice nurse time"] == pytest.approx(4 / 275, rel=1e-9)
    minimum = "the community self management corner minimum of £12,000"
    assert prices[minimum] == pytest.approx(-3 / 110000, rel=1e-9)
    assert b.loc["the envelope of £100,000", "meaning"] == (
        "£1 more in the envelope buys 0.0002273 QALYs, an implied threshold of £4,400 a QALY"
    )


def test_small_problem_by_hand_from_python():
    opt = ct.optimise(
        small(),
        objective="qalys",
        corner_minimum={"community_self_management": 12000},
        floor="zero",
    )
    check_small(opt)
    assert opt.objective == "QALYs gained"
    assert opt.baseline_value == pytest.approx(33.0, abs=1e-12)


def test_small_problem_by_hand_from_the_file_section():
    check_small(small().optimise())


def test_the_optimum_flows_on_as_a_scenario():
    econ = small()
    opt = econ.optimise()
    assert opt.scenario.name == "Optimum for QALYs gained"
    res = econ.apply(opt.scenario, strict=True)
    assert res.total_after == pytest.approx(100_000, rel=1e-12)
    assert opt.result().total_after == res.total_after
    assert "Optimum: QALYs gained" in opt._repr_html_()


def test_staff_hours_from_python_move_the_optimum():
    # 1,100 nurse hours: 40a + 100b = 88,000 and 0.75a + 0.5b = 1,100 give
    # a = (1,100 - 0.5b)/0.75, 58,666.67 + 73.333b = 88,000, so b = 400, a = 1,200
    # (c stays at 480: the prices a £ are unchanged); QALYs 24 + 12 + 2.4 = 38.4.
    opt = small().optimise(
        objective="qalys",
        corner_minimum={"community_self_management": 12000},
        staff_hours={"practice_nurse": 1100},
    )
    assert opt.value == pytest.approx(38.4, rel=1e-9)


def north_of_tyne_with_qalys() -> ct.Economy:
    """The shipped example with its QALYs (£20,000 a QALY) at the rates this test's arithmetic
    was worked with: DESMOND 0.0392 a person (Gillett et al., BMJ 2010;341:c4093); health
    trainers 0.01 and care planning 0.005 a person (illustrative); no other service's."""
    d = ct.examples.north_of_tyne().to_dict()
    rates = {"structured_education": 0.0392, "health_trainer": 0.01}
    for s in d["services"]:
        s.pop("outcomes_per_person", None)
        s.pop("outcomes_per_unit", None)
        rate = rates.get(s["id"], 0.005 if s["id"].startswith("care_planning") else None)
        if rate is not None:
            s["outcomes_per_person"] = {"qalys": rate}
    return ct.Economy.from_dict(d)


def test_shipped_example_optimum_for_qalys_within_the_envelope():
    econ = north_of_tyne_with_qalys()
    opt = econ.optimise(objective="qalys", floor="baseline")
    # Headroom £257,760, every service at least at today. QALYs a £: DESMOND 0.0392/76, to its
    # capacity 3,500 (+500 people, £38,000, 19.6 QALYs); health trainers 0.01/(6 x £11.45), to
    # 5,000 hours (+3,000 hours, £34,350, 500 people, 5 QALYs); care planning 0.005/92 with
    # the remaining £185,410 (10.0766 QALYs).
    gain = 19.6 + 5 + 185_410 / 92 * 0.005
    assert opt.value - opt.baseline_value == pytest.approx(gain, rel=1e-9)
    b = opt.binding()
    assert b.loc["the envelope of £13,600,000", "shadow_price"] == pytest.approx(0.005 / 92, rel=1e-9)
    assert b.loc["the envelope of £13,600,000", "meaning"].endswith("an implied threshold of £18,400 a QALY")
    res = opt.result()
    assert res.total_after == pytest.approx(econ.envelope, rel=1e-12)
    assert res.over_envelope == 0
    fig = res.plot("triangle")
    assert fig.axes
    bi = res.budget_impact("2024/25", years=3)
    assert bi.to_frame().shape[0] >= 3


def test_options_chosen_from_python():
    econ = small()
    options = [
        ct.Scenario("more reviews").scale_activity("diabetes_review", 1.25),
        ct.Scenario("more care planning").scale_activity("care_planning", 1.2),
    ]
    # +£10,000 and +187.5 nurse hours (over the 100 left) against +£6,000, +30 hours, +1.8.
    exclusive = [["more reviews", "more care planning"]]
    opt = econ.optimise(options=options, objective="qalys", exclusive=exclusive)
    assert opt.options == [("more reviews", False), ("more care planning", True)]
    assert opt.value == pytest.approx(34.8, rel=1e-12)


def test_conflicting_constraints_raise_a_typed_error_naming_them():
    with pytest.raises(ct.InfeasibleError) as e:
        small().optimise(objective="qalys", corner_minimum={"community_self_management": 120000})
    assert str(e.value) == (
        "no plan meets every constraint: the envelope of £100,000 and the community self "
        "management corner minimum of £120,000 cannot all hold"
    )
    assert isinstance(e.value, ct.OptimiseError)
    assert isinstance(e.value, ValueError)


def test_an_unlimited_service_raises_unbounded():
    d = small().to_dict()
    d["services"][2]["unit_cost"] = 0
    with pytest.raises(ct.UnboundedError, match="nothing limits peer_support"):
        ct.Economy.from_dict(d).optimise()


def test_bad_arguments_name_their_field():
    with pytest.raises(ct.UnknownIdError, match="objective: unknown outcome `qualys`"):
        small().optimise(objective="qualys")
    typo = "unknown key `corner_minimun`; did you mean `corner_minimum`"
    with pytest.raises(ct.FileFormatError, match=typo):
        small().optimise(objective="qalys", corner_minimun={"clinical": 1})
    with pytest.raises(ct.InvalidValueError, match="objective must be"):
        ct.examples.north_of_tyne().optimise()


def test_the_optimum_runs_through_monte_carlo():
    # The shipped example's unit costs are uncertain: the plan that fills the envelope at the
    # mean unit costs is over it in about half the draws, and within it in the rest.
    econ = north_of_tyne_with_qalys()
    opt = econ.optimise(objective="qalys", floor="baseline")
    mc = ct.MonteCarlo(econ, scenarios=[opt.scenario], iterations=4000, seed=7).run()
    p_over = mc.scenario_summary().loc[opt.scenario.name, "prob_over_envelope"]
    assert 0.05 < p_over < 0.95


def cli(*args: str) -> tuple[int, str, str]:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from caretriangle import cli as command

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = command.main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_cli_prints_the_plan_objective_and_binding_constraints():
    code, out, _ = cli("optimise", str(SMALL))
    assert code == 0
    assert out.startswith("Optimum for QALYs gained in Optimiser by hand: 36.9455 QALY (today 33)")
    assert "- the envelope of £100,000: £1 more in the envelope buys 0.0002273 QALYs" in out
    assert "- the 1,000 hours of practice nurse time: an hour more of practice nurse time" in out


def test_cli_json_and_csv_and_the_floor_flag():
    import io
    import json

    import pandas as pd

    code, out, _ = cli("optimise", str(SMALL), "--format", "json", "--floor", "baseline")
    assert code == 0
    doc = json.loads(out)
    assert doc["optimum"]["value"] == pytest.approx(360 / 11 + 4, rel=1e-9)
    code, out, _ = cli("optimise", str(SMALL), "--format", "csv")
    df = pd.read_csv(io.StringIO(out))
    row = df[(df["table"] == "binding") & (df["column"] == "shadow_price")]
    assert row["value"].iloc[0] == pytest.approx(1 / 4400, rel=1e-9)


def test_cli_exits_2_on_conflicting_constraints(tmp_path):
    text = SMALL.read_text().replace("= 12000 }", "= 120000 }")
    path = tmp_path / "conflict.toml"
    path.write_text(text)
    code, _, err = cli("optimise", str(path))
    assert code == 2
    assert "the envelope of £100,000 and the community self management corner minimum" in err


UNCERTAIN = Path(__file__).resolve().parents[1] / "data" / "optimise_uncertain.toml"


def test_the_optimal_plan_through_monte_carlo_by_hand():
    # tests/data/optimise_uncertain.toml (worked in tests/optimise_uncertain.rs): education at
    # its capacity of 80, peer support at 20, £9,000 of the £10,000 envelope and 3.4 QALYs.
    # Education's unit cost c ~ Uniform(80, 120): the plan's spend 80c + 1,000 is over the
    # envelope when c > 112.5, so it keeps to it with probability (112.5 - 80) / 40 = 0.8125;
    # a Latin hypercube of N draws counts that to within 1/N.
    econ = ct.load_economy(UNCERTAIN)
    opt = econ.optimise()
    risk = opt.monte_carlo(20_000, seed=3)
    assert abs(risk.within_envelope - 0.8125) <= 1 / 20_000
    assert risk.mean == pytest.approx(3.4, abs=1e-12)
    assert risk.low == pytest.approx(3.4, abs=1e-12)
    assert risk.high == pytest.approx(3.4, abs=1e-12)
    assert risk.iterations == 20_000
    assert risk.objective == "QALYs gained"
    assert risk.words.startswith("The plan stays within the envelope in 81.2% of 20000 draws")
    # The run is the plan's MonteCarloResult: its probability over the envelope agrees.
    summary = risk.monte_carlo.scenario_summary()
    p_over = summary.loc[opt.scenario.name, "prob_over_envelope"]
    assert p_over == pytest.approx(1 - risk.within_envelope, abs=1e-12)
    # Net benefit at £20,000 a QALY: 68,000 - (80c + 1,000); mean 59,000, 2.5% at c = 119
    # (57,480) and 97.5% at c = 81 (60,520), each to within a slice or two of 40/N in c, x 80.
    nb = econ.optimise(objective="net_benefit").monte_carlo(20_000, seed=3, threads=1)
    assert nb.mean == pytest.approx(59_000, abs=0.5)
    assert nb.low == pytest.approx(57_480, abs=0.5)
    assert nb.high == pytest.approx(60_520, abs=0.5)


def test_the_plan_through_monte_carlo_names_bad_arguments():
    opt = ct.load_economy(UNCERTAIN).optimise()
    with pytest.raises(ct.InvalidValueError, match="iterations"):
        opt.monte_carlo(0)
    with pytest.raises(ct.InvalidValueError, match="sampling"):
        opt.monte_carlo(100, sampling="grid")  # type: ignore[arg-type]
