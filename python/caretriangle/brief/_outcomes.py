"""The sections on what the plan buys: each outcome gained, the cost of a unit gained (ICER)
in words and the net monetary benefit at the threshold; and, from a Monte Carlo run, how
likely the plan is to be the best use of the money at that threshold (CEAC) and what
resolving the uncertainty would be worth (EVPI)."""

from __future__ import annotations

from typing import Any

from caretriangle._money import pounds
from caretriangle._outcome_tables import cost_effectiveness, declared, totals
from caretriangle.brief._page import Card, Section, image, table

#: The thresholds a CEAC is drawn over, as multiples of the outcome's threshold.
_CEAC_SPAN = [i / 10 for i in range(0, 26)]


def _amount(x: float) -> str:
    """A count as words give it: whole where it is whole (49 admissions), else to one place
    (152.2 QALYs), or three figures below 10 (0.0392)."""
    if float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.1f}" if abs(x) >= 10 else f"{x:,.3g}"


def _gain_words(row: Any) -> str:
    """'gains 39.2 QALY a year' or 'avoids 49 admission a year', from the outcome's row."""
    unit = row["unit"] or row.name
    if row["better"] == "lower":
        verb = "avoids" if row["gain"] >= 0 else "adds"
    else:
        verb = "gains" if row["gain"] >= 0 else "loses"
    before, after = _amount(row["before"]), _amount(row["after"])
    return f"{verb} {_amount(abs(row['gain']))} {unit}s a year ({before} before, {after} after)"


def outcome_section(res: Any) -> Section | None:
    """What the scenario buys against its baseline, outcome by outcome, in words and figures;
    None where the economy counts no outcomes."""
    if not declared(res.baseline):
        return None
    counted, ce = totals(res), cost_effectiveness(res)
    s = Section("outcomes", "What the plan buys")
    for o in counted.index:
        row, c = counted.loc[o], ce.loc[o]
        words = f"{row['name']}: the plan {_gain_words(row)}. Against the baseline: {c['verdict']}."
        if c["threshold"] == c["threshold"]:  # an outcome with a value (a threshold)
            worth = "worth doing" if c["net_monetary_benefit"] > 0 else "not worth doing"
            words += (
                f" At {pounds(c['threshold'])} a {row['unit'] or o} its net monetary benefit is "
                f"{pounds(c['net_monetary_benefit'])} a year ({worth} at that threshold)."
            )
        s.paragraphs.append(words)
    first = ce.index[0]
    icer = ce.loc[first, "icer"]
    s.cards = [
        Card(f"{counted.loc[first, 'name']}", _amount(counted.loc[first, "gain"])),
        Card("Cost a unit gained (ICER)", "none" if icer != icer else pounds(icer)),
        Card(
            "Net monetary benefit",
            pounds(ce.loc[first, "net_monetary_benefit"]),
            "good" if ce.loc[first, "net_monetary_benefit"] > 0 else "bad",
        ),
    ]
    s.tables.append(
        table(
            counted,
            {"before": "Before", "after": "After", "gain": "Gained"},
            caption="Each outcome a year (gained: the fall, where less is better)",
            index="name",
        )
    )
    s.tables.append(
        table(
            ce,
            {
                "change_in_spend": "Change in spend",
                "icer": "Cost a unit gained (ICER)",
                "threshold": "Threshold",
                "net_monetary_benefit": "Net monetary benefit",
            },
            caption="Against the baseline, at each outcome's threshold",
            index="name",
        )
    )
    return s


def value_section(mc: Any, economy: dict[str, Any], scenario: str | None = None) -> Section | None:
    """From a Monte Carlo run that kept its samples: for each outcome that has a value, the
    probability each option has the highest net benefit (CEAC, drawn from 0 to 2.5 times the
    threshold) and the EVPI at the threshold; `economy` is the run's economy as a dict. None
    where there is nothing to show."""
    from caretriangle.plotting import ceac

    outcomes = [o for o in economy.get("outcomes", []) if o.get("value") is not None]
    if not outcomes:
        return None
    s = Section("value" + (f"-{scenario}" if scenario else ""), "Value for money under uncertainty")
    if mc.samples is None:
        s.bullets.append("The run kept no samples (keep_samples=False), so there is no CEAC or EVPI.")
        return s
    for o in outcomes:
        lam = float(o["value"])
        at = mc.ceac(o["id"], thresholds=[lam])
        options = [c for c in at.columns if c not in ("frontier", "frontier_probability")]
        best = str(at["frontier"].iloc[0])
        e = mc.evpi(outcome=o["id"], threshold=lam)
        unit = o.get("unit") or o["id"]
        words = (
            f"At {pounds(lam)} a {unit} the option with the highest expected net benefit is {best}, "
            f"with a probability of {at[best].iloc[0]:.1%} of being the best"
        )
        if scenario is not None and scenario in options and scenario != best:
            words += f"; {scenario} is the best in {at[scenario].iloc[0]:.1%} of runs"
        s.paragraphs.append(
            words + f". Resolving every uncertain input before deciding would be worth {pounds(e.evpi)} a "
            "year at most (the expected value of perfect information); below the cost of finding out, "
            "further study would not pay."
        )
        s.cards.append(Card(f"EVPI, {o.get('name') or o['id']}", pounds(e.evpi)))
        fig = ceac(mc, o["id"], thresholds=[lam * f for f in _CEAC_SPAN])
        s.images.append(image(fig, f"Cost-effectiveness acceptability curves, {o['id']}"))
    return s
