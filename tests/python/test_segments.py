"""Population segments and the `target` lever from Python, files and workbooks.

Figures: non-elective spells for diabetes with hyperglycaemic disorders (KB02) at £1,749 a
spell (National Cost Collection 2023/24, as in the shipped example); 1,000 spells a year, the
top 7% at risk taking 45% of them, and 10% fewer among the 80% supported are illustrative (issue
13's case).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import caretriangle as ct

TOML = """name = "Segments (illustrative)"
envelope = 5000000
price_year = "2023/24"

[[services]]
id = "admissions"
corner = "clinical"
provider = "acute_trust"
unit = "spell"
unit_cost = 1749
activity = 1000

[[segments]]
id = "top_7pct_risk"
name = "Top 7% at risk of unscheduled care"
share = 0.07
use = { admissions = 0.45 }

[[scenarios]]
name = "integrated team"

[[scenarios.levers]]
lever = "target"
segment = "top_7pct_risk"
service = "admissions"
effect = -0.10
coverage = 0.8
"""


def test_a_file_targets_a_segment() -> None:
    econ = ct.Economy.from_toml(TOML)
    assert econ.segments[0]["use"] == {"admissions": 0.45}
    res = econ.apply("integrated team")
    # 1,000 x 0.45 x 0.8 x -0.10 = -36 spells; x £1,749 = £62,964 released.
    assert res.by("service").loc["admissions", "activity_after"] == pytest.approx(964, abs=1e-9)
    assert res.released == pytest.approx(62_964, abs=1e-6)
    assert res.change == pytest.approx(-62_964, abs=1e-6)


def test_from_python_the_same_as_scaling_at_the_average_rate() -> None:
    econ = ct.Economy.from_toml(TOML.replace("admissions = 0.45", "admissions = 0.07"))
    targeted = econ.apply(ct.Scenario("t").target("top_7pct_risk", "admissions", effect=-0.1, coverage=0.8))
    scaled = econ.apply(ct.Scenario("s").scale_activity("admissions", 1 + 0.07 * 0.8 * -0.1))
    assert targeted.total_after == scaled.total_after


def test_segments_and_targets_round_trip_through_dicts_and_workbooks(tmp_path: Path) -> None:
    econ = ct.Economy.from_toml(TOML)
    assert ct.Economy.from_dict(econ.to_dict()) == econ
    path = tmp_path / "segments.xlsx"
    econ.to_excel(path)
    assert ct.read_excel(path) == econ
