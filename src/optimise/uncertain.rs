//! The optimal plan under uncertainty: its scenario run through the economy's Monte Carlo
//! model (the one engine every run uses), read back in the optimiser's words: the probability
//! the plan stays within the envelope, and the distribution of its objective.
//!
//! The plan fixes each service's activity (as levers scaling today's); in a draw the unit
//! costs, outcomes a unit and the rest of the uncertain inputs move, so the plan's spend, and
//! with it whether it keeps to the envelope, and its objective move with them.

use ndarray::ArrayView2;

use super::Optimum;
use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::montecarlo::{sorted_quantile, Model, MonteCarloOptions, MonteCarloResult};

/// The optimal plan through Monte Carlo, in the optimiser's words. Made by
/// [`Optimum::uncertainty`].
#[derive(Debug, Clone, PartialEq)]
pub struct PlanUncertainty {
    /// What was optimised, in words (`QALYs gained`).
    pub objective: String,
    /// One unit of it (`QALY`, `£`).
    pub unit: String,
    /// The share of draws in which the plan's spend is within the envelope (not over it by
    /// more than half a penny, as `over_envelope_indicator` counts).
    pub within_envelope: f64,
    /// The objective's mean over the draws.
    pub mean: f64,
    /// Its 2.5% quantile (numpy's linear interpolation between order statistics).
    pub low: f64,
    /// Its 97.5% quantile.
    pub high: f64,
    /// Draws.
    pub iterations: u64,
}

impl PlanUncertainty {
    /// In words: "The plan stays within the envelope in 81.2% of 20000 draws; QALYs gained
    /// 3.4 on average (95% interval 3.4 to 3.4)".
    pub fn words(&self) -> String {
        format!(
            "The plan stays within the envelope in {:.1}% of {} draws; {} {} on average (95% interval {} to {})",
            100.0 * self.within_envelope,
            self.iterations,
            self.objective,
            super::words::figure(self.mean),
            super::words::figure(self.low),
            super::words::figure(self.high),
        )
    }
}

impl Optimum {
    /// The plan's scenario through the economy's Monte Carlo model with `mc` (samples are
    /// kept whatever `mc.keep_samples` says: the objective's quantiles need every draw), and
    /// the run read in the optimiser's words.
    ///
    /// # Errors
    /// As [`Model::new`] and [`Model::run`].
    pub fn monte_carlo(
        &self,
        economy: &Economy,
        mc: &MonteCarloOptions,
    ) -> Result<(MonteCarloResult, PlanUncertainty)> {
        let model = Model::new(economy, &[&self.scenario], Vec::new())?;
        let options = MonteCarloOptions {
            keep_samples: true,
            ..mc.clone()
        };
        let result = model.run(&options, &mut |_, _| true)?;
        let samples = result.samples.as_ref().ok_or_else(|| {
            Error::invalid(
                "keep_samples",
                "False",
                "True: the objective's quantiles need every draw",
            )
        })?;
        let words = self.uncertainty(&result.columns, samples.view())?;
        Ok((result, words))
    }

    /// A Monte Carlo run of the plan's scenario read in the optimiser's words: `columns` are
    /// the run's `(scenario, output)` columns and `samples` its rows of outputs.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] on `samples` when the run has not the plan's scenario or is
    /// empty.
    pub fn uncertainty(&self, columns: &[(String, String)], samples: ArrayView2<'_, f64>) -> Result<PlanUncertainty> {
        let block = self.scenario.name();
        let column = |output: &str| {
            columns
                .iter()
                .position(|(b, o)| b == block && o == output)
                .ok_or_else(|| {
                    Error::invalid(
                        "samples",
                        format!("a run without {block}'s {output}"),
                        "a Monte Carlo run of the optimum's scenario",
                    )
                })
        };
        if samples.nrows() == 0 {
            return Err(Error::invalid("samples", "no rows", "at least one draw"));
        }
        let over = column("over_envelope_indicator")?;
        let terms = self
            .outputs
            .iter()
            .map(|(w, o)| Ok((*w, column(o)?)))
            .collect::<Result<Vec<_>>>()?;
        let mut values: Vec<f64> = samples
            .rows()
            .into_iter()
            .map(|row| crate::sum::total(terms.iter().map(|&(w, c)| w * row[c])))
            .collect();
        #[allow(clippy::cast_precision_loss)] // draws well below 2^53
        let n = values.len() as f64;
        let within = samples.column(over).iter().filter(|&&x| x == 0.0).count() as f64 / n;
        let mean = crate::sum::total(values.iter().copied()) / n;
        values.sort_by(f64::total_cmp);
        Ok(PlanUncertainty {
            objective: self.objective.clone(),
            unit: self.unit.clone(),
            within_envelope: within,
            mean,
            low: sorted_quantile(&values, 0.025),
            high: sorted_quantile(&values, 0.975),
            iterations: samples.nrows() as u64,
        })
    }
}
