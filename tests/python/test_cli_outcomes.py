"""The command line reports outcomes (issue 14): `run` prints each outcome before, after and
gained, its ICER and net benefit at a threshold, in tables, JSON and CSV; `montecarlo` adds
the CEAC and the EVPI where the economy counts outcomes.

Figures: DESMOND (Gillett et al., BMJ 2010;341:c4093): £82 more and 0.0392 QALYs a person,
examples/structured_education.toml (1,000 people a year, the scenario 1,000 more)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from caretriangle import cli

ROOT = Path(__file__).resolve().parents[2]
DESMOND = str(ROOT / "examples" / "structured_education.toml")
EXAMPLE = str(ROOT / "examples" / "north_of_tyne.toml")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_run_prints_outcomes_icer_and_net_benefit() -> None:
    code, out, _ = run("run", DESMOND)
    assert code == 0
    assert "Outcomes (gain: the fall, where less is better)" in out
    # 1,000 then 2,000 people at 0.0392 QALYs: 39.20 before, 78.40 after, 39.20 gained.
    line = next(x for x in out.splitlines() if x.startswith("qalys ") and "QALYs gained" in x)
    assert line.split()[-4:] == ["39.20", "78.40", "39.20", "39.20"]
    # ICER £82,000 / 39.2 = £2,091.84; NMB at the outcome's £20,000: 20,000 × 39.2 − 82,000.
    ce = next(x for x in out.splitlines() if x.startswith("qalys ") and "£" in x)
    assert "£2,091.84" in ce and "£20,000.00" in ce and "£702,000.00" in ce
    assert "qalys: costs £2,091.84 more a QALY gained" in out


def test_run_threshold_changes_the_net_benefit_and_a_bad_one_is_refused() -> None:
    code, out, _ = run("run", DESMOND, "--format", "json", "--threshold", "1000")
    assert code == 0
    (ce,) = json.loads(out)["scenarios"]["offer to 1,000 more"]["tables"]["cost_effectiveness"]
    # 1,000 × 39.2 − 82,000 = −42,800: not worth it at £1,000 a QALY.
    assert ce["threshold"] == 1000
    assert ce["net_monetary_benefit"] == pytest.approx(-42_800)
    assert ce["icer"] == pytest.approx(82_000 / 39.2)
    code, out, err = run("run", DESMOND, "--threshold", "-1")
    assert code == 2
    assert out == ""  # refused before anything is printed
    assert "threshold" in err and "-1" in err


def test_run_csv_has_the_outcome_tables() -> None:
    code, out, _ = run("run", DESMOND, "--format", "csv")
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    nmb = df[(df["table"] == "cost_effectiveness") & (df["column"] == "net_monetary_benefit")]
    assert float(nmb["value"].iloc[0]) == pytest.approx(702_000)
    gain = df[(df["table"] == "outcomes") & (df["column"] == "gain") & (df["row"] == "qalys")]
    assert float(gain["value"].iloc[0]) == pytest.approx(39.2)


def test_outcomes_without_a_value_get_an_icer_and_no_net_benefit() -> None:
    code, out, _ = run("run", EXAMPLE, "--scenario", "reinvest £1.4m", "--format", "json")
    assert code == 0
    rows = json.loads(out)["scenarios"]["reinvest £1.4m"]["tables"]["cost_effectiveness"]
    admissions = next(r for r in rows if r["outcome"] == "admissions")
    # 700 spells × (1 − 0.93) = 49 admissions avoided; the scenario saves £149,004.
    assert admissions["gain"] == pytest.approx(49)
    assert admissions["icer"] == pytest.approx(-149_004 / 49)
    assert admissions["threshold"] is None and admissions["net_monetary_benefit"] is None


def test_montecarlo_prints_the_ceac_and_the_evpi() -> None:
    code, out, _ = run("montecarlo", EXAMPLE, "--iterations", "2000", "--seed", "1")
    assert code == 0
    assert "Outcomes (totals, and gains against the baseline)" in out
    assert "Expected value of perfect information per decision" in out
    assert "Probability of the highest net benefit, qalys" in out
    # Outcome counts are numbers, not £; net benefit is £.
    counts = out.split("Outcomes (totals")[1].split("Expected value")[0]
    qalys = next(x for x in counts.splitlines() if x.startswith("skill mix") and " qalys " in x)
    assert "£" not in qalys and float(qalys.split()[3].replace(",", "")) > 0
    money = out.split("Money by scenario")[1].split("People reached")[0]
    assert "£" in next(x for x in money.splitlines() if "net_benefit_qalys" in x)


def test_montecarlo_json_ceac_sums_to_one() -> None:
    code, out, _ = run("montecarlo", EXAMPLE, "--iterations", "1000", "--seed", "2", "--format", "json")
    assert code == 0
    tables = json.loads(out)["tables"]
    options = ["baseline", "skill mix", "reinvest £1.4m", "skill mix and reinvest"]
    for row in tables["ceac_qalys"]:
        assert sum(row[o] for o in options) == pytest.approx(1.0)
    (evpi,) = tables["evpi"]
    assert evpi["outcome"] == "qalys" and evpi["threshold"] == 20_000 and evpi["evpi"] >= 0


def test_montecarlo_out_leaves_the_ceac_out_and_says_so(tmp_path: Path) -> None:
    out_file = tmp_path / "samples.parquet"
    code, out, _ = run("montecarlo", EXAMPLE, "--iterations", "500", "--out", str(out_file))
    assert code == 0 and out_file.exists()
    assert "CEAC and EVPI: not worked out with --out or over 1,000,000 iterations" in out
    assert "Probability of the highest net benefit" not in out
