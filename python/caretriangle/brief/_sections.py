"""The sections of a brief for a scenario's result and for a multi-year budget impact, in a
commissioner's words: what it does, where the money goes, whether it fits the envelope."""

from __future__ import annotations

from typing import Any

import pandas as pd

from caretriangle._money import pounds
from caretriangle.brief._page import Card, Section, image, table
from caretriangle.display import column_kinds
from caretriangle.plotting._common import CORNER_LABELS

SIDES = ("left", "floor", "right")
CHANGE = {"baseline": "Baseline", "scenario": "Scenario", "change": "Change", "scenario_share": "Share after"}


def _corner(c: str) -> str:
    label = CORNER_LABELS.get(c, c)
    return label[:1].lower() + label[1:]


def _change_words(change: float) -> str:
    if abs(change) < 0.005:
        return "no change in spend"
    return f"a saving of {pounds(-change)} a year" if change < 0 else f"{pounds(change)} a year more"


def headline(res: Any, scenario: dict[str, Any]) -> Section:
    """What the scenario does and what it means for the money, in words and key figures."""
    s = Section("headline", "Headline")
    levers = res.lever_table()
    s.paragraphs.append(
        scenario.get("description")
        or f"The scenario applies {len(levers)} levers: " + "; ".join(levers["description"]) + "."
    )
    money = f"It releases {pounds(res.released)} from current services and reinvests {pounds(res.reinvested)}"
    money += " of it"
    money += (
        f", and brings in {pounds(res.new_money)} of new money from outside the envelope."
        if res.new_money >= 0.005
        else "; it needs no new money."
    )
    if res.unspent_release >= 0.005:
        money += f" {pounds(res.unspent_release)} released is not reinvested."
    s.paragraphs.append(money)
    fits = (
        f"is {pounds(res.over_envelope)} over the envelope of {pounds(res.baseline.envelope)}"
        if res.over_envelope >= 0.005
        else f"fits within the envelope of {pounds(res.baseline.envelope)}, leaving "
        f"{pounds(res.headroom_after)} headroom"
    )
    s.paragraphs.append(
        f"Spend goes from {pounds(res.total_before)} to {pounds(res.total_after)}, "
        f"{_change_words(res.change)}, and {fits}."
    )
    flows = res.flows().loc[list(SIDES)]
    big = flows["net"].abs().idxmax()
    if abs(flows.loc[big, "net"]) >= 0.005:
        row = flows.loc[big]
        a, b = (
            (row["from_corner"], row["to_corner"])
            if row["net"] > 0
            else (row["to_corner"], row["from_corner"])
        )
        s.paragraphs.append(
            f"The largest move is {pounds(abs(row['net']))} along the {big} side of the triangle, "
            f"from {_corner(a)} to {_corner(b)}."
        )
    s.cards = [
        Card(
            "Change in spend",
            pounds(res.change),
            "good" if res.change < 0 else "bad" if res.change > 0 else "",
        ),
        Card("Money released", pounds(res.released)),
        Card("Reinvested", pounds(res.reinvested)),
        Card("New money", pounds(res.new_money), "bad" if res.new_money >= 0.005 else ""),
        Card(
            "Fits the envelope",
            "yes" if res.over_envelope < 0.005 else f"no: {pounds(res.over_envelope)} over",
            "good" if res.over_envelope < 0.005 else "bad",
        ),
    ]
    return s


def triangle(res: Any) -> Section:
    from caretriangle import plotting

    s = Section("triangle", "The triangle before and after")
    s.paragraphs.append(
        "Where the money sits across the three corners of the Year of Care triangle: the baseline "
        "alone (left) and the baseline (grey) against the scenario (red), with the money moved "
        "along each side (right)."
    )
    # Both in one figure, so that they share a scale and fill the page's width.
    fig = plotting._figure_type()(figsize=(12.0, 5.6))
    before, after = fig.subplots(1, 2, gridspec_kw={"wspace": 0.3})
    plotting.triangle(res.baseline, ax=before, title="Before")
    plotting.triangle(res, ax=after, title="After")
    s.images = [image(fig, "The triangle diagram before and after the scenario", wide=True)]
    return s


def flows(res: Any) -> Section:
    from caretriangle import plotting

    s = Section("flows", "Money moved along the sides")
    df = res.flows()
    # The three sides always; a within-corner row only where money moved inside the corner.
    df = df[df.index.isin(SIDES) | (df["gross"] > 0)]
    s.paragraphs.append(
        "Forward is money moved from the first corner named to the second, backward the other way; "
        "net is forward less backward."
    )
    s.tables.append(table(df, {"forward": "Forward", "backward": "Backward", "net": "Net"}, index="name"))
    s.images.append(image(plotting.waterfall(res, title="Released, reinvested and new money"), "Waterfall"))
    return s


def change_by(res: Any) -> Section:
    s = Section("change", "Change by corner, commissioner and locality")
    s.paragraphs.append("Spend a year before and after; negative changes are savings.")
    for by, caption in (
        ("corner", "By corner"),
        ("commissioner", "By commissioner"),
        ("locality", "By locality"),
    ):
        df = res.by(by, total=True)
        s.tables.append(table(df, CHANGE, caption=caption, index="name"))
    levers = res.lever_table(total=True)
    s.tables.append(
        table(
            levers,
            {"released": "Released", "reinvested": "Reinvested", "new_money": "New money", "moved": "Moved"},
            caption="By lever",
            index="description",
        )
    )
    if res.warnings:
        s.bullets = [f"Warning: {w}" for w in res.warnings]
    return s


def comparison_sections(res: Any, scenario: dict[str, Any]) -> list[Section]:
    """Headline, triangle, flows and the change by corner, commissioner and locality."""
    return [headline(res, scenario), triangle(res), flows(res), change_by(res)]


def _payback(year: str | None) -> str:
    return year or "not within the horizon"


def budget_sections(bi: Any, *, lead: bool) -> list[Section]:
    """The budget impact by year, by cost line and by commissioner, with payback; `lead`
    makes its words the brief's headline."""
    frame = bi.to_frame()
    s = Section("budget", "Budget impact" if lead else f"Budget impact: {bi.name}")
    years = f"{bi.years[0]} to {bi.years[-1]}"
    total = frame[["total_costs", "total_savings"]].sum()
    cum, dcum = frame["cumulative"].iloc[-1], frame["discounted_cumulative"].iloc[-1]
    ret = bi.return_per_pound
    s.paragraphs.append(
        f"Over {years} ({len(bi.years)} years, {bi.price_base} prices) the plan costs "
        f"{pounds(total['total_costs'])} and saves {pounds(total['total_savings'])} "
        f"({pounds(frame['cash_releasing'].sum())} cash-releasing, "
        f"{pounds(frame['capacity_releasing'].sum())} capacity-releasing, which frees time, not money): "
        f"a cumulative net impact of {pounds(cum)} ({pounds(dcum)} discounted at "
        f"{bi.discount_rate:.1%} a year). "
        + (
            f"It pays back in {bi.payback_year}."
            if bi.payback_year
            else "It does not pay back within the horizon."
        )
        + (f" Each £1 spent saves {pounds(ret)}." if ret is not None else "")
    )
    s.cards = [
        Card("Costs over the horizon", pounds(total["total_costs"])),
        Card("Savings over the horizon", pounds(total["total_savings"])),
        Card("Cumulative net impact", pounds(cum), "good" if cum < 0 else "bad"),
        Card("Payback", _payback(bi.payback_year), "good" if bi.payback_year else "bad"),
    ]
    rows = {
        "people_supported": "People supported",
        "total_costs": "Costs",
        "cash_releasing": "Cash-releasing savings",
        "capacity_releasing": "Capacity-releasing savings",
        "net": "Net change",
        "cumulative": "Cumulative",
        "discounted_cumulative": "Cumulative, discounted",
    }
    s.tables.append(_by_year(frame, rows))
    lines = bi.by_line()
    money_cols = {c: c for c in lines.columns if c not in ("kind", "corner", "commissioner")}
    s.tables.append(
        table(lines, money_cols, caption="By cost line (savings negative; the total row is the net)")
    )
    s.tables.append(
        table(bi.by("commissioner"), {c: c for c in bi.by("commissioner").columns}, caption="By commissioner")
    )
    s.images.append(image(bi.plot(), "Budget impact by financial year"))
    return [s]


def _by_year(frame: pd.DataFrame, rows: dict[str, str]) -> Any:
    """One row a figure and one column a year, each row shown by its kind."""
    kinds = column_kinds(frame)
    out = pd.DataFrame(
        {
            title: frame[col].map(pounds if kinds.get(col) == "money" else "{:,.0f}".format)
            for col, title in rows.items()
        }
    ).T
    out.attrs["kinds"] = {}  # shown already
    return table(out, {c: str(c) for c in out.columns}, caption="By financial year (negative is a saving)")
