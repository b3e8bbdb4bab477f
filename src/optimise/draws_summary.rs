//! What re-optimising per draw found, counted once over the draws in draw order (so the sums
//! are the same bits however the draws were split): each service's shares of draws in which
//! its optimal activity grows, shrinks or stays against that draw's today, and its mean; each
//! option's share of draws in which it is chosen; the optimal objective's mean and 95% interval.

use crate::economy::Economy;
use crate::montecarlo::sorted_quantile;
use crate::report::{Kind, Table};
use crate::scenario::Scenario;

use super::OptimiseSpec;

/// The optimiser's answers over a sample of draws. Made by [`super::Redraw`].
#[derive(Debug, Clone, PartialEq)]
pub struct OptimumDraws {
    /// What was optimised, in words (`QALYs gained`).
    pub objective: String,
    /// Draws solved.
    pub draws: u64,
    /// The share of draws whose constraints conflict (no plan meets them).
    pub infeasible: f64,
    /// The optimal objective's mean over the feasible draws (NaN if none is).
    pub mean: f64,
    /// Its 2.5% quantile.
    pub low: f64,
    /// Its 97.5% quantile.
    pub high: f64,
    services: Table,
    options: Table,
}

impl OptimumDraws {
    /// One row a service: the shares of all draws in which its optimal activity `grows`,
    /// `shrinks` or `stays` (within 10⁻⁹ of today's, relatively; with the share infeasible
    /// the four add up to 1), and its `mean_activity` at the optimum over the feasible draws.
    pub fn services(&self) -> &Table {
        &self.services
    }
    /// One row an option: the share of all draws in which it is chosen.
    pub fn options(&self) -> &Table {
        &self.options
    }
}

#[allow(clippy::cast_precision_loss)] // draws well below 2^53
pub(crate) fn summarise(
    economy: &Economy,
    options: &[Scenario],
    spec: &OptimiseSpec,
    value: &[f64],
    activity: &[f64],
    chosen: &[u8],
) -> OptimumDraws {
    let n = value.len();
    let services = economy.services().len();
    let feasible: Vec<usize> = (0..n).filter(|&d| !value[d].is_nan()).collect();
    let (all, ok) = (n as f64, feasible.len() as f64);
    let mut grows = vec![0u64; services];
    let mut shrinks = vec![0u64; services];
    let mut stays = vec![0u64; services];
    for &d in &feasible {
        let row = &activity[d * 2 * services..(d + 1) * 2 * services];
        let (before, after) = row.split_at(services);
        for s in 0..services {
            if (after[s] - before[s]).abs() <= 1e-9 * before[s].abs().max(1.0) {
                stays[s] += 1;
            } else if after[s] > before[s] {
                grows[s] += 1;
            } else {
                shrinks[s] += 1;
            }
        }
    }
    let mean_activity = (0..services)
        .map(|s| {
            let total = crate::sum::total(feasible.iter().map(|&d| activity[d * 2 * services + services + s]));
            (ok > 0.0).then(|| total / ok)
        })
        .collect();
    let share = |v: &[u64]| v.iter().map(|&x| Some(x as f64 / all)).collect::<Vec<_>>();
    let services_table = Table::keyed(
        "service",
        economy.services().iter().map(|s| s.id().to_string()).collect(),
    )
    .figure("grows", share(&grows))
    .shown_as(Kind::Share)
    .figure("shrinks", share(&shrinks))
    .shown_as(Kind::Share)
    .figure("stays", share(&stays))
    .shown_as(Kind::Share)
    .figure("mean_activity", mean_activity)
    .shown_as(Kind::Count);
    let k = options.len();
    let picked: Vec<u64> = (0..k)
        .map(|o| (0..n).map(|d| u64::from(chosen[d * k + o])).sum())
        .collect();
    let options_table = Table::keyed("option", options.iter().map(|o| o.name().to_string()).collect())
        .figure("chosen", share(&picked))
        .shown_as(Kind::Share);
    let mut values: Vec<f64> = feasible.iter().map(|&d| value[d]).collect();
    let mean = crate::sum::total(values.iter().copied()) / ok;
    values.sort_by(f64::total_cmp);
    OptimumDraws {
        objective: super::model::objective(economy, spec).map_or_else(|_| String::new(), |o| o.label),
        draws: n as u64,
        infeasible: (n - feasible.len()) as f64 / all,
        mean: if ok > 0.0 { mean } else { f64::NAN },
        low: sorted_quantile(&values, 0.025),
        high: sorted_quantile(&values, 0.975),
        services: services_table,
        options: options_table,
    }
}
