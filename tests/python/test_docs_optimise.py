"""docs/optimise.md's snippets run as written, from the project's root (its figures: the
hand-worked tests/data/optimise_small.toml and examples/options.toml)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_optimiser_page_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(str(ROOT / "docs" / "optimise.md"), module_relative=False, optionflags=flags)
    assert result.attempted >= 10
    assert result.failed == 0
