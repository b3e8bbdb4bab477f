"""The optimiser's ``gap`` for a choice among options, from Python, a file, a workbook and the
command line (what it guarantees is tested in tests/optimise_gap.rs). Figures: the DESMOND
options of examples/options.toml (sources in the file): offering the course to 1,000 more and
growing peer support is the best affordable set (docs/optimise.md), which a search with any gap
proves at once on three options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import caretriangle as ct
from caretriangle import cli

OPTIONS = Path(__file__).resolve().parents[2] / "examples" / "options.toml"
QUESTION = """
[optimise]
objective = "qalys"
options = ["offer to 500 more", "offer to 1,000 more", "grow peer support"]
exclusive = [["offer to 500 more", "offer to 1,000 more"]]
gap = 0.01
"""


def chosen(opt: ct.Optimum) -> list[str]:
    return [name for name, adopted in opt.options if adopted]


def test_a_gap_from_python_keeps_the_best_set_and_says_how_sure() -> None:
    edu = ct.load_economy(OPTIONS)
    names = ["offer to 500 more", "offer to 1,000 more", "grow peer support"]
    exact = edu.optimise(options=names, objective="qalys", exclusive=[names[:2]])
    near = edu.optimise(options=names, objective="qalys", exclusive=[names[:2]], gap=0.01)
    assert chosen(exact) == chosen(near) == ["offer to 1,000 more", "grow peer support"]
    assert exact.gap == 0.0 and exact.proof == "the proven best"
    assert 0.0 <= near.gap <= 0.01
    assert "the proven best" in repr(exact) and "the proven best" in exact._repr_html_()


def test_a_gap_in_the_file_survives_the_workbook(tmp_path: Path) -> None:
    econ = ct.Economy.from_toml(OPTIONS.read_text(encoding="utf-8") + QUESTION)
    assert chosen(econ.optimise()) == ["offer to 1,000 more", "grow peer support"]
    econ.to_excel(tmp_path / "options.xlsx")
    back = ct.read_excel(tmp_path / "options.xlsx")
    assert back.to_toml() == econ.to_toml()
    assert "gap = 0.01" in back.to_toml()


def test_the_command_line_takes_a_gap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "options.toml"
    path.write_text(OPTIONS.read_text(encoding="utf-8") + QUESTION, encoding="utf-8")
    assert cli.main(["optimise", str(path), "--gap", "0.05", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert 0.0 <= doc["optimum"]["gap"] <= 0.05
    assert cli.main(["optimise", str(path)]) == 0
    assert "Options adopted: offer to 1,000 more, grow peer support" in capsys.readouterr().out
