"""`caretriangle demo` prints what it printed before the core was reorganised (issue 11).

`golden/demo.txt` is the demo's whole output from main before the reorganisation; every
figure in it was checked by hand when the demo was built (see test_cli.py). A change that
means to alter the demo updates the file in the same commit, saying why.
"""

import subprocess
import sys
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden" / "demo.txt"


def test_the_demo_prints_the_golden_figures():
    # A child process, as a user runs it: stdout is not a terminal, so pandas lays tables out
    # at its default width whatever the terminal of the test run.
    out = subprocess.run(
        [sys.executable, "-m", "caretriangle.cli", "demo"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out == GOLDEN.read_text(encoding="utf-8")
