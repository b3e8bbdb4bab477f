//! The optimiser's answer: the plan as a [`Scenario`] (so every report, the triangle diagram,
//! the flows along the sides, budget impact and Monte Carlo work on it), the objective, each
//! service's activity before and after, and the binding constraints with their shadow prices.

use crate::error::{Location, Result};
use crate::report::{Kind, Table};
use crate::scenario::{Lever, MoneySource, Scenario};
use crate::uncertainty::UncertainValue;

/// A constraint that holds with no slack at the optimum.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The constraint in words, with its limit ("the envelope of £10,000").
    pub constraint: String,
    /// Its limit (£, hours or units of an outcome).
    pub limit: f64,
    /// What one more unit of the limit is worth to the objective (its shadow price); `None`
    /// where the choice is 0/1 among options, where no such price exists.
    pub shadow_price: Option<f64>,
    /// The shadow price in words ("£1 more in the envelope buys 0.00004 QALYs, an implied
    /// threshold of £25,000 a QALY").
    pub meaning: String,
}

/// The plan an optimiser chose. Made by [`crate::Economy::optimise`].
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    pub(crate) scenario: Scenario,
    pub(crate) objective: String,
    pub(crate) unit: String,
    pub(crate) value: f64,
    pub(crate) baseline: f64,
    pub(crate) services: Vec<String>,
    pub(crate) unit_cost: Vec<f64>,
    pub(crate) before: Vec<f64>,
    pub(crate) after: Vec<f64>,
    pub(crate) spend_before: Vec<f64>,
    pub(crate) spend_after: Vec<f64>,
    pub(crate) options: Vec<(String, bool)>,
    pub(crate) binding: Vec<Binding>,
    /// How far short of the best the plan may be, as a share of the best gain (0: proven best).
    pub(crate) gap: f64,
    /// The objective from a Monte Carlo run's outputs of the plan: Σ weight × output.
    pub(crate) outputs: Vec<(f64, String)>,
}

impl Optimum {
    /// How far short of the best plan this one may be, as a share of the best gain: 0 when it
    /// is proven the best; at most the `gap` asked for when the search stopped there.
    #[must_use]
    pub fn gap(&self) -> f64 {
        self.gap
    }

    /// How sure the plan is to be the best, in words: "the proven best", or "within 0.08% of
    /// the best set's gain" where the search stopped at a `gap`.
    #[must_use]
    pub fn proof(&self) -> String {
        if self.gap > 0.0 {
            format!(
                "within {}% of the best set's gain",
                super::words::figure(100.0 * self.gap)
            )
        } else {
            "the proven best".into()
        }
    }

    /// The plan as a scenario of levers ("Optimum for QALYs gained"): apply it to the economy
    /// for every report.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }
    /// What was optimised, in words (`QALYs gained`, `spend`).
    pub fn objective(&self) -> &str {
        &self.objective
    }
    /// One unit of the objective (`QALY`, `£`).
    pub fn unit(&self) -> &str {
        &self.unit
    }
    /// The objective at the optimum.
    pub fn value(&self) -> f64 {
        self.value
    }
    /// The objective today, before the plan.
    pub fn baseline_value(&self) -> f64 {
        self.baseline
    }
    /// Each service's activity after the plan (units a year), in service order.
    pub fn activity(&self) -> &[f64] {
        &self.after
    }
    /// Each option with whether the plan adopts it, in the order given.
    pub fn options(&self) -> &[(String, bool)] {
        &self.options
    }
    /// The constraints that hold with no slack, with their shadow prices.
    pub fn binding(&self) -> &[Binding] {
        &self.binding
    }

    /// One row a service: activity and spend before and after the plan, and the change.
    pub fn activities(&self) -> Table {
        let change = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x - y).collect::<Vec<_>>();
        Table::keyed("service", self.services.clone())
            .figure("unit_cost", self.unit_cost.iter().map(|&c| Some(c)).collect())
            .shown_as(Kind::Money)
            .sum("activity_before", self.before.clone())
            .shown_as(Kind::Count)
            .sum("activity_after", self.after.clone())
            .sum("activity_change", change(&self.after, &self.before))
            .shown_as(Kind::Count)
            .sum("spend_before", self.spend_before.clone())
            .sum("spend_after", self.spend_after.clone())
            .sum("spend_change", change(&self.spend_after, &self.spend_before))
    }

    /// One row a binding constraint: its limit, shadow price and what that means.
    pub fn binding_table(&self) -> Table {
        Table::keyed(
            "constraint",
            self.binding.iter().map(|b| b.constraint.clone()).collect(),
        )
        .figure("limit", self.binding.iter().map(|b| Some(b.limit)).collect())
        .shown_as(Kind::Number)
        .figure("shadow_price", self.binding.iter().map(|b| b.shadow_price).collect())
        .shown_as(Kind::Number)
        .text("meaning", self.binding.iter().map(|b| b.meaning.clone()).collect())
    }
}

/// The scenario of a continuous plan: services that shrink first (their money is released),
/// then those that grow; a service with no activity today is commissioned afresh.
pub(crate) fn plan_scenario(name: &str, ids: &[String], before: &[f64], after: &[f64]) -> Result<Scenario> {
    let mut scenario = Scenario::new(name)?;
    let moved = |i: &usize| (after[*i] - before[*i]).abs() > 1e-12 * before[*i].max(1.0);
    let (shrink, grow): (Vec<usize>, Vec<usize>) = (0..ids.len()).filter(moved).partition(|&i| after[i] < before[i]);
    for i in shrink.into_iter().chain(grow) {
        scenario = scenario.with(if before[i] > 0.0 {
            Lever::scale_activity(&ids[i], after[i] / before[i])?
        } else {
            Lever::Commission {
                service: ids[i].clone(),
                people: None,
                units: Some(UncertainValue::Value(after[i])),
                source: MoneySource::New,
            }
        });
    }
    Ok(scenario)
}

/// The scenario of the chosen options: their levers in turn, each option's references to its
/// own earlier levers (`from_levers`) moved along by the levers before it.
pub(crate) fn options_scenario(name: &str, chosen: &[&Scenario]) -> Result<Scenario> {
    let mut scenario = Scenario::new(name)?;
    for option in chosen {
        let offset = scenario.levers().len();
        for (k, lever) in option.levers().iter().enumerate() {
            let mut lever = lever.clone();
            if let Lever::Reinvest { from_levers, .. } = &mut lever {
                // Names resolved in the option, where they are unique.
                let at = option
                    .lever_indices(k, from_levers)
                    .map_err(|e| e.within(Location::key("levers").at(k)))?;
                *from_levers = at.into_iter().map(|i| (i + offset).into()).collect();
            }
            scenario = scenario.with(lever);
        }
    }
    Ok(scenario)
}
