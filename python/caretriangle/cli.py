"""The ``caretriangle`` command.

``caretriangle demo`` runs the shipped example; ``caretriangle run FILE`` applies a file's
scenarios and budget impacts and prints the results as tables, JSON or CSV;
``caretriangle montecarlo FILE`` runs a Monte Carlo study of its scenarios (and can stream
every iteration to a Parquet file); ``caretriangle optimise FILE`` finds the best plan
within the envelope and the file's ``[optimise]`` constraints; ``caretriangle validate FILE``
checks a file and says what is wrong with it; ``caretriangle list FILE`` names what a file
keeps. A file is TOML, JSON or the Excel workbook. Each command's ``--help`` ends with an
example and the exit statuses.

A command is a module's ``register(sub)`` (see ``_cli_common.add_command``), listed in
``COMMANDS`` below: adding one is an import and a line.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

import caretriangle as ct
from caretriangle import _cli_brief, _cli_montecarlo, _cli_optimise, _cli_options
from caretriangle._cli_common import (
    EXIT_CODES,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PIPE_CLOSED,
    FILE_HELP,
    Failed,
    Subparsers,
    add_command,
    each,
    exit_status,
    load,
)
from caretriangle._cli_report import demo, format_table, print_budget_impact, report
from caretriangle._money import money as _money
from caretriangle._outcome_tables import cost_effectiveness

__all__ = ["COMMANDS", "demo", "format_table", "main", "print_budget_impact", "report"]


def _demo(sub: Subparsers) -> None:
    add_command(
        sub,
        "demo",
        help="run the shipped North of Tyne example",
        example="  caretriangle demo      # unit costs, the baseline, every scenario and budget impact",
        handler=lambda args: demo(),
    )


def _run(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "run",
        help="apply a file's scenarios and budget impacts to its economy",
        example=(
            "  caretriangle run examples/north_of_tyne.toml          # everything the file keeps\n"
            '  caretriangle run FILE --scenario "skill mix" --format json\n'
            '  caretriangle run FILE --budget-impact "skill mix and reinvest" --format csv\n'
            "With neither --scenario nor --budget-impact, every one the file keeps is run; with\n"
            "either, only those named."
        ),
        handler=_run_command,
    )
    p.add_argument("file", help=FILE_HELP)
    p.add_argument("--scenario", action="append", help="scenario to apply (repeatable)")
    p.add_argument("--budget-impact", action="append", help="budget impact to report (repeatable)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--strict", action="store_true", help="fail if a scenario is over the envelope")
    p.add_argument(
        "--threshold",
        type=float,
        metavar="POUNDS",
        help="£ a unit of outcome for net benefit (default: each outcome's value, as the example's "
        "£20,000 a QALY; an outcome without one gets its ICER only)",
    )


def _run_command(args: argparse.Namespace) -> None:
    econ = load(args.file)
    everything = not args.scenario and not args.budget_impact
    scenarios = list(econ.scenarios) if everything else args.scenario or []
    impacts = econ.budget_impacts if everything else args.budget_impact or []
    # Everything worked out before anything is printed, so an error never follows half a report.
    results = each("scenario", scenarios, lambda name: econ.apply(econ.scenario(name), strict=args.strict))
    for res in results:
        cost_effectiveness(res, args.threshold)  # a bad --threshold stops here, before any output
    report(
        econ,
        results,
        each("budget impact", impacts, econ.budget_impact),
        args.format,
        threshold=args.threshold,
    )


def _validate(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "validate",
        help="check a file and say what is wrong with it",
        example=(
            "  caretriangle validate examples/north_of_tyne.toml\n"
            "  caretriangle validate examples/north_of_tyne.xlsx      # the workbook template\n"
            "Every scenario is applied and every budget impact worked out; an error names the one\n"
            "at fault, and the file is said to be valid only when all of them are."
        ),
        handler=_validate_command,
    )
    p.add_argument("file", help=FILE_HELP)


class _Invalid(Exception):
    """A file some of whose scenarios or budget impacts failed (each reported already)."""


def _validate_command(args: argparse.Namespace) -> None:
    econ = load(args.file)
    failed = []
    # Every one tried, so that one run of validate lists everything to fix.
    checks: list[tuple[str, str, Callable[[str], object]]] = [
        ("scenario", name, econ.apply) for name in econ.scenarios
    ]
    checks += [("budget impact", name, econ.budget_impact) for name in econ.budget_impacts]
    for kind, name, work in checks:
        try:
            each(kind, [name], work)
        except Failed as e:
            print(f"error: {args.file}: {e}", file=sys.stderr)
            failed.append(e)
    if failed:
        raise _Invalid(f"{len(failed)} of {len(checks)} scenarios and budget impacts failed", failed)
    print(
        f"{args.file}: valid: {len(econ.services)} services, {len(econ.localities)} localities, "
        f"{len(econ.scenarios)} scenarios, {len(econ.budget_impacts)} budget impacts; "
        f"spend {_money(econ.total_spend)} of {_money(econ.envelope)}"
    )
    for w in econ.warnings:
        print(f"warning: {w}")


def _list(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "list",
        help="name the scenarios and budget impacts a file keeps",
        example="  caretriangle list examples/north_of_tyne.toml",
        handler=_list_command,
    )
    p.add_argument("file", help=FILE_HELP)


def _list_command(args: argparse.Namespace) -> None:
    econ = load(args.file)
    print("scenarios:")
    for name, s in econ.scenarios.items():
        print(f"  {name}" + (f": {s.description}" if s.description else ""))
    print("budget impacts:")
    for name in econ.budget_impacts:
        print(f"  {name}")


# Each command's register(sub); a new command is one more entry.
COMMANDS: list[Callable[[Subparsers], None]] = [
    _demo,
    _run,
    _cli_montecarlo.register,
    _cli_brief.register,
    _cli_optimise.register,
    _validate,
    _list,
    _cli_options.register,
]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caretriangle",
        description="Commissioning scenarios on the Year of Care triangle.",
        epilog="Each command's --help shows an example.\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in COMMANDS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``caretriangle`` command; returns the exit status (see
    ``caretriangle --help``)."""
    args = _parser().parse_args(argv)
    try:
        args.handler(args)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE_CLOSED
    except _Invalid as e:
        print(f"error: {args.file}: {e.args[0]}", file=sys.stderr)
        return min(exit_status(f.cause) for f in e.args[1])
    except Failed as e:
        print(f"error: {args.file}: {e}", file=sys.stderr)
        return exit_status(e.cause)
    except (ct.CareTriangleError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return exit_status(e)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK


def _silence_stdout() -> None:
    # Python flushes stdout again at exit, which would raise once more into the closed pipe:
    # point it at /dev/null (as the Python docs advise for SIGPIPE).
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests capture it)
        pass


if __name__ == "__main__":
    sys.exit(main())
