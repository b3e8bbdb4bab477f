//! Applying a scenario's levers to a baseline, with a ledger of every pound that moves.
//!
//! The arithmetic lives in [`crate::plan`], shared with Monte Carlo runs. The ledger is kept
//! from each lever's own arithmetic (share × activity × unit cost, the amount shifted, …),
//! apart from the services' new unit costs and activity, so that the conservation test
//! (spend after = spend before + new money + reinvested − released) checks one against the
//! other.

use crate::comparison::{Comparison, LeverOutcome};
use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::plan::Plan;
use crate::scenario::{ReinvestBy, Scenario};

/// Options for [`Economy::apply`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Refuse a scenario that spends more than the envelope (an [`Error::OverEnvelope`])
    /// instead of reporting it.
    pub strict: bool,
}

/// How much of £1 goes to each service in `into`, from `by` and the services' localities.
///
/// # Errors
/// A basis that needs localities where a service has none, two services in one locality,
/// weights that name unknown localities or leave one out, or weights that add up to 0.
pub(crate) fn reinvest_weights(economy: &Economy, into: &[String], by: &ReinvestBy) -> Result<Vec<f64>> {
    let mut raw = Vec::with_capacity(into.len());
    let mut localities: Vec<&str> = Vec::new();
    for (i, id) in into.iter().enumerate() {
        let field = format!("into[{i}]");
        let service = &economy.services()[economy.service_index(id, &field)?];
        let locality = match (by, service.locality()) {
            (ReinvestBy::Equal, _) => None,
            // One service takes all the money, whatever the basis.
            (_, loc) if into.len() == 1 => loc,
            (_, Some(loc)) => Some(loc),
            (_, None) => {
                return Err(Error::invalid(
                    field,
                    format!("{id:?}"),
                    "a service with a locality, to spread money by locality (or use by = \"equal\")",
                ))
            }
        };
        if let Some(loc) = locality {
            if localities.contains(&loc) && !matches!(by, ReinvestBy::Equal) {
                return Err(Error::invalid(
                    field,
                    format!("{id:?}"),
                    format!("one service per locality; `{loc}` has two"),
                ));
            }
            localities.push(loc);
        }
        let weight = match by {
            ReinvestBy::Equal => 1.0,
            _ if into.len() == 1 => 1.0,
            ReinvestBy::Register => economy
                .locality(locality.unwrap_or_default())
                .map_or(0.0, |l| l.people()),
            ReinvestBy::Need => economy
                .locality(locality.unwrap_or_default())
                .map_or(0.0, |l| l.people() * l.need()),
            ReinvestBy::Weights(w) => *w.get(locality.unwrap_or_default()).ok_or_else(|| {
                Error::invalid(
                    "by",
                    format!("weights without `{}`", locality.unwrap_or_default()),
                    format!("a weight for every locality in `into` ({id} serves it)"),
                )
            })?,
        };
        raw.push(weight);
    }
    if let ReinvestBy::Weights(w) = by {
        for loc in w.keys() {
            if !localities.contains(&loc.as_str()) {
                let known = economy.locality(loc).is_some();
                return Err(if known {
                    Error::invalid(
                        format!("by.{loc}"),
                        "a weight",
                        "weights only for localities of the services in `into`",
                    )
                } else {
                    Error::unknown(
                        format!("by.{loc}"),
                        "locality",
                        loc,
                        economy.localities().iter().map(|l| l.id.as_str()),
                    )
                });
            }
        }
    }
    let total: f64 = raw.iter().sum();
    if total <= 0.0 || !total.is_finite() {
        return Err(Error::invalid(
            "by",
            format!("weights adding up to {total}"),
            "weights that add up to more than 0",
        ));
    }
    Ok(raw.into_iter().map(|w| w / total).collect())
}

impl Economy {
    /// Applies a scenario's levers in order to this economy, which is left as it was, and
    /// compares the result with it.
    ///
    /// # Errors
    /// An id a lever names that does not exist; a shift of more money than a service
    /// spends; reinvesting more released money than earlier levers released; money put into
    /// a service whose unit cost is 0; under `strict`, a scenario over the envelope. Lever
    /// errors are named by their path (`levers[2].amount`).
    pub fn apply(&self, scenario: &Scenario, options: ApplyOptions) -> Result<Comparison> {
        let plan = Plan::compile(self, &[scenario])?;
        let mut ws = plan.workspace();
        plan.run(0, plan.base(), &mut ws, true)?;
        let levers = scenario
            .levers()
            .iter()
            .zip(&ws.levers)
            .map(|(lever, l)| LeverOutcome {
                description: lever.describe(),
                released: l.released,
                reinvested: l.reinvested,
                new_money: l.new_money,
                moved: l.moved,
            })
            .collect();
        let comparison = Comparison::new(
            self.clone(),
            scenario.name().to_string(),
            ws.unit_cost,
            ws.activity,
            ws.changed,
            ws.flows,
            levers,
        );
        if options.strict && comparison.over_envelope() > 0.0 {
            return Err(Error::OverEnvelope {
                scenario: scenario.name().into(),
                spend: comparison.total_after(),
                envelope: self.envelope(),
                over: comparison.over_envelope(),
            });
        }
        Ok(comparison)
    }
}
