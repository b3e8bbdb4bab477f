//! A budget impact weighed on its outcomes over the horizon: each outcome gained year by year
//! and discounted at its own rate (see `crate::budget`'s `outcomes.rs`), and the multi-year
//! ICER and net benefit of the discounted net impact against the discounted gain.

use super::report::threshold_of;
use super::CostEffectiveness;
use crate::budget::{BudgetImpact, BudgetModel};
use crate::error::{Error, Result};
use crate::ids;
use crate::report::{Kind, Table};

impl BudgetImpact {
    /// One row a year and a total row: the outcomes' `discount_factor`, each outcome's
    /// `{id}_gain` and `{id}_discounted_gain`, and the `discounted_net` impact (at the
    /// budget's own rate) they are weighed against.
    pub fn outcomes(&self) -> Table {
        let model = self.model();
        let y = model.years() as usize;
        let d = model.outcome_discounting();
        let mut t = Table::keyed("year", self.years())
            .figure("discount_factor", (0..y).map(|i| Some(d.factor(i as u32))).collect());
        for (o, spec) in model.outcome_specs().iter().enumerate() {
            let gains = self.outcome_gains(o);
            let discounted = gains.iter().enumerate().map(|(i, g)| g * d.factor(i as u32)).collect();
            t = t
                .sum(&format!("{}_gain", spec.id), gains.to_vec())
                .shown_as(Kind::Number)
                .sum(&format!("{}_discounted_gain", spec.id), discounted)
                .shown_as(Kind::Number);
        }
        t.sum("discounted_net", self.totals().discounted_net).with_total()
    }

    /// The budget impact weighed on `outcome` over its horizon at `threshold` £ a unit gained
    /// (the outcome's value when `None`): the discounted net impact (costs − savings at the
    /// budget's rate) against the outcome gained, discounted at the outcomes' rate.
    ///
    /// # Errors
    /// An outcome the economy does not declare (with the nearest id); no threshold given and
    /// none declared; a negative threshold.
    pub fn cost_effectiveness(&self, outcome: &str, threshold: Option<f64>) -> Result<CostEffectiveness> {
        let model = self.model();
        let o = outcome_index(model, outcome)?;
        let spec = &model.outcome_specs()[o];
        let lambda = threshold_of(spec, threshold)?;
        let cost = self.totals().discounted_cumulative.last().copied().unwrap_or(0.0);
        let gain = model.outcome_discounting().present_value(self.outcome_gains(o));
        CostEffectiveness::new(spec, cost, gain, lambda)
    }

    /// [`BudgetImpact::cost_effectiveness`] at the outcome's value, or 0 where it has none:
    /// for the ICER and the verdict.
    ///
    /// # Errors
    /// An outcome the economy does not declare (with the nearest id).
    pub fn icer(&self, outcome: &str) -> Result<CostEffectiveness> {
        let model = self.model();
        let value = model.outcome_specs()[outcome_index(model, outcome)?].value;
        self.cost_effectiveness(outcome, Some(value.unwrap_or(0.0)))
    }
}

fn outcome_index(model: &BudgetModel, outcome: &str) -> Result<usize> {
    let id = ids::normal(outcome);
    let specs = model.outcome_specs();
    specs
        .iter()
        .position(|o| o.id == id)
        .ok_or_else(|| Error::unknown("outcome", "outcome", &id, specs.iter().map(|o| o.id.as_str())))
}
