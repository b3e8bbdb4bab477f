"""``caretriangle optimise FILE``: the plan that does best by an objective within the envelope
and the file's constraints (its ``[optimise]`` section), printed as the plan by service, the
objective, and the binding constraints with their shadow prices in words; as tables, JSON or
CSV. Conflicting constraints or an unlimited objective exit with status 2, naming them.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from caretriangle import _cli_optimise_draws
from caretriangle._cli_common import FILE_HELP, Subparsers, add_command, load
from caretriangle._cli_report import format_table, print_section, records_of, tidy


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "optimise",
        help="find the plan that does best by an objective within the envelope and constraints",
        example=(
            "  caretriangle optimise tests/data/optimise_small.toml      # the file's [optimise]\n"
            "  caretriangle optimise FILE --objective qalys --floor baseline --format json\n"
            "  caretriangle optimise FILE --draws 1000 --seed 1   # and re-optimised at 1,000 draws\n"
            "--objective, --floor and --sense replace the file's [optimise] keys of those names;\n"
            "the rest of that section (minimums, staff hours, options) still applies."
        ),
        handler=_command,
    )
    p.add_argument("file", help=FILE_HELP)
    p.add_argument("--objective", help='an outcome id, "net_benefit" or "people_reached"')
    p.add_argument("--sense", choices=("maximise", "minimise_cost"))
    p.add_argument("--floor", choices=("zero", "baseline"))
    p.add_argument(
        "--gap",
        type=float,
        help="with options: stop once the chosen set is proven within this share of the best (0.001: 0.1%%)",
    )
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    _cli_optimise_draws.add_arguments(p)


def _command(args: argparse.Namespace) -> None:
    econ = load(args.file)
    flags = {"objective": args.objective, "sense": args.sense, "floor": args.floor, "gap": args.gap}
    given = {k: v for k, v in flags.items() if v}
    kept: dict[str, Any] = econ.to_dict().get("optimise") or {}
    options = kept.pop("options", None)
    opt = econ.optimise(**{**kept, **given}, options=options) if given else econ.optimise()
    question: dict[str, Any] = {**kept, **given, "options": options} if given else {}
    tables = {"plan": opt.activities(), "binding": opt.binding()}
    out = sys.stdout
    headline = (
        f"{opt.scenario.name} in {econ.name}: {opt.value:,.6g} {opt.unit} (today {opt.baseline_value:,.6g}),"
        f" {opt.proof}"
    )
    if args.format == "table":
        print(headline, file=out)
        chosen = [name for name, adopted in opt.options if adopted]
        if opt.options:
            print(f"Options adopted: {', '.join(chosen) or 'none'}", file=out)
        print_section("Plan by service", format_table(tables["plan"]), out)
        binding = tables["binding"]
        meanings = zip(binding.index, binding["meaning"], strict=True)
        lines = [f"- {c}: {m}" if m else f"- {c}" for c, m in meanings]
        print_section("Binding constraints", "\n".join(lines) or "(none)", out)
        if args.draws is not None:
            _cli_optimise_draws.report(econ, args, question, out)
    elif args.format == "json":
        doc = {
            "optimum": {
                "file": args.file,
                "economy": econ.name,
                "scenario": opt.scenario.name,
                "objective": opt.objective,
                "unit": opt.unit,
                "value": opt.value,
                "baseline_value": opt.baseline_value,
                "gap": opt.gap,
                "options": dict(opt.options),
            },
            "tables": {k: records_of(v) for k, v in tables.items()},
        }
        if args.draws is not None:
            doc["under_uncertainty"] = _cli_optimise_draws.report(econ, args, question, out)
        json.dump(doc, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        numbers = {"plan": tables["plan"], "binding": tables["binding"].drop(columns="meaning")}
        tidy(numbers, opt.scenario.name).to_csv(out, index=False)
