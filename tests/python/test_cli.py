"""The ``caretriangle`` command: demo, run in three formats, validate."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd

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
