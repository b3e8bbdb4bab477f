//! A scenario's outcomes beside its baseline's, and its cost-effectiveness against the
//! baseline: the incremental cost-effectiveness ratio (ICER), net monetary benefit and net
//! health benefit, with the quadrant of the cost-effectiveness plane said in words.

use super::{Better, OutcomeSpec, Rate};
use crate::comparison::Comparison;
use crate::economy::Dimension;
use crate::error::{Error, Result};
use crate::report::{money, sum_by_group, Column, Kind, Table, Values};

/// A scenario weighed against its baseline on one outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct CostEffectiveness {
    /// The outcome's id.
    pub outcome: String,
    /// Change in spend, scenario less baseline (£ a year; negative is a saving).
    pub delta_cost: f64,
    /// Outcome gained: the change where more is better, the decrease where less is
    /// (admissions avoided).
    pub delta_outcome: f64,
    /// Cost a unit gained, ΔC / ΔE, where ΔE is not 0.
    pub icer: Option<f64>,
    /// The threshold λ (£ a unit gained) the net benefits are counted at.
    pub threshold: f64,
    /// Net monetary benefit, λ·ΔE − ΔC (£).
    pub net_monetary_benefit: f64,
    /// Net health benefit, ΔE − ΔC / λ (units of the outcome), where λ > 0.
    pub net_health_benefit: Option<f64>,
    /// The quadrant of the cost-effectiveness plane, in words ("dominant: saves money and
    /// gains QALYs gained", "dominated", "costs more for no gain", …).
    pub verdict: String,
}

/// Changes in spend smaller than half a penny are no change (as for the envelope).
const PENNY: f64 = 0.005;

/// The quadrant of (ΔC, ΔE) in words, of an outcome whose gain is a rise (`better` higher:
/// "gains QALYs") or a fall (lower: "avoids admissions").
pub(crate) fn verdict(delta_cost: f64, delta_outcome: f64, outcome: &OutcomeSpec) -> String {
    let (what, unit) = (outcome.label(), outcome.unit_label());
    // "an admission", "a QALY" ("a unit": a u is read as "you").
    let a = if unit.starts_with(['a', 'e', 'i', 'o', 'A', 'E', 'I', 'O']) {
        "an"
    } else {
        "a"
    };
    // An admission is avoided or added, a QALY gained or lost.
    let (gains, loses, gained, lost) = match outcome.better {
        Better::Higher => ("gains", "loses", "gained", "lost"),
        Better::Lower => ("avoids", "adds", "avoided", "added"),
    };
    let cost = if delta_cost.abs() < PENNY { 0.0 } else { delta_cost };
    let gain = delta_outcome;
    match (cost.partial_cmp(&0.0), gain.partial_cmp(&0.0)) {
        (Some(c), Some(g)) => {
            use std::cmp::Ordering::{Equal, Greater, Less};
            match (c, g) {
                (Less, Greater) => format!("dominant: saves money and {gains} {what}"),
                (Equal, Greater) => format!("dominant: {gains} {what} at no extra cost"),
                (Greater, Greater) => format!("costs {} more {a} {unit} {gained}", money(cost / gain)),
                (Greater, Less) => format!("dominated: costs more and {loses} {what}"),
                (Equal, Less) => format!("dominated: {loses} {what} for no saving"),
                (Less, Less) => format!("saves {} {a} {unit} {lost}", money(cost / gain)),
                (Greater, Equal) => "costs more for no gain".into(),
                (Less, Equal) => "saves money for no change".into(),
                (Equal, Equal) => "no change".into(),
            }
        }
        _ => "not a number".into(),
    }
}

impl CostEffectiveness {
    /// Weighs a change in spend against a gain at threshold `lambda`.
    ///
    /// # Errors
    /// A threshold that is negative or not finite.
    pub fn new(outcome: &OutcomeSpec, delta_cost: f64, delta_outcome: f64, lambda: f64) -> Result<Self> {
        crate::param::Range::NonNegative.check("threshold", lambda)?;
        Ok(CostEffectiveness {
            outcome: outcome.id.clone(),
            delta_cost,
            delta_outcome,
            icer: (delta_outcome != 0.0).then(|| delta_cost / delta_outcome),
            threshold: lambda,
            net_monetary_benefit: lambda * delta_outcome - delta_cost,
            net_health_benefit: (lambda > 0.0).then(|| delta_outcome - delta_cost / lambda),
            verdict: verdict(delta_cost, delta_outcome, outcome),
        })
    }

    /// The figures as a one-column table (`figure`, `name`, `amount`), money and outcome
    /// figures each shown as what they are.
    pub fn table(&self) -> Table {
        let rows: [(&str, &str, Option<f64>, Kind); 6] = [
            ("delta_cost", "Change in spend", Some(self.delta_cost), Kind::Money),
            (
                "delta_outcome",
                "Outcome gained",
                Some(self.delta_outcome),
                Kind::Number,
            ),
            ("icer", "Cost a unit gained (ICER)", self.icer, Kind::Money),
            ("threshold", "Threshold (£ a unit)", Some(self.threshold), Kind::Money),
            (
                "net_monetary_benefit",
                "Net monetary benefit",
                Some(self.net_monetary_benefit),
                Kind::Money,
            ),
            (
                "net_health_benefit",
                "Net health benefit",
                self.net_health_benefit,
                Kind::Number,
            ),
        ];
        Table::keyed("figure", rows.iter().map(|r| r.0.into()).collect())
            .text("name", rows.iter().map(|r| r.1.into()).collect())
            .figure("amount", rows.iter().map(|r| r.2).collect())
            .shown_as(Kind::Number)
    }
}

/// Adds a numeric column of `kind` that a total row adds up.
pub(crate) fn push(t: &mut Table, name: &str, values: Vec<f64>, kind: Kind) {
    t.columns.push(Column {
        name: name.into(),
        values: Values::Number(values.into_iter().map(Some).collect()),
        additive: true,
        kind,
    });
}

impl Comparison {
    /// Each service's outcome `o` before and after the scenario.
    pub fn outcome_by_service(&self, o: usize) -> (Vec<f64>, Vec<f64>) {
        let economy = self.baseline();
        let rates = economy.outcome_rates(o);
        let amount = |r: &Rate, s: &crate::service::Service, a: f64| r.amount(a, s.units_per_person());
        let services = economy.services();
        let before = rates
            .iter()
            .zip(services)
            .map(|(r, s)| amount(r, s, s.activity()))
            .collect();
        let after = rates
            .iter()
            .zip(services)
            .zip(self.activity_after())
            .map(|((r, s), a)| amount(r, s, *a))
            .collect();
        (before, after)
    }

    /// Outcome `o` in total before and after the scenario (summed exactly, see `sum.rs`).
    pub fn outcome_totals(&self, o: usize) -> (f64, f64) {
        let (b, a) = self.outcome_by_service(o);
        (crate::sum::total(b), crate::sum::total(a))
    }

    /// Each outcome before, after and changed along `dim`: one row an outcome and group,
    /// keyed by the group (`corner`, `locality`, `service`, …), with the outcome's id, the
    /// group's name, `before`, `after`, `change` (after − before) and `gain` (the change
    /// where more is better, the decrease where less is: admissions avoided).
    pub fn outcomes(&self, dim: Dimension) -> Table {
        let economy = self.baseline();
        let g = economy.groups(dim);
        let n = g.keys.len();
        let (mut keys, mut ids, mut labels) = (Vec::new(), Vec::new(), Vec::new());
        let (mut before, mut after, mut change, mut gain) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (o, spec) in economy.outcomes().iter().enumerate() {
            let (b, a) = self.outcome_by_service(o);
            let b = sum_by_group(&b, &g.of_service, n);
            let a = sum_by_group(&a, &g.of_service, n);
            for k in 0..n {
                keys.push(g.keys[k].clone());
                ids.push(spec.id.clone());
                labels.push(g.labels[k].clone());
                before.push(b[k]);
                after.push(a[k]);
                change.push(a[k] - b[k]);
                gain.push(spec.better.sign() * (a[k] - b[k]));
            }
        }
        let mut t = Table::keyed(dim.id(), keys).text("outcome", ids).text("name", labels);
        push(&mut t, "before", before, Kind::Number);
        push(&mut t, "after", after, Kind::Number);
        push(&mut t, "change", change, Kind::Number);
        push(&mut t, "gain", gain, Kind::Number);
        t
    }

    /// The scenario weighed against its baseline on outcome `outcome`, at `threshold` £ a
    /// unit gained (the outcome's `value` when `None`).
    ///
    /// # Errors
    /// An outcome the economy does not declare (with the nearest id); no threshold given and
    /// none declared as the outcome's value; a negative threshold.
    pub fn cost_effectiveness(&self, outcome: &str, threshold: Option<f64>) -> Result<CostEffectiveness> {
        let economy = self.baseline();
        let o = economy.outcome_index(outcome, "outcome")?;
        let spec = &economy.outcomes()[o];
        let lambda = threshold_of(spec, threshold)?;
        let (b, a) = self.outcome_totals(o);
        CostEffectiveness::new(spec, self.change(), spec.better.sign() * (a - b), lambda)
    }

    /// [`Comparison::cost_effectiveness`] at the outcome's value, or at a threshold of 0
    /// where it has none: for the ICER and the verdict, which need no threshold.
    ///
    /// # Errors
    /// An outcome the economy does not declare (with the nearest id).
    pub fn icer(&self, outcome: &str) -> Result<CostEffectiveness> {
        let economy = self.baseline();
        let o = economy.outcome_index(outcome, "outcome")?;
        let value = economy.outcomes()[o].value;
        self.cost_effectiveness(outcome, Some(value.unwrap_or(0.0)))
    }
}

/// The threshold given, else the outcome's value.
///
/// # Errors
/// Neither given.
pub(crate) fn threshold_of(spec: &OutcomeSpec, threshold: Option<f64>) -> Result<f64> {
    match threshold.or(spec.value) {
        Some(v) => Ok(v),
        None => Err(Error::invalid(
            "threshold",
            "nothing",
            format!(
                "a threshold in £ a {} (threshold=…), or a value on outcome `{}` in the economy",
                spec.unit_label(),
                spec.id
            ),
        )),
    }
}
