"""The ``caretriangle`` command: demo, run in three formats, validate."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

import caretriangle as ct
from caretriangle import cli

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "north_of_tyne.toml")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_demo_prints_baseline_skill_mix_and_reinvestment():
    code, out, _ = run("demo")
    assert code == 0
    assert "Moving 500 hours saves £4,900.00" in out
    assert "Baseline by corner" in out
    assert "Scenario: skill mix" in out
    assert "reinvest £1,400,000.00 of released money" in out


def test_run_json_has_every_scenario():
    code, out, _ = run("run", EXAMPLE, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc["scenarios"]) >= {"skill mix"}
    corner = doc["scenarios"]["skill mix"]["tables"]["by_corner"]
    assert corner[-1]["corner"] == "Total"


def test_run_csv_is_one_tidy_table():
    code, out, _ = run("run", EXAMPLE, "--scenario", "skill mix", "--format", "csv")
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    assert list(df.columns) == ["scenario", "table", "row", "column", "value"]
    assert set(df["scenario"]) == {"(baseline)", "skill mix"}


def test_validate_reports_the_line_of_a_bad_value(tmp_path):
    text = Path(EXAMPLE).read_text().replace("unit_cost = 466", "unit_cost = -466", 1)
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    code, _, err = run("validate", str(bad))
    assert code == 2
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "unit_cost = -466" in t)
    assert f"line {line}" in err and "unit_cost" in err and "-466" in err
    code, out, _ = run("validate", EXAMPLE)
    assert code == 0 and "valid" in out


def test_unknown_scenario_is_a_clear_error():
    code, _, err = run("run", EXAMPLE, "--scenario", "skil mix")
    assert code == 2 and "did you mean `skill mix`" in err


def test_tables_round_half_pennies_as_the_levers_descriptions_do():
    # £1,211.625 is exact in binary: Python's format rounds it to even (£1,211.62), the core's
    # reports away from zero (£1,211.63); the command line now says what the core says.
    out = cli.format_table(pd.DataFrame({"change": [1211.625, -23.5, -0.004]}))
    assert "£1,211.63" in out
    assert "-£23.50" in out
    assert "-£0.00" not in out and "£0.00" in out


BUDGET = "care planning and self-management, 2025/26 to 2029/30"
WORKBOOK = str(Path(EXAMPLE).with_suffix(".xlsx"))


def test_run_reports_the_files_budget_impacts_too():
    code, out, _ = run("run", EXAMPLE, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc["budget_impacts"]) == [BUDGET]
    bi = doc["budget_impacts"][BUDGET]
    assert bi["payback_year"] is None and bi["discount_rate"] == 0.035
    by_year = {r["year"]: r for r in bi["tables"]["budget_by_year"]}
    # The training, £150,000 at 2022/23 prices, uprated by NHSCII pay and prices 2023/24 (+4.31%):
    # 150,000 × 1.0431 = £156,465 in the first year.
    assert by_year["2025/26"]["one_off_costs"] == pytest.approx(156_465.0, abs=1e-6)
    code, out, _ = run("run", EXAMPLE)
    assert f"Budget impact: {BUDGET} (2023/24 prices)" in out and "Scenario: skill mix" in out


def test_run_with_a_budget_impact_only_runs_that_one():
    code, out, _ = run("run", EXAMPLE, "--budget-impact", BUDGET, "--format", "csv")
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    assert set(df["scenario"]) == {"(baseline)", BUDGET}
    assert {"budget_by_line", "budget_by_year", "budget_by_commissioner"} <= set(df["table"])


def test_an_unknown_budget_impact_is_named():
    code, out, err = run("run", EXAMPLE, "--budget-impact", "care planing")
    assert code == 2 and out == ""
    assert "budget impact `care planing`" in err and BUDGET in err


def test_validate_reads_the_workbook_template():
    code, out, _ = run("validate", WORKBOOK)
    assert code == 0
    assert out.startswith(f"{WORKBOOK}: valid: 14 services, 3 localities, 3 scenarios, 1 budget impacts")
    code, out, _ = run("run", WORKBOOK, "--scenario", "skill mix", "--format", "json")
    assert code == 0 and list(json.loads(out)["scenarios"]) == ["skill mix"]


def test_validate_names_the_scenario_at_fault_and_never_says_valid(tmp_path):
    # Reinvesting £99m of the £1,549,004 the levers before it release is refused when applied.
    text = Path(EXAMPLE).read_text().replace("amount = 1400000", "amount = 99000000", 1)
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    code, out, err = run("validate", str(bad))
    assert code == 2 and "valid" not in out
    assert f"error: {bad}: scenario `reinvest £1.4m`: levers[5].amount: reinvests £99,000,000.00" in err
    assert "1 of 4 scenarios and budget impacts failed" in err
    code, out, err = run("run", str(bad))
    assert code == 2 and out == "" and "scenario `reinvest £1.4m`: levers[5].amount" in err


def test_list_names_what_the_file_keeps():
    code, out, _ = run("list", EXAMPLE)
    assert code == 0
    assert (
        "\n  skill mix: Move 40% of specialist dietitian" in out and f"budget impacts:\n  {BUDGET}\n" in out
    )


def test_every_command_shows_an_example_and_the_exit_statuses():
    sub = next(a for a in cli._parser()._actions if a.dest == "command")
    assert set(sub.choices) >= {"demo", "run", "montecarlo", "validate", "list"}
    for name, parser in sub.choices.items():
        text = parser.format_help()
        assert "example:\n  caretriangle " + name in text, name
        assert "exit status:" in text and "130  interrupted" in text, name


def test_a_missing_file_is_exit_status_3_and_an_invalid_one_2(tmp_path):
    code, _, err = run("run", str(tmp_path / "missing.toml"))
    assert code == 3 and "missing.toml: No such file or directory" in err
    code, _, err = run("montecarlo", EXAMPLE, "--iterations", "0")
    assert code == 2 and "iterations" in err
    code, _, err = run(
        "montecarlo", EXAMPLE, "--iterations", "10", "--out", str(tmp_path / "no" / "s.parquet")
    )
    assert code == 3 and "No such file or directory" in err


def _mc(*args: str) -> dict:
    code, out, _ = run("montecarlo", EXAMPLE, "--format", "json", *args)
    assert code == 0
    return json.loads(out)


def test_montecarlo_reports_the_studys_figures_whatever_the_threads():
    doc = _mc("--iterations", "20000", "--seed", "3", "--sampling", "lhs", "--scenario", "skill mix")
    assert doc["study"]["iterations"] == 20000 and doc["study"]["sampling"] == "lhs"
    assert doc["study"]["scenarios"] == ["skill mix"]
    study = ct.MonteCarlo(
        ct.load_economy(EXAMPLE), scenarios=["skill mix"], iterations=20000, seed=3, sampling="lhs"
    )
    expected = study.run().scenario_summary().loc["skill mix"]
    row = next(r for r in doc["tables"]["by_scenario"] if r["scenario"] == "skill mix")
    assert row["mean_change"] == expected["mean_change"]
    # Every draw moves hours to a cheaper trainer: a saving in every iteration.
    assert row["prob_saving"] == 1.0
    one = _mc("--iterations", "20000", "--seed", "3", "--sampling", "lhs", "--threads", "1")
    two = _mc("--iterations", "20000", "--seed", "3", "--sampling", "lhs", "--threads", "2")
    assert one["tables"] == two["tables"]


def test_montecarlo_out_writes_what_the_python_run_gives(tmp_path):
    # The check, at 20,000 iterations rather than 100,000 to keep the suite quick.
    out = tmp_path / "s.parquet"
    code, text, err = run("montecarlo", EXAMPLE, "--iterations", "20000", "--seed", "9", "--out", str(out))
    assert code == 0 and f"every iteration written to {out}" in text
    assert "20,000 iterations, seed 9, random sampling" in err
    df = pd.read_parquet(out)
    res = ct.MonteCarlo(ct.load_economy(EXAMPLE), iterations=20000, seed=9).run()
    frame = res.to_frame()
    for scenario, output in res.columns:
        assert (df[f"{scenario}/{output}"].to_numpy() == frame[scenario, output].to_numpy()).all()
    code, text, _ = run("montecarlo", EXAMPLE, "--iterations", "20000", "--seed", "9", "--format", "csv")
    tidy = pd.read_csv(io.StringIO(text))
    assert list(tidy.columns) == ["scenario", "table", "row", "column", "value"]
