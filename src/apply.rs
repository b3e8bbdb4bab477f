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
use crate::scenario::Scenario;

/// Options for [`Economy::apply`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Refuse a scenario that spends more than the envelope (an [`Error::OverEnvelope`])
    /// instead of reporting it.
    pub strict: bool,
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
            .enumerate()
            .map(|(i, (_, l))| LeverOutcome {
                description: scenario.describe_lever(i),
                released: l.released,
                reinvested: l.reinvested,
                new_money: l.new_money,
                moved: l.moved,
                people: l.people,
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
