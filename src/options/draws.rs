//! The options under Monte Carlo: in each draw of the uncertain inputs, every option's change
//! in spend and outcome gained (one run of the economy's Monte Carlo model with the options
//! as its scenarios), and from them the draw's frontier, the option with the highest net
//! benefit and the best affordable set, by the same rules as the deterministic analysis.
//! The draws come from the one chunked driver, so the same seed gives the same numbers
//! whatever the number of threads.

use super::curve::{affordable, steps};
use super::Options;
use crate::error::{Error, Result};
use crate::montecarlo::{Model, MonteCarloOptions};
use crate::outcomes::{frontier, Standing};
use crate::report::{Kind, Table};

impl Options {
    /// Runs the options through `mc` (samples are kept whatever `mc.keep_samples` says) and
    /// gives one row for the baseline and one an option: `mean_cost`, `mean_gain`, and the
    /// share of draws in which it is `on_frontier` (of the league table), has the
    /// `highest_net_benefit` (λ·gain − cost; the first in the order given on a tie, the
    /// baseline first) and is `in_best_affordable` (for the baseline: the set is empty).
    /// `highest_net_benefit` sums to 1 over the rows.
    ///
    /// # Errors
    /// As [`Model::new`] and [`Model::run`] (an interrupted run never is here: no progress
    /// callback stops it).
    pub fn monte_carlo(&self, mc: &MonteCarloOptions) -> Result<Table> {
        let scenarios: Vec<&crate::scenario::Scenario> = self.scenarios.iter().collect();
        let model = Model::new(&self.economy, &scenarios, Vec::new())?;
        let options = MonteCarloOptions {
            keep_samples: true,
            ..mc.clone()
        };
        let run = model.run(&options, &mut |_, _| true)?;
        let samples = run
            .samples
            .ok_or_else(|| Error::invalid("keep_samples", "False", "True: options need every draw"))?;
        let gain_column = format!("{}_gain", self.outcome.id);
        let mut columns = Vec::with_capacity(self.choices.len());
        for c in &self.choices {
            columns.push((model.column(&c.name, "change")?, model.column(&c.name, &gain_column)?));
        }
        let n = self.choices.len() + 1;
        let group: Vec<Option<usize>> = self.choices.iter().map(|c| c.group).collect();
        let (mut frontier_count, mut best_count, mut set_count) = (vec![0u64; n], vec![0u64; n], vec![0u64; n]);
        let (mut cost_sum, mut gain_sum) = (vec![0.0; n], vec![0.0; n]);
        let (mut costs, mut gains) = (vec![0.0; n], vec![0.0; n]);
        for row in samples.rows() {
            for (k, &(c, g)) in columns.iter().enumerate() {
                costs[k + 1] = row[c];
                gains[k + 1] = row[g];
                cost_sum[k + 1] += row[c];
                gain_sum[k + 1] += row[g];
            }
            let (standing, _) = frontier(&costs, &gains);
            for (k, s) in standing.iter().enumerate() {
                frontier_count[k] += u64::from(matches!(s, Standing::Frontier(_)));
            }
            let nb = |k: usize| self.threshold * gains[k] - costs[k];
            let best = (1..n).fold(0, |b, k| if nb(k) > nb(b) { k } else { b });
            best_count[best] += 1;
            let steps = steps(&costs[1..], &gains[1..], &group);
            let funded = &steps[..affordable(&steps, self.budget)];
            set_count[0] += u64::from(funded.is_empty());
            for s in funded
                .iter()
                .filter(|s| !funded.iter().any(|t| t.from == Some(s.option)))
            {
                set_count[s.option + 1] += 1;
            }
        }
        #[allow(clippy::cast_precision_loss)] // iterations well below 2^53
        let draws = samples.nrows() as f64;
        let share = |v: &[u64]| v.iter().map(|&x| Some(x as f64 / draws)).collect::<Vec<_>>();
        let mean = |v: &[f64]| v.iter().map(|&x| Some(x / draws)).collect::<Vec<_>>();
        let names = std::iter::once("baseline".to_string())
            .chain(self.choices.iter().map(|c| c.name.clone()))
            .collect();
        Ok(Table::keyed("option", names)
            .figure("mean_cost", mean(&cost_sum))
            .shown_as(Kind::Money)
            .figure("mean_gain", mean(&gain_sum))
            .shown_as(Kind::Number)
            .figure("on_frontier", share(&frontier_count))
            .shown_as(Kind::Share)
            .figure("highest_net_benefit", share(&best_count))
            .shown_as(Kind::Share)
            .figure("in_best_affordable", share(&set_count))
            .shown_as(Kind::Share))
    }
}
