"""``caretriangle options``: a file's options weighed on one outcome, as programme budgeting
and marginal analysis does: the league table, the wish and hit lists with their pairings, and
the cumulative benefit curve against the budget.

Example::

    caretriangle options examples/structured_education.toml --outcome qalys --threshold 20000
"""

from __future__ import annotations

import argparse

import caretriangle as ct
from caretriangle._cli_common import FILE_HELP, Subparsers, add_command, load
from caretriangle._cli_report import format_table, print_section
from caretriangle._money import money


def register(sub: Subparsers) -> None:
    """Adds the ``options`` command to the command line's subparsers."""
    p = add_command(
        sub,
        "options",
        help="rank a file's options: league table, wish and hit lists, curve against the budget",
        example=(
            "  caretriangle options examples/structured_education.toml --outcome qalys --threshold 20000\n"
            "The options are the file's [options] table's scenarios, else every scenario kept in the\n"
            "file (or those given with --scenario); --outcome, --threshold and --budget override the\n"
            "table's."
        ),
        handler=run,
    )
    p.add_argument("file", help=FILE_HELP)
    p.add_argument("--outcome", help="the outcome weighed (an outcome id in the file)")
    p.add_argument(
        "--threshold", type=float, help="£ a unit of outcome gained (default: the outcome's value)"
    )
    p.add_argument("--budget", type=float, help="£ for the options (default: the envelope's headroom)")
    p.add_argument(
        "--scenario", action="append", help="a scenario in the file that is an option (repeat for more)"
    )


def run(args: argparse.Namespace) -> None:
    """Loads the file, weighs its options and prints the tables."""
    econ = load(args.file)
    opts = ct.Options(econ, args.scenario, outcome=args.outcome, threshold=args.threshold, budget=args.budget)
    print(
        f"{len(opts.names)} options on {opts.outcome} at {money(opts.threshold)} a unit, "
        f"budget {money(opts.budget)}"
    )
    league = ["cost", "gain", "cost_per_gain", "net_monetary_benefit", "icer", "standing"]
    print_section("League table", format_table(opts.table(), league), None)
    sections = [
        ("Wish list (investments)", opts.wish_list(), ["cost", "gain", "cost_per_gain"]),
        ("Hit list (disinvestments)", opts.hit_list(), ["released", "loss"]),
        ("Pairings (marginal analysis)", opts.pairings(), ["funded_by", "cost", "gain", "loss", "net_gain"]),
        (
            "Cumulative benefit curve",
            opts.curve(),
            ["option", "cost", "cumulative_cost", "cumulative_gain", "budget"],
        ),
    ]
    for title, frame, columns in sections:
        print_section(title, format_table(frame, columns) if len(frame) else "(none)", None)
    best = opts.best_affordable()
    print(f"\nBest affordable set: {', '.join(best) if best else 'none'}")
