"""``caretriangle montecarlo FILE``: a Monte Carlo study of a file's scenarios, its summaries as
tables, JSON or CSV, and with ``--out`` every iteration streamed to a Parquet file.

The run keeps no samples in memory (``keep_samples=False``), with or without ``--out``, so its
printed figures are the same either way and a run of 10^8 iterations needs no more memory
than one of 10^4: means and sds exact, percentiles from the run's fine histograms. The one
exception: where the economy counts outcomes, the CEAC and the EVPI need every iteration's net
benefit, so a run of at most ``VALUE_OF_INFORMATION_ITERATIONS`` without ``--out`` keeps its
samples to work them out (8 bytes an output an iteration: 0.5 GB for the example's 68 outputs at
10^6), and its percentiles are then exact; a longer run, or one with ``--out`` (whose Parquet
file holds what they need), leaves them out and says so.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import pandas as pd

import caretriangle as ct
from caretriangle._cli_common import FILE_HELP, Subparsers, add_command, load
from caretriangle._cli_report import format_table, print_section, records_of
from caretriangle._outcome_tables import declared, threshold_of

# The people counted, not £: shown as plain numbers.
_PEOPLE = ("mean", "sd", "p2_5", "p50", "p97_5")


#: The longest run whose samples are kept for the CEAC and the EVPI (see above).
VALUE_OF_INFORMATION_ITERATIONS = 1_000_000


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
    p.add_argument(
        "--threshold",
        type=float,
        metavar="POUNDS",
        help="£ a unit of outcome for the CEAC and EVPI (default: each outcome's value, as the "
        "example's £20,000 a QALY; outcomes without one are left out)",
    )


def _command(args: argparse.Namespace) -> None:
    econ = load(args.file)
    outcomes = declared(econ)
    value = bool(outcomes) and not args.out and args.iterations <= VALUE_OF_INFORMATION_ITERATIONS
    study = ct.MonteCarlo(
        econ,
        scenarios=args.scenario,
        iterations=args.iterations,
        seed=args.seed,
        sampling=args.sampling,
        threads=args.threads,
        keep_samples=value,
    )
    about = (
        f"Monte Carlo of {econ.name}: {study.iterations:,} iterations, seed {args.seed}, "
        f"{args.sampling} sampling, {len(study.input_names)} uncertain inputs"
    )
    # On stderr, so that a long run says it has started without mixing into JSON or CSV.
    print(f"{about} …", file=sys.stderr, flush=True)
    res = study.run_to_parquet(args.out) if args.out else study.run()
    tables = {"by_scenario": res.scenario_summary(), "outputs": res.summary()}
    if value:
        tables |= value_tables(res, outcomes, args.threshold)
    out = sys.stdout
    if args.format == "table":
        print(about + (f"; every iteration written to {args.out}" if args.out else ""), file=out)
        print_section("By scenario", format_table(tables["by_scenario"]), out)
        outputs = tables["outputs"]
        kind = outputs.index.get_level_values("output")
        # Money, then people (not £); the indicator's mean is prob_over_envelope, shown above.
        counted = [o["id"] for o in outcomes] + [f"{o['id']}_gain" for o in outcomes]
        money = outputs[~kind.isin(["people_reached", "over_envelope_indicator", *counted])]
        people = outputs[kind == "people_reached"].copy()
        people.attrs["kinds"] = {**people.attrs.get("kinds", {}), **dict.fromkeys(_PEOPLE, "number")}
        title = "Money by scenario (£; percentiles from the run's histograms)"
        print_section(title, format_table(money), out)
        print_section("People reached", format_table(people), out)
        if outcomes:
            counts = outputs[kind.isin(counted)].copy()
            counts.attrs["kinds"] = {**counts.attrs.get("kinds", {}), **dict.fromkeys(_PEOPLE, "number")}
            print_section("Outcomes (totals, and gains against the baseline)", format_table(counts), out)
        if "evpi" in tables:
            _print_value(tables, out)
        elif outcomes:
            print(
                "\nCEAC and EVPI: not worked out with --out or over "
                f"{VALUE_OF_INFORMATION_ITERATIONS:,} iterations (they need every iteration in memory).",
                file=out,
            )
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


#: Thresholds (£ a unit of outcome) the command line's CEAC is read at, beside the one asked for.
CEAC_THRESHOLDS = (0.0, 10_000.0, 20_000.0, 30_000.0, 50_000.0)


def value_tables(
    res: ct.MonteCarloResult, outcomes: list[dict[str, Any]], threshold: float | None
) -> dict[str, pd.DataFrame]:
    """The EVPI of each outcome at its threshold (``threshold``, else the outcome's value; an
    outcome with neither is left out) and each outcome's CEAC at a few thresholds and that one:
    the probability each option (the baseline among them) has the highest net benefit."""
    rows, tables = [], {}
    for o in outcomes:
        lam = threshold_of(o, threshold)
        if lam is None:
            continue
        e = res.evpi(outcome=o["id"], threshold=lam)
        rows.append({"outcome": o["id"], "threshold": lam, "evpi": e.evpi, "best": e.best})
        grid = sorted({*CEAC_THRESHOLDS, lam})
        ceac = res.ceac(o["id"], thresholds=grid)
        ceac.attrs["kinds"] = {c: "share" for c in ceac.columns if c != "frontier"} | {"frontier": "text"}
        tables[f"ceac_{o['id']}"] = ceac
    evpi = pd.DataFrame(rows, columns=["outcome", "threshold", "evpi", "best"]).set_index("outcome")
    evpi.attrs["kinds"] = {"threshold": "money", "evpi": "money", "best": "text"}
    return {"evpi": evpi, **tables}


def _print_value(tables: dict[str, pd.DataFrame], out: Any) -> None:
    print_section(
        "Expected value of perfect information per decision (at each outcome's value, unless --threshold)",
        format_table(tables["evpi"]),
        out,
    )
    for name, table in tables.items():
        if name.startswith("ceac_"):
            outcome = name.removeprefix("ceac_")
            title = f"Probability of the highest net benefit, {outcome} (CEAC; frontier: best on average)"
            print_section(title, format_table(table), out)


def _tidy(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every figure in one long table, as ``run`` writes it: scenario, table, row (the output;
    "(scenario)" for a scenario's own figures), column (the statistic), value."""
    parts = []
    for name, df in tables.items():
        long = df.reset_index().melt(id_vars=list(df.index.names), var_name="column", value_name="value")
        if "output" in long:
            long = long.rename(columns={"output": "row"})
        elif "scenario" in long:
            long = long.assign(row="(scenario)")
        else:
            # The value-of-information tables: one row an outcome (EVPI) or a threshold (CEAC),
            # whose columns are the options.
            key = df.index.name or "index"
            long = long.rename(columns={key: "row"}).assign(scenario="")
        long.insert(1, "table", name)
        parts.append(long[["scenario", "table", "row", "column", "value"]])
    return pd.concat(parts, ignore_index=True)
