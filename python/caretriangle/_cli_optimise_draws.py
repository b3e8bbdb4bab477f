"""``caretriangle optimise FILE --draws N --seed S``: the optimisation asked again at each of N
draws of the file's uncertain inputs (``ct.optimise_draws``), printed as the share of draws in
which each service grows, shrinks or stays, each option's share chosen, the share infeasible,
and the optimal objective's mean and 95% interval."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from caretriangle._cli_report import format_table, print_section, records_of
from caretriangle._core import Economy
from caretriangle._optimise_draws import optimise_draws


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--draws", type=int, help="re-optimise at each of N draws of the uncertain inputs")
    p.add_argument("--seed", type=int, default=0, help="the seed of the draws (default 0)")


def report(econ: Economy, args: argparse.Namespace, question: dict[str, Any], out: TextIO) -> Any:
    """Prints the draws' shares as tables (``--format table``), or returns them for JSON."""
    draws = optimise_draws(econ, args.draws, args.seed, **question)
    if args.format != "table":
        return {
            "draws": draws.draws,
            "seed": args.seed,
            "infeasible": draws.infeasible,
            "objective": {"mean": draws.mean, "low": draws.low, "high": draws.high},
            "services": records_of(draws.services()),
            "options": records_of(draws.options()),
        }
    title = f"Under uncertainty: re-optimised at {draws.draws} draws (seed {args.seed})"
    lines = [
        f"{draws.objective}: mean {draws.mean:,.6g} (95% interval {draws.low:,.6g} to {draws.high:,.6g})",
        f"Infeasible draws: {draws.infeasible:.1%}",
    ]
    print_section(title, "\n".join(lines), out)
    print_section("Share of draws by service", format_table(draws.services()), out)
    if len(draws.options()):
        print_section("Share of draws choosing each option", format_table(draws.options()), out)
    return None
