"""One way from a file to a result (issue 11): each step compiles the economy and its
scenarios once, and nothing inside the process goes through the file format's text.

`_core._work_counts()` gives how many plans (economy and scenarios compiled, which is how a
scenario is checked) and how many file texts (parsed or written) this thread has made.
"""

import caretriangle as ct
from caretriangle import _core

# The example keeps 3 scenarios and 1 budget impact, whose scenario is kept too.
KEPT_SCENARIOS = 3
KEPT_BUDGET_IMPACTS = 1


def counts_of(step):
    plans, texts = _core._work_counts()
    result = step()
    after = _core._work_counts()
    return result, (after[0] - plans, after[1] - texts)


def test_loading_checks_each_kept_scenario_and_budget_impact_once():
    text = ct.examples.north_of_tyne_toml()
    _, (plans, texts) = counts_of(lambda: ct.Economy.from_toml(text))
    assert texts == 1
    assert plans == KEPT_SCENARIOS + KEPT_BUDGET_IMPACTS


def test_an_apply_compiles_once_and_reads_no_text():
    econ = ct.examples.north_of_tyne()
    scn = ct.Scenario("skill mix").substitute("specialist_dietitian", "health_trainer", share=0.4)
    for scenario in ["skill mix", scn]:
        cmp, counts = counts_of(lambda s=scenario: econ.apply(s))
        assert counts == (1, 0)
    # 2,400 hours x (21.25 - 11.45): the applied scenario gave its figure.
    assert round(cmp.released, 2) == 23_520.0


def test_a_budget_impact_of_a_comparison_hands_the_scenario_over():
    # Before: a dict built in Rust, json.dumps'd, parsed, and a whole economy rebuilt with
    # the scenario added so that the budget model could find it by name.
    econ = ct.examples.north_of_tyne()
    scn = ct.Scenario("not kept").substitute("specialist_dietitian", "health_trainer", share=0.4)
    cmp = econ.apply(scn)
    bi, counts = counts_of(lambda: cmp.budget_impact("2025/26", years=3))
    assert counts == (1, 0)
    # -£23,520 a year from the first year (as the doctest of Comparison.budget_impact).
    assert bi.to_frame()["cumulative"].round(2).tolist() == [-23520.0, -47040.0, -70560.0]
    kept, counts = counts_of(lambda: econ.budget_impact(econ.budget_impacts[0]))
    assert counts == (1, 0)
    assert round(kept.to_frame().loc["2025/26", "net"]) == 631_747


def test_a_monte_carlo_study_is_built_from_the_objects():
    # Before: the economy serialised to JSON and parsed back to build the study's model.
    econ = ct.examples.north_of_tyne()
    mc, counts = counts_of(lambda: ct.MonteCarlo(econ, iterations=1000, seed=1))
    assert counts == (1, 0)
    # Shipping it elsewhere (pickling for a Dask worker) is what the text is for.
    import pickle

    again = pickle.loads(pickle.dumps(mc))
    assert again.run().summary().equals(mc.run().summary())


def test_a_pickled_budget_impact_of_an_unkept_scenario_comes_back_equal():
    import pickle

    econ = ct.examples.north_of_tyne()
    scn = ct.Scenario("not kept").substitute("specialist_dietitian", "health_trainer", share=0.4)
    bi = econ.apply(scn).budget_impact("2025/26", years=3, discount_rate=0.0)
    again = pickle.loads(pickle.dumps(bi))
    assert again == bi
    assert again.to_frame().equals(bi.to_frame())
    assert "not kept" not in econ.scenarios
