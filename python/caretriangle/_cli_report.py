"""What the command line prints: a baseline, a scenario's result and a budget impact as tables
(money to the penny), or every figure as JSON or as one tidy CSV table; and the demo."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from typing import Any, Literal, TextIO

import numpy as np
import pandas as pd

import caretriangle as ct
from caretriangle._money import money as _money
from caretriangle._outcome_tables import cost_effectiveness, declared, totals
from caretriangle.display import cell_kinds

DIMENSIONS: tuple[Literal["corner", "commissioner", "locality", "provider", "cluster", "condition"], ...] = (
    "corner",
    "commissioner",
    "locality",
    "provider",
    "cluster",
    "condition",
)


def _share(v: float) -> str:
    return "" if pd.isna(v) else f"{v * 100:.1f}%"


def format_table(df: pd.DataFrame, columns: Sequence[str] | None = None) -> str:
    """A report table as text, with £ to the penny and shares as percentages."""
    cells = cell_kinds(df)
    df = df.copy() if columns is None else df[list(columns)].copy()
    for col in df.columns:
        shown = {"money": _money, "share": _share}
        if pd.api.types.is_float_dtype(df[col]):
            # Each figure as its own kind: a column's kind, or its row's in a summary whose
            # rows are different outputs (people reached is a count, not £).
            df[col] = [shown.get(k, _figure)(v) for k, v in zip(cells[col], df[col], strict=True)]
        elif cells[col].eq("money").all():
            df[col] = df[col].map(_money)
        elif cells[col].eq("share").all():
            df[col] = df[col].map(_share)
    return df.to_string()


def _figure(v: float) -> str:
    return "" if pd.isna(v) else f"{v:,.2f}"


def print_section(title: str, body: str, out: TextIO | None) -> None:
    print(f"\n{title}\n{'-' * len(title)}", file=out)
    print(body, file=out)


def _scenario_tables(res: ct.Comparison, threshold: float | None = None) -> dict[str, pd.DataFrame]:
    tables = {"summary": res.summary(), "levers": res.lever_table(total=True), "flows": res.flows()}
    for dim in DIMENSIONS:
        tables[f"by_{dim}"] = res.by(dim, total=True)
    if declared(res.baseline):
        tables["outcomes"] = totals(res)
        tables["cost_effectiveness"] = cost_effectiveness(res, threshold)
    return tables


def _baseline_tables(econ: ct.Economy) -> dict[str, pd.DataFrame]:
    tables = {f"by_{dim}": econ.spend_by(dim, total=True) for dim in DIMENSIONS}
    tables["budget_check"] = econ.budget_check()
    return tables


def print_economy(econ: ct.Economy, out: TextIO | None = None) -> None:
    """The baseline: envelope, spend and headroom, then spend by corner and by locality."""
    out = out or sys.stdout
    print(f"{econ.name} ({econ.price_year} prices)", file=out)
    print(
        f"Envelope {_money(econ.envelope)}; spend {_money(econ.total_spend)}; "
        f"headroom {_money(econ.headroom)}",
        file=out,
    )
    cols = ["name", "spend", "share_of_envelope"]
    print_section("Baseline by corner", format_table(econ.spend_by("corner", total=True), cols), out)
    print_section("Baseline by locality", format_table(econ.spend_by("locality", total=True), cols), out)
    for w in econ.warnings:
        print(f"warning: {w}", file=out)


def print_comparison(
    res: ct.Comparison, out: TextIO | None = None, *, threshold: float | None = None
) -> None:
    """A scenario against its baseline: levers, change by corner and locality, flows, headline;
    and where the economy declares outcomes, each outcome before and after, and its ICER and
    net benefit at ``threshold`` (the outcome's value, else £20,000, when None)."""
    out = out or sys.stdout
    title = f"Scenario: {res.scenario}"
    print(f"\n{title}\n{'=' * len(title)}", file=out)
    levers = res.lever_table(total=True)
    print_section("Levers", format_table(levers), out)
    # People reached before and after beside the money (services with units per person).
    cols = ["name", "baseline", "scenario", "change", "people_before", "people_after", "extra_people"]
    print_section("By corner", format_table(res.by("corner", total=True), cols), out)
    print_section("By locality", format_table(res.by("locality", total=True), cols), out)
    flows = res.flows()
    # The three sides always; a within-corner row only where money moved inside the corner.
    flows = flows[flows.index.isin(["left", "floor", "right"]) | (flows["gross"] > 0)]
    print_section(
        "Money moved along the sides of the triangle",
        format_table(flows, ["from_corner", "to_corner", "forward", "backward", "net"]),
        out,
    )
    print_section("Headline", format_table(res.summary()), out)
    if declared(res.baseline):
        print_outcomes(res, out, threshold=threshold)
    for w in res.warnings:
        print(f"warning: {w}", file=out)


def print_outcomes(res: ct.Comparison, out: TextIO | None = None, *, threshold: float | None = None) -> None:
    """Each outcome before, after and gained; then its ICER in figures and words and its net
    monetary benefit at the threshold each row states (none where an outcome has no value and
    no threshold is given)."""
    out = out or sys.stdout
    print_section("Outcomes (gain: the fall, where less is better)", format_table(totals(res)), out)
    ce = cost_effectiveness(res, threshold)
    cols = ["change_in_spend", "gain", "icer", "threshold", "net_monetary_benefit", "net_health_benefit"]
    where = "at the threshold given" if threshold is not None else "net benefit at each outcome's value"
    print_section(f"Cost-effectiveness against the baseline ({where})", format_table(ce, cols), out)
    for outcome, verdict in ce["verdict"].items():
        print(f"{outcome}: {verdict}", file=out)


def _plain(v: Any) -> Any:
    # Every float to the bit (JSON writes the shortest text that reads back as the same f64;
    # pandas' to_json keeps 10 digits), and what JSON cannot hold (nan, inf) as null.
    if isinstance(v, float | np.floating):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, np.integer | np.bool_):
        return v.item()
    return v


def records_of(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A table's rows as JSON objects, its index as their first field(s)."""
    rows = df.reset_index().to_dict(orient="records")
    return [{str(k): _plain(v) for k, v in row.items()} for row in rows]


def tidy(tables: dict[str, pd.DataFrame], scenario: str) -> pd.DataFrame:
    """Every number of every table in one long table: scenario, table, row, column, value."""
    parts = []
    for name, df in tables.items():
        key = df.index.name or "row"
        long = df.reset_index().melt(id_vars=[key], var_name="column", value_name="value")
        long = long.rename(columns={key: "row"})
        long.insert(0, "table", name)
        long.insert(0, "scenario", scenario)
        parts.append(long)
    return pd.concat(parts, ignore_index=True)


def _budget_tables(bi: ct.BudgetImpact) -> dict[str, pd.DataFrame]:
    return {
        "budget_by_line": bi.by_line(),
        "budget_by_year": bi.to_frame(),
        "budget_by_commissioner": bi.by("commissioner"),
        "budget_summary": bi.summary(),
    }


def report(
    econ: ct.Economy,
    results: Sequence[ct.Comparison],
    impacts: Sequence[ct.BudgetImpact],
    fmt: Literal["table", "json", "csv"],
    out: TextIO | None = None,
    *,
    threshold: float | None = None,
) -> None:
    """The baseline, then each scenario's result and each budget impact, in the chosen format:
    tables as a board paper shows them, one JSON document, or one tidy CSV table (scenario or
    budget impact, table, row, column, value). Net benefits are at ``threshold`` (£ a unit of
    outcome; by default each outcome's value, and none for an outcome without one)."""
    out = out or sys.stdout
    if fmt == "table":
        print_economy(econ, out)
        for res in results:
            print_comparison(res, out, threshold=threshold)
        for bi in impacts:
            print_budget_impact(bi, out)
    elif fmt == "json":
        doc = {
            "economy": {
                "name": econ.name,
                "price_year": econ.price_year,
                "envelope": econ.envelope,
                "total_spend": econ.total_spend,
                "headroom": econ.headroom,
                "tables": {k: records_of(v) for k, v in _baseline_tables(econ).items()},
                "warnings": econ.warnings,
            },
            "scenarios": {
                r.scenario: {
                    "tables": {k: records_of(v) for k, v in _scenario_tables(r, threshold).items()},
                    "warnings": r.warnings,
                }
                for r in results
            },
            "budget_impacts": {
                bi.name: {
                    "price_base": bi.price_base,
                    "discount_rate": bi.discount_rate,
                    "payback_year": bi.payback_year,
                    "discounted_payback_year": bi.discounted_payback_year,
                    "return_per_pound": bi.return_per_pound,
                    "tables": {k: records_of(v) for k, v in _budget_tables(bi).items()},
                }
                for bi in impacts
            },
        }
        json.dump(doc, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        parts = [tidy(_baseline_tables(econ), "(baseline)")]
        parts += [tidy(_scenario_tables(r, threshold), r.scenario) for r in results]
        parts += [tidy(_budget_tables(bi), bi.name) for bi in impacts]
        pd.concat(parts, ignore_index=True).to_csv(out, index=False)


def demo(out: TextIO | None = None) -> None:
    """The shipped North of Tyne example: the unit-cost comparison, the baseline, and every
    scenario kept with it."""
    out = out or sys.stdout
    econ = ct.examples.north_of_tyne()
    cmp = ct.compare_unit_costs(
        econ.service("specialist_dietitian"), econ.service("health_trainer"), units=500
    )
    print("Unit costs: specialist dietitian against health trainer (Year of Care rates)", file=out)
    print(format_table(cmp.to_frame()), file=out)
    ratio = cmp.ratio
    assert ratio is not None  # both shipped rates are above £0
    print(
        f"Moving 500 hours saves {_money(cmp.saving)}; the trainer costs {ratio:.4f} of the "
        f"dietitian per hour; £1,000 buys {cmp.units_per_budget[0]:.2f} dietitian hours or "
        f"{cmp.units_per_budget[1]:.2f} health-trainer hours.\n",
        file=out,
    )
    results = [econ.apply(s) for s in econ.scenarios.values()]
    report(econ, results, [], "table", out)
    for name in econ.budget_impacts:
        print_budget_impact(econ.budget_impact(name), out)
        mc = econ.budget_monte_carlo(name, iterations=10_000, seed=1)
        cum = mc.summary().loc["cumulative"].astype(float).to_dict()
        print(
            f"Monte Carlo (10,000 iterations, seed 1, {len(mc.input_names)} uncertain inputs): "
            f"cumulative net impact {_money(cum['mean'])}, "
            f"95% interval {_money(cum['p2_5'])} to {_money(cum['p97_5'])}; "
            f"probability of paying back within the horizon {mc.probability_of_payback:.3f}.",
            file=out,
        )


def _money_frame(df: pd.DataFrame) -> str:
    """Every number as £ to the penny; text columns as they are."""
    df = df.copy()
    for col in df.columns:
        if pd.api.types.is_float_dtype(df[col]):
            df[col] = df[col].map(_money)
    return df.to_string()


def print_budget_impact(bi: ct.BudgetImpact, out: TextIO | None = None) -> None:
    """A budget impact as a board paper shows it: one row a cost line and one column a year
    (savings negative), the net and cumulative impact discounted and not, and the headline."""
    out = out or sys.stdout
    title = f"Budget impact: {bi.name} ({bi.price_base} prices)"
    print(f"\n{title}\n{'=' * len(title)}", file=out)
    lines = bi.by_line().drop(columns=["kind", "corner", "commissioner"])
    print_section(
        "By cost line (savings negative; the total row is the net impact)", _money_frame(lines), out
    )
    rows = [
        "net",
        "cumulative",
        "discounted_net",
        "discounted_cumulative",
        "cash_releasing",
        "capacity_releasing",
    ]
    print_section(
        f"Net budget impact by year (discounted at {bi.discount_rate * 100:.1f}% a year; "
        "first year undiscounted)",
        _money_frame(bi.to_frame()[rows].T),
        out,
    )
    print_section("By commissioner", _money_frame(bi.by("commissioner")), out)
    payback = bi.payback_year or "not within the horizon"
    ret = bi.return_per_pound
    print(
        f"\nPayback: {payback} (discounted: {bi.discounted_payback_year or 'not within the horizon'}); "
        f"savings per £1 spent: {_money(ret) if ret is not None else 'n/a'} "
        "(cash- and capacity-releasing together; capacity-releasing savings free time, not money).",
        file=out,
    )
