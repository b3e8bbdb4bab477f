//! What a tornado, a threshold analysis or Sobol indices of a Monte Carlo model measure: any
//! output of a run (`change`, `qalys`, `qalys_gain`, `net_benefit_qalys`), or the net benefit on
//! an outcome at a threshold of one's choosing, λ·gain − change, worked out from the run's
//! outputs so that no threshold has to be fixed when the model is built.

use super::Model;
use crate::error::{Error, Result};

/// One figure of an evaluation's outputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// The output in this column.
    Column(usize),
    /// Net monetary benefit, `threshold` × the outcome gained (column `gain`) − the change in
    /// spend (column `change`).
    NetBenefit {
        /// The outcome's gain column.
        gain: usize,
        /// The change-in-spend column.
        change: usize,
        /// λ, £ a unit gained.
        threshold: f64,
    },
}

impl From<usize> for Measure {
    fn from(column: usize) -> Self {
        Measure::Column(column)
    }
}

impl Measure {
    /// The figure in one evaluation's outputs.
    pub fn of(self, out: &[f64]) -> f64 {
        match self {
            Measure::Column(c) => out[c],
            Measure::NetBenefit {
                gain,
                change,
                threshold,
            } => threshold * out[gain] - out[change],
        }
    }
}

impl Model {
    /// What `output` of scenario `block` names: an output of the run, or with `threshold`
    /// (£ a unit gained) the net benefit `net_benefit_{outcome}` at it (`net_benefit` alone
    /// where the economy counts one outcome). Without a threshold `net_benefit_{outcome}` is at
    /// the outcome's value, as in the run's outputs.
    ///
    /// # Errors
    /// An unknown scenario or output (with the nearest); `net_benefit` with no outcome or
    /// several; a net benefit with no threshold and no value; a negative threshold; a
    /// threshold with an output that is not a net benefit.
    pub fn measure(&self, block: &str, output: &str, threshold: Option<f64>) -> Result<Measure> {
        let outcomes = &self.extra.outcomes;
        let outcome = if output == "net_benefit" {
            match outcomes.as_slice() {
                [(id, ..)] => Some(id.as_str()),
                [] => {
                    return Err(Error::invalid(
                        "output",
                        "\"net_benefit\"",
                        "an output of the run: net benefit needs an outcome, and the economy counts none",
                    ))
                }
                _ => {
                    return Err(Error::invalid(
                        "output",
                        "\"net_benefit\"",
                        format!(
                            "the net benefit of one of the {} outcomes: {}",
                            outcomes.len(),
                            outcomes
                                .iter()
                                .map(|o| format!("net_benefit_{}", o.0))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ))
                }
            }
        } else {
            output
                .strip_prefix("net_benefit_")
                .filter(|id| outcomes.iter().any(|o| o.0 == *id))
        };
        let Some(id) = outcome else {
            if let Some(t) = threshold {
                return Err(Error::invalid(
                    "threshold",
                    t,
                    format!("given only with a net benefit output (net_benefit_<outcome>), not with {output:?}"),
                ));
            }
            return self.column(block, output).map(Measure::Column);
        };
        let (_, lambda) = self.outcome_and_threshold(id, threshold)?;
        Ok(Measure::NetBenefit {
            gain: self.column(block, &format!("{id}_gain"))?,
            change: self.column(block, "change")?,
            threshold: lambda,
        })
    }
}
