"""The sections on uncertainty: how sure the result is, from a Monte Carlo run of the
scenarios (interval, probability of a saving, tornado) or of a budget impact (interval,
probability of paying back)."""

from __future__ import annotations

from typing import Any

from caretriangle._money import pounds
from caretriangle.brief._page import Card, Section, image, table

SUMMARY = {
    "mean_change": "Mean change",
    "change_p2_5": "2.5th percentile",
    "change_p97_5": "97.5th percentile",
    "prob_saving": "P(saving)",
    "prob_over_envelope": "P(over the envelope)",
}

#: The budget impact run's outputs in words (each year's net change is "Net change, <year>").
BUDGET_OUTPUTS = {
    "cumulative": "Cumulative net impact",
    "discounted_cumulative": "Cumulative net impact, discounted",
    "cash_releasing": "Cash-releasing savings",
    "capacity_releasing": "Capacity-releasing savings",
    "total_costs": "Costs",
}


def _runs(mc: Any) -> str:
    return (
        f"Across {mc.iterations:,} Monte Carlo runs (seed {mc.seed}; {len(mc.input_names)} uncertain "
        "inputs drawn at random, each from the distribution in the assumptions log)"
    )


def scenario_uncertainty(mc: Any, scenario: str) -> Section:
    """Interval, probability of saving and of going over the envelope, histogram, tornado."""
    row = mc.scenario_summary().loc[scenario]
    s = Section(f"uncertainty-{scenario}", f"Uncertainty: {scenario}")
    s.paragraphs.append(
        f"{_runs(mc)}, the change in spend has a mean of {pounds(row['mean_change'])}; 95% of runs "
        f"fall between {pounds(row['change_p2_5'])} and {pounds(row['change_p97_5'])}. The "
        f"probability of a saving is {row['prob_saving']:.1%}, of going over the envelope "
        f"{row['prob_over_envelope']:.1%}."
    )
    s.cards = [
        Card("Mean change", pounds(row["mean_change"])),
        Card("95% interval", f"{pounds(row['change_p2_5'])} to {pounds(row['change_p97_5'])}"),
        Card("P(saving)", f"{row['prob_saving']:.1%}", "good" if row["prob_saving"] >= 0.5 else "bad"),
        Card(
            "P(over the envelope)",
            f"{row['prob_over_envelope']:.1%}",
            "bad" if row["prob_over_envelope"] >= 0.05 else "",
        ),
    ]
    s.images.append(image(mc.plot("change", scenario=scenario), f"Distribution of the change, {scenario}"))
    if mc.samples is None:
        s.bullets.append("The run kept no samples (keep_samples=False), so there is no tornado.")
        return s
    t = mc.tornado(scenario=scenario)
    frame = t.to_frame()
    top = frame[frame["swing"] >= 0.005].head(8)  # inputs that do not move this scenario left out
    if len(top) == 0:
        s.bullets.append("No uncertain input moves this scenario's change: there is no tornado.")
        return s
    fig = t.plot(top=len(top), title=f"What moves the change most: {scenario}")
    s.images.append(image(fig, f"Tornado of the change, {scenario}"))
    s.tables.append(
        table(
            top,
            {"low_output": "Change, input low", "high_output": "Change, input high", "swing": "Swing"},
            caption="The inputs that move the change most (each at its 2.5th and 97.5th percentile, "
            "the others at their means)",
        )
    )
    return s


def monte_carlo_sections(mc: Any) -> list[Section]:
    """A Monte Carlo result on its own: every scenario's summary, then each in turn."""
    lead = Section("headline", "Headline")
    summary = mc.scenario_summary()
    lead.paragraphs.append(
        f"{_runs(mc)}: the change in spend of each scenario against the baseline, with its 95% interval, "
        "the probability of a saving and the probability of going over the envelope."
    )
    scenarios = [str(n) for n in summary.index if n != "baseline"]
    # Most likely to save; of those as likely, the one that saves most on average.
    best = max(
        scenarios, key=lambda n: (summary.loc[n, "prob_saving"], -summary.loc[n, "mean_change"]), default=None
    )
    if best is not None:
        lead.paragraphs.append(
            f"The scenario most likely to save money is {best} "
            f"(P(saving) {summary.loc[best, 'prob_saving']:.1%}, mean change "
            f"{pounds(summary.loc[best, 'mean_change'])})."
        )
    lead.tables.append(table(summary, SUMMARY, caption="By scenario"))
    return [lead, *(scenario_uncertainty(mc, n) for n in scenarios)]


def budget_uncertainty(bmc: Any) -> Section:
    """The budget impact under uncertainty: interval of the cumulative impact, P(payback)."""
    df = bmc.summary()
    cum = df.loc["cumulative"]
    s = Section("budget-uncertainty", "Budget impact under uncertainty")
    s.paragraphs.append(
        f"{_runs(bmc)}, the cumulative net impact has a mean of {pounds(cum['mean'])}; 95% of runs fall "
        f"between {pounds(cum['p2_5'])} and {pounds(cum['p97_5'])}. The probability of paying back "
        f"within the horizon is {bmc.probability_of_payback:.1%}."
    )
    s.cards = [
        Card("Mean cumulative impact", pounds(cum["mean"])),
        Card("95% interval", f"{pounds(cum['p2_5'])} to {pounds(cum['p97_5'])}"),
        Card(
            "P(payback)",
            f"{bmc.probability_of_payback:.1%}",
            "good" if bmc.probability_of_payback >= 0.5 else "bad",
        ),
    ]
    df = df.loc[[o for o in df.index if o not in {"return_per_pound", "pays_back"}]]
    df.index = [BUDGET_OUTPUTS.get(str(o), str(o).replace("net ", "Net change, ")) for o in df.index]
    cols = {"mean": "Mean", "p2_5": "2.5th percentile", "p50": "Median", "p97_5": "97.5th percentile"}
    s.tables.append(table(df, cols, caption="Budget impact, £ (negative is a saving)"))
    s.images.append(image(bmc.plot(), "Distribution of the budget impact"))
    return s
