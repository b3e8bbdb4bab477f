"""Regenerates the committed files made from examples/north_of_tyne.toml:

- examples/north_of_tyne.xlsx, the Excel template (`caretriangle.read_excel` reads it back as
  the same economy; tests/python/test_excel.py checks that);
- docs/triangle.png, the triangle diagram of the "skill mix and reinvest" scenario shown in
  the README.

Run from the repository root after `make build`: `.venv/bin/python scripts/make_examples.py`.
"""

from __future__ import annotations

from pathlib import Path

import caretriangle as ct

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    econ = ct.load_economy(ROOT / "examples" / "north_of_tyne.toml")
    econ.to_excel(ROOT / "examples" / "north_of_tyne.xlsx")
    fig = econ.apply("skill mix and reinvest").plot("triangle")
    fig.savefig(ROOT / "docs" / "triangle.png", dpi=100, metadata={"Software": None})
    print("wrote examples/north_of_tyne.xlsx and docs/triangle.png")


if __name__ == "__main__":
    main()
