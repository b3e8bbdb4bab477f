"""``caretriangle brief``: a file's scenario (and budget impact, and Monte Carlo runs of them)
as a decision brief for the board, HTML or PDF.

Example::

    caretriangle brief examples/north_of_tyne.toml --scenario "skill mix and reinvest" \\
        -o brief.html
    caretriangle brief examples/north_of_tyne.toml --scenario "skill mix and reinvest" \\
        --budget-impact "care planning and self-management, 2025/26 to 2029/30" \\
        --iterations 10000 --seed 1 -o brief.pdf
"""

from __future__ import annotations

import argparse
from typing import Any

import caretriangle as ct
from caretriangle._cli_common import FILE_HELP, Subparsers, add_command, load


def register(sub: Subparsers) -> None:
    """Adds the ``brief`` command to the command line's subparsers."""
    p = add_command(
        sub,
        "brief",
        help="write a decision brief for the board (HTML or PDF)",
        example=(
            "  caretriangle brief examples/north_of_tyne.toml \\\n"
            '      --scenario "skill mix and reinvest" -o brief.html\n'
            "With --iterations, Monte Carlo runs of the scenario (and of the budget impact) add the\n"
            "uncertainty: the 95% interval, the probability of a saving (or of paying back) and a\n"
            "tornado. A name ending in .pdf prints the page through headless Chromium."
        ),
        handler=run,
    )
    p.add_argument("file", help=FILE_HELP)
    p.add_argument("--scenario", help="the scenario to brief on (a name in the file)")
    p.add_argument("--budget-impact", help="a budget impact in the file to show with it (its name)")
    p.add_argument("-o", "--out", required=True, help="the brief to write: .html or .pdf")
    p.add_argument("--iterations", type=int, help="Monte Carlo iterations (none: no uncertainty section)")
    p.add_argument("--seed", type=int, default=0, help="Monte Carlo seed (default 0)")


def run(args: argparse.Namespace) -> None:
    """Loads the file, applies the scenario, runs what was asked and writes the brief."""
    if args.scenario is None and args.budget_impact is None:
        err = ct.InvalidValueError("--scenario: give a scenario (or --budget-impact) to brief on")
        err.field = "scenario"
        raise err
    econ = load(args.file)
    bi = econ.budget_impact(args.budget_impact) if args.budget_impact else None
    runs: list[Any] = []
    if args.iterations is not None:
        if args.scenario is not None:
            study = ct.MonteCarlo(econ, scenarios=[args.scenario], iterations=args.iterations, seed=args.seed)
            runs.append(study.run())
        if args.budget_impact:
            runs.append(
                econ.budget_monte_carlo(args.budget_impact, iterations=args.iterations, seed=args.seed)
            )
    if args.scenario is not None:
        econ.apply(args.scenario).brief(args.out, budget_impact=bi, monte_carlo=runs)
    else:
        assert bi is not None  # one of the two is given (checked above)
        bi.brief(args.out, monte_carlo=runs[0] if runs else None)
    print(f"wrote {args.out}")
