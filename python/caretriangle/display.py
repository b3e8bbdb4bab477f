"""Compact HTML tables for notebooks (``_repr_html_``), built from each object's frames.

Money is shown as £ with thousands separators, shares as percentages, so a table pastes
into a board paper as it is.

>>> import caretriangle as ct
>>> "Total" in ct.examples.north_of_tyne()._repr_html_()
True
"""

from __future__ import annotations

import html as _html
from collections.abc import Callable
from typing import Any

import pandas as pd

from caretriangle import _core
from caretriangle._money import pounds
from caretriangle._outcome_tables import cost_effectiveness, declared, totals


def _share(x: Any) -> str:
    return "" if x is None or pd.isna(x) else f"{x:.1%}"


def _number(x: Any) -> str:
    return "" if x is None or pd.isna(x) else f"{x:,.4g}" if abs(x) < 1 else f"{x:,.1f}"


#: How each kind of column is shown (`_core` tells each frame's kinds in `df.attrs`).
_SHOWN: dict[str, Callable[[Any], str]] = {
    "money": pounds,
    "share": _share,
    "count": _number,
    "number": _number,
}


def _table(df: pd.DataFrame) -> str:
    kinds = column_kinds(df)
    cells = cell_kinds(df)
    df = df.copy()
    fmt = {}
    for c in df.columns:
        shown = set(cells[c])
        if len(shown) > 1:
            # A column whose rows are different quantities (a summary's mean): each figure as
            # its row's kind, written out here.
            df[c] = [_SHOWN[k](v) if k in _SHOWN else v for k, v in zip(cells[c], df[c], strict=True)]
        elif kinds.get(c) in _SHOWN:
            fmt[c] = _SHOWN[kinds[c]]
    return df.to_html(formatters=fmt, na_rep="", border=0, classes="caretriangle")


def column_kinds(df: pd.DataFrame) -> dict[str, str]:
    """What each column of a report frame holds (``money``, ``share``, ``count``, ``number``,
    ``text``), as the core says where it makes the table; the command line, these tables and
    the workbooks all show a column by it.

    >>> import caretriangle as ct
    >>> kinds = column_kinds(ct.examples.north_of_tyne().spend_by("corner"))
    >>> kinds["spend"], kinds["share_of_envelope"], kinds["name"]
    ('money', 'share', 'text')
    """
    kinds = df.attrs.get("kinds")
    if kinds is not None:
        return dict(kinds)
    # A frame made in Python: its numeric columns by the core's list of column names.
    return {
        str(c): _core._column_kind(str(c)) if pd.api.types.is_numeric_dtype(df[c]) else "text"
        for c in df.columns
    }


def cell_kinds(df: pd.DataFrame) -> pd.DataFrame:
    """What each figure of a report frame holds, row by row: its column's kind (see
    :func:`column_kinds`), or, in a table whose rows are different quantities (the core says
    so in ``df.attrs["row_kinds"]``), its row's kind, so that a summary's mean is £ on the row
    ``change`` and a count on the row ``people_reached``.

    >>> import caretriangle as ct
    >>> res = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=100, seed=1).run()
    >>> cells = cell_kinds(res.summary())
    >>> cells.loc[("skill mix", "change"), "mean"], cells.loc[("skill mix", "people_reached"), "mean"]
    ('money', 'count')
    >>> cells.loc[("skill mix", "people_reached"), "prob_below_zero"]
    'share'
    """
    kinds = column_kinds(df)
    cells = pd.DataFrame({c: [kinds.get(str(c), "text")] * len(df) for c in df.columns}, index=df.index)
    rows = df.attrs.get("row_kinds")
    if rows:
        key = rows["key"]
        names = df[key] if key in df.columns else df.index.get_level_values(key)
        of_row = [rows["kinds"].get(n) for n in names]
        for c in rows["columns"]:
            if c in cells.columns:
                cells[c] = [r or k for r, k in zip(of_row, cells[c], strict=True)]
    return cells


def _header(title: str, facts: list[str]) -> str:
    items = "; ".join(_html.escape(f) for f in facts)
    return f"<p><b>{_html.escape(title)}</b><br><small>{items}</small></p>"


def _economy(e: Any) -> str:
    facts = [
        f"envelope {pounds(e.envelope)}",
        f"spend {pounds(e.total_spend)}",
        f"headroom {pounds(e.headroom)}",
        f"{len(e.services)} services, {len(e.localities)} localities",
        f"{e.price_year} prices",
    ]
    df = e.spend_by("corner", total=True)
    return _header(f"Economy: {e.name}", facts) + _table(df)


def _comparison(c: Any) -> str:
    facts = [
        f"spend {pounds(c.total_before)} → {pounds(c.total_after)}",
        f"change {pounds(c.change)}",
        f"released {pounds(c.released)}",
        f"reinvested {pounds(c.reinvested)}",
        f"new money {pounds(c.new_money)}",
        f"headroom after {pounds(c.headroom_after)}",
    ]
    by = _table(c.by("corner", total=True))
    flows = c.flows()
    flows = flows.loc[flows["gross"].abs() >= 0.005, ["name", "net", "gross"]]
    out = _header(f"Scenario: {c.scenario}", facts) + by
    if len(flows):
        out += "<p><small>Money moved along the sides and within the corners</small></p>" + _table(flows)
    if declared(c.baseline):
        out += _outcomes(c)
    if c.warnings:
        out += "<ul>" + "".join(f"<li>{_html.escape(w)}</li>" for w in c.warnings) + "</ul>"
    return out


def _outcomes(c: Any) -> str:
    """A scenario's outcomes before and after, and each outcome's ICER and net benefit in
    figures and in words (at the outcome's value, else £20,000)."""
    ce = cost_effectiveness(c)
    words = "".join(
        f"<li>{_html.escape(str(ce.loc[o, 'name']))}: {_html.escape(str(ce.loc[o, 'verdict']))}; "
        f"net monetary benefit {pounds(ce.loc[o, 'net_monetary_benefit'])} at "
        f"{pounds(ce.loc[o, 'threshold'])} a unit</li>"
        for o in ce.index
    )
    return (
        "<p><small>Outcomes (gain: the fall, where less is better)</small></p>"
        + _table(totals(c))
        + "<p><small>Cost-effectiveness against the baseline</small></p>"
        + _table(ce.drop(columns=["verdict"]))
        + f"<ul>{words}</ul>"
    )


def _cost_effectiveness(ce: Any) -> str:
    icer = "no ICER (nothing gained or lost)" if ce.icer is None else f"ICER {pounds(ce.icer)} a unit gained"
    facts = [
        ce.verdict,
        icer,
        f"net monetary benefit {pounds(ce.net_monetary_benefit)} at {pounds(ce.threshold)} a unit",
    ]
    return _header(f"Cost-effectiveness on {ce.outcome}", facts) + _table(ce.to_frame())


def _incremental(t: Any) -> str:
    """Drummond's incremental table: the frontier in order, then what is set aside, in words."""
    standing = t["standing"] if "standing" in t.columns else pd.Series(dtype=object)
    frontier = [str(n) for n, s in standing.items() if s == "on the frontier"]
    aside = [f"{n} ({s})" for n, s in standing.items() if s != "on the frontier"]
    facts = [f"frontier in order of cost: {' → '.join(frontier) or 'none'}"]
    facts += [f"set aside: {', '.join(aside)}"] if aside else []
    return _header(f"Incremental table on {t.attrs.get('outcome', '')}", facts) + _table(t)


def _unit_costs(u: Any) -> str:
    a, b = u.services
    facts = [
        f"ratio {u.ratio:.4f}" if u.ratio is not None else f"ratio undefined ({_html.escape(a)} costs £0)",
        f"difference {pounds(u.difference)} per {u.unit}",
        f"saving {pounds(u.saving)} on {u.units:,.0f} {u.unit}s",
    ]
    if u.price_year:
        facts.append(f"{u.price_year} prices")
    return _header(f"Unit costs: {a} vs {b}", facts) + _table(u.to_frame())


def _monte_carlo(r: Any) -> str:
    facts = [
        f"{r.iterations:,} iterations",
        f"seed {r.seed}",
        f"{len(r.input_names)} uncertain inputs",
        "samples kept" if r.samples is not None else "samples not kept",
    ]
    df = r.scenario_summary()
    return _header("Monte Carlo result", facts) + _table(df)


def _tornado(t: Any) -> str:
    facts = [f"base {pounds(t.base)}", "each input at its low and high percentile, the others at base"]
    return _header(f"Tornado of {t.output}{_of_scenario(t)}", facts) + _table(t.to_frame())


def _sobol(s: Any) -> str:
    df = s.to_frame()
    facts = ["first-order (S1) and total-order (ST) indices with interval half-widths"]
    return _header(f"Sobol indices of {s.output}{_of_scenario(s)}", facts) + _table(df)


def _of_scenario(study: Any) -> str:
    """The scenario a tornado or Sobol study read, as its charts' titles name it."""
    return f" ({study.scenario})" if study.scenario else ""


def _evpi(e: Any) -> str:
    value = pounds(e.evpi) if e.criterion in ("cost", "net_benefit") else f"{e.evpi:,.4g}"
    facts = [f"EVPI {value} per decision", f"best on average: {e.best}", f"criterion {e.criterion}"]
    return _header("Expected value of perfect information", facts) + _table(e.to_frame())


#: The budget impact's columns a notebook shows (the rest are in `to_frame()`).
BUDGET_COLUMNS = [
    "people_supported",
    "total_costs",
    "cash_releasing",
    "capacity_releasing",
    "net",
    "cumulative",
    "discounted_cumulative",
]


def _budget_impact(b: Any) -> str:
    df = b.to_frame()
    payback = b.payback_year or "not within the horizon"
    rpp = b.return_per_pound
    facts = [
        f"{b.years[0]} to {b.years[-1]}",
        f"{b.price_base} prices",
        f"discounted at {b.discount_rate:.1%} a year",
        f"payback {payback}",
        f"{pounds(rpp) if rpp is not None else 'nothing'} saved per £1 spent",
        "negative is a saving",
    ]
    cols = [c for c in BUDGET_COLUMNS if c in df.columns]
    return _header(f"Budget impact: {b.name}", facts) + _table(df[cols])


def _budget_monte_carlo(r: Any) -> str:
    facts = [
        f"{r.iterations:,} iterations",
        f"seed {r.seed}",
        f"{len(r.input_names)} uncertain inputs",
        f"P(payback within the horizon) {r.probability_of_payback:.1%}",
    ]
    df = r.summary()
    keep = [o for o in df.index if o not in {"return_per_pound", "pays_back"}]
    return _header("Budget impact under uncertainty", facts) + _table(df.loc[keep])


def _optimum(o: Any) -> str:
    facts = [
        f"{o.objective} {_number(o.value)} (today {_number(o.baseline_value)})",
        o.proof,
        f"scenario {o.scenario.name!r}: apply it for every report",
    ]
    out = _header(f"Optimum: {o.objective}", facts)
    binding = o.binding()
    if len(binding):
        out += "<p><small>Binding constraints and what one more unit of each is worth</small></p>"
        out += _table(binding)
    acts = o.activities()
    moved = acts.loc[acts["activity_change"].abs() > 0]
    return out + "<p><small>Services the plan changes</small></p>" + _table(moved)


_BY_TYPE: dict[str, Callable[[Any], str]] = {
    "Economy": _economy,
    "Comparison": _comparison,
    "CostEffectiveness": _cost_effectiveness,
    "UnitCostComparison": _unit_costs,
    "MonteCarloResult": _monte_carlo,
    "Tornado": _tornado,
    "SobolIndices": _sobol,
    "Evpi": _evpi,
    "BudgetImpact": _budget_impact,
    "BudgetMonteCarloResult": _budget_monte_carlo,
    "Optimum": _optimum,
    "IncrementalTable": _incremental,
}


def html(obj: Any) -> str:
    """The HTML a notebook shows for a caretriangle object.

    >>> import caretriangle as ct
    >>> cmp = ct.examples.north_of_tyne().apply("skill mix")
    >>> "Scenario: skill mix" in html(cmp)
    True
    """
    try:
        render = _BY_TYPE[type(obj).__name__]
    except KeyError:
        raise TypeError(f"no HTML display for {type(obj).__name__}") from None
    return render(obj)


__all__ = ["cell_kinds", "column_kinds", "html", "pounds"]
