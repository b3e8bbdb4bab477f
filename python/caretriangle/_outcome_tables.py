"""A scenario's outcomes and cost-effectiveness as the front ends show them (the command line,
the notebook tables, the brief and the results workbook): one table of each outcome's total
before and after, and one of each outcome's ICER and net benefit at a threshold. The figures
are the core's (`Comparison.outcomes`, `Comparison.net_benefit`); this module only lays them
out, one row an outcome."""

from __future__ import annotations

from typing import Any

import pandas as pd


def declared(economy: Any) -> list[dict[str, Any]]:
    """The economy's outcomes as the file declares them (id, name, unit, better, value)."""
    return list(economy.to_dict().get("outcomes", []))


def totals(res: Any) -> pd.DataFrame:
    """Each outcome's total before and after the scenario and its gain (the fall, where less is
    better): one row an outcome.

    >>> import caretriangle as ct
    >>> t = totals(ct.examples.structured_education().apply("offer to 1,000 more"))
    >>> t.loc["qalys", ["before", "after", "gain"]].round(1).tolist()    # 1,000 and 2,000 x 0.0392
    [39.2, 78.4, 39.2]
    """
    specs = declared(res.baseline)
    # The corners' rows added up by outcome (a total row of several outcomes would add
    # QALYs to admissions).
    by = res.outcomes("corner")
    rows = by.groupby("outcome")[["before", "after", "change", "gain"]].sum()
    df = pd.DataFrame(
        {
            "name": [s.get("name") or s["id"] for s in specs],
            "unit": [s.get("unit") or "" for s in specs],
            "better": [s.get("better", "higher") for s in specs],
            # + 0.0: no gain where less is better is −1 × 0, shown as "-0.00" otherwise.
            "before": [float(rows.loc[s["id"], "before"]) + 0.0 for s in specs],
            "after": [float(rows.loc[s["id"], "after"]) + 0.0 for s in specs],
            "change": [float(rows.loc[s["id"], "change"]) + 0.0 for s in specs],
            "gain": [float(rows.loc[s["id"], "gain"]) + 0.0 for s in specs],
        },
        index=pd.Index([s["id"] for s in specs], name="outcome"),
    )
    df.attrs["kinds"] = {"name": "text", "unit": "text", "better": "text"} | dict.fromkeys(
        ("before", "after", "change", "gain"), "number"
    )
    return df


def threshold_of(spec: dict[str, Any], threshold: float | None) -> float | None:
    """The threshold given, else the outcome's declared value (£ a unit), else None: an
    outcome such as admissions avoided has no agreed price, and £20,000 an admission would be
    no threshold at all, so it gets an ICER and no net benefit."""
    if threshold is not None:
        return float(threshold)
    value = spec.get("value")
    return None if value is None else float(value)


def cost_effectiveness(res: Any, threshold: float | None = None) -> pd.DataFrame:
    """Each outcome's ICER against the baseline, in figures and in words, and its net monetary
    and net health benefit at ``threshold`` (by default the outcome's value, stated in the
    ``threshold`` column; blank, with no net benefit, for an outcome that has none): one row an
    outcome.

    >>> import caretriangle as ct
    >>> t = cost_effectiveness(ct.examples.structured_education().apply("offer to 1,000 more"))
    >>> round(t.loc["qalys", "icer"])                    # 82,000 / 39.2
    2092
    >>> round(t.loc["qalys", "net_monetary_benefit"])    # 20,000 x 39.2 - 82,000
    702000
    >>> t.loc["qalys", "verdict"]
    'costs £2,091.84 more a QALY gained'
    """
    rows = []
    for spec in declared(res.baseline):
        lam = threshold_of(spec, threshold)
        ce = res.icer(spec["id"]) if lam is None else res.net_benefit(spec["id"], threshold=lam)
        rows.append(
            {
                "outcome": spec["id"],
                "name": spec.get("name") or spec["id"],
                "change_in_spend": ce.delta_cost,
                "gain": ce.delta_outcome + 0.0,
                "icer": ce.icer,
                "threshold": lam,
                "net_monetary_benefit": None if lam is None else ce.net_monetary_benefit,
                "net_health_benefit": None if lam is None else ce.net_health_benefit,
                "verdict": ce.verdict,
            }
        )
    columns = ["outcome", "name", "change_in_spend", "gain", "icer", "threshold"]
    columns += ["net_monetary_benefit", "net_health_benefit", "verdict"]
    df = pd.DataFrame(rows, columns=columns).set_index("outcome")
    for c in ("icer", "threshold", "net_monetary_benefit", "net_health_benefit"):
        df[c] = df[c].astype(float)
    df.attrs["kinds"] = {
        "name": "text",
        "change_in_spend": "money",
        "gain": "number",
        "icer": "money",
        "threshold": "money",
        "net_monetary_benefit": "money",
        "net_health_benefit": "number",
        "verdict": "text",
    }
    return df
