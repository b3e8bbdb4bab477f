"""``caretriangle montecarlo FILE``: a Monte Carlo study of a file's scenarios, its summaries as
tables, JSON or CSV, and with ``--out`` every iteration streamed to a Parquet file.

The run keeps no samples in memory (``keep_samples=False``), with or without ``--out``, so its
printed figures are the same either way and a run of 10^8 iterations needs no more memory
than one of 10^4: means and sds exact, percentiles from the run's fine histograms.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

import caretriangle as ct
from caretriangle._cli_common import FILE_HELP, Subparsers, add_command, load
from caretriangle._cli_report import format_table, print_section, records_of

# The people counted, not £: shown as plain numbers.
_PEOPLE = ("mean", "sd", "p2_5", "p50", "p97_5")


def register(sub: Subparsers) -> None:
    p = add_command(
        sub,
        "montecarlo",
        help="run a Monte Carlo study of a file's scenarios under their uncertain inputs",
        example=(
            "  caretriangle montecarlo examples/north_of_tyne.toml --iterations 100000 --seed 1\n"
            '  caretriangle montecarlo FILE --scenario "skill mix" --sampling lhs --format json\n'
            "  caretriangle montecarlo FILE --iterations 100000000 --out samples.parquet\n"
            "--out streams every iteration's outputs and inputs to a Parquet file (pyarrow needed:\n"
            "pip install 'caretriangle[parquet]'), chunk by chunk in fixed memory, with the seed and\n"
            "the study in its metadata; the same seed gives the same numbers whatever --threads."
        ),
        handler=_command,
    )
    p.add_argument("file", help=FILE_HELP)
    p.add_argument("--iterations", type=int, default=10_000, help="iterations (default 10,000)")
    p.add_argument("--seed", type=int, default=0, help="the run's seed (default 0)")
    p.add_argument("--sampling", choices=("random", "lhs", "sobol"), default="random")
    p.add_argument("--threads", type=int, help="threads (default: every core)")
    p.add_argument("--scenario", action="append", help="scenario to study (repeatable; default: all)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--out", metavar="SAMPLES.parquet", help="write every iteration to this Parquet file")


def _command(args: argparse.Namespace) -> None:
    econ = load(args.file)
    study = ct.MonteCarlo(
        econ,
        scenarios=args.scenario,
        iterations=args.iterations,
        seed=args.seed,
        sampling=args.sampling,
        threads=args.threads,
        keep_samples=False,
    )
    about = (
        f"Monte Carlo of {econ.name}: {study.iterations:,} iterations, seed {args.seed}, "
        f"{args.sampling} sampling, {len(study.input_names)} uncertain inputs"
    )
    # On stderr, so that a long run says it has started without mixing into JSON or CSV.
    print(f"{about} …", file=sys.stderr, flush=True)
    res = study.run_to_parquet(args.out) if args.out else study.run()
    tables = {"by_scenario": res.scenario_summary(), "outputs": res.summary()}
    out = sys.stdout
    if args.format == "table":
        print(about + (f"; every iteration written to {args.out}" if args.out else ""), file=out)
        print_section("By scenario", format_table(tables["by_scenario"]), out)
        outputs = tables["outputs"]
        kind = outputs.index.get_level_values("output")
        # Money, then people (not £); the indicator's mean is prob_over_envelope, shown above.
        money = outputs[~kind.isin(["people_reached", "over_envelope_indicator"])]
        people = outputs[kind == "people_reached"].copy()
        people.attrs["kinds"] = {**people.attrs.get("kinds", {}), **dict.fromkeys(_PEOPLE, "number")}
        title = "Money by scenario (£; percentiles from the run's histograms)"
        print_section(title, format_table(money), out)
        print_section("People reached", format_table(people), out)
    elif args.format == "json":
        doc = {
            "study": {
                "file": args.file,
                "economy": econ.name,
                "iterations": study.iterations,
                "seed": args.seed,
                "sampling": args.sampling,
                "scenarios": study.scenarios[1:],
                "input_names": study.input_names,
                "samples": args.out,
            },
            "tables": {k: records_of(v) for k, v in tables.items()},
        }
        json.dump(doc, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        _tidy(tables).to_csv(out, index=False)


def _tidy(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every figure in one long table, as ``run`` writes it: scenario, table, row (the output;
    "(scenario)" for a scenario's own figures), column (the statistic), value."""
    parts = []
    for name, df in tables.items():
        long = df.reset_index().melt(id_vars=list(df.index.names), var_name="column", value_name="value")
        long = long.rename(columns={"output": "row"}) if "output" in long else long.assign(row="(scenario)")
        long.insert(1, "table", name)
        parts.append(long[["scenario", "table", "row", "column", "value"]])
    return pd.concat(parts, ignore_index=True)
