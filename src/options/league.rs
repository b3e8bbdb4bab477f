//! The league table: every option against the baseline, in order of cost-effectiveness, with
//! the dominance of Drummond et al.'s incremental analysis (`crate::outcomes`' frontier).

use super::Options;
use crate::outcomes::{frontier, verdict, Standing};
use crate::report::{money, Kind, Table};

/// A gain in words: to four decimals, without trailing zeros.
pub(super) fn amount(x: f64) -> String {
    let s = format!("{:.4}", (x * 1e4).round() / 1e4);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

impl Options {
    /// Costs and gains with the baseline (do nothing, 0 and 0) first, then the options.
    pub(super) fn with_baseline(&self) -> (Vec<String>, Vec<f64>, Vec<f64>) {
        let names = std::iter::once("baseline".to_string())
            .chain(self.choices.iter().map(|c| c.name.clone()))
            .collect();
        let costs = std::iter::once(0.0)
            .chain(self.choices.iter().map(|c| c.cost))
            .collect();
        let gains = std::iter::once(0.0)
            .chain(self.choices.iter().map(|c| c.gain))
            .collect();
        (names, costs, gains)
    }

    /// The league table: one row an option and one for the baseline (do nothing), the options
    /// on the cost-effectiveness frontier first in order of cost (so of rising ICER), then the
    /// extendedly dominated, then the strongly dominated, each in order of cost. Columns:
    /// `group`, `cost` (change in spend, £), `gain` (outcome gained), `people` (change in people
    /// reached), `cost_per_gain` (against the baseline), `net_monetary_benefit` (λ·gain −
    /// cost), `net_health_benefit` (gain − cost/λ), `incremental_cost`, `incremental_gain` and
    /// `icer` against the option before it on the frontier, `standing` and `verdict` in words.
    pub fn league(&self) -> Table {
        let (names, costs, gains) = self.with_baseline();
        let (standing, order) = frontier(&costs, &gains);
        let class = |s: &Standing| match s {
            Standing::Frontier(_) => 0,
            Standing::ExtendedlyDominated(..) => 1,
            Standing::Dominated(_) => 2,
        };
        let mut rows = order.clone();
        rows.sort_by_key(|&i| class(&standing[i])); // stable: in order of cost within a class
        let lambda = self.threshold;
        let mut previous: Option<usize> = None;
        let n = names.len();
        let (mut inc_cost, mut inc_gain, mut icers) = (vec![None; n], vec![None; n], vec![None; n]);
        let mut words = vec![String::new(); n];
        for &i in &order {
            words[i] = match &standing[i] {
                Standing::Frontier(icer) => {
                    if let Some(p) = previous {
                        inc_cost[i] = Some(costs[i] - costs[p]);
                        inc_gain[i] = Some(gains[i] - gains[p]);
                    }
                    icers[i] = *icer;
                    previous = Some(i);
                    "on the frontier".to_string()
                }
                Standing::Dominated(by) => {
                    let (dc, dg) = (costs[i] - costs[*by], gains[*by] - gains[i]);
                    let cost = if dc.abs() < super::PENNY {
                        "costs the same".to_string()
                    } else {
                        format!("costs {} more", money(dc))
                    };
                    let gain = if dg == 0.0 {
                        "gains no more".to_string()
                    } else {
                        format!("gains {} less", amount(dg))
                    };
                    format!("dominated by `{}`: {cost} and {gain}", names[*by])
                }
                Standing::ExtendedlyDominated(a, b) => format!(
                    "extendedly dominated by `{}` and `{}`: a mix of them gains more for the money",
                    names[*a], names[*b]
                ),
            };
        }
        let group = |i: usize| match i.checked_sub(1).and_then(|k| self.choices[k].group) {
            Some(g) => self.groups[g].clone(),
            None => String::new(),
        };
        let people = |i: usize| i.checked_sub(1).map_or(0.0, |k| self.choices[k].people);
        let pick = |f: &dyn Fn(usize) -> Option<f64>| rows.iter().map(|&i| f(i)).collect::<Vec<_>>();
        Table::keyed("option", rows.iter().map(|&i| names[i].clone()).collect())
            .text("group", rows.iter().map(|&i| group(i)).collect())
            .figure("cost", pick(&|i| Some(costs[i])))
            .shown_as(Kind::Money)
            .figure("gain", pick(&|i| Some(gains[i])))
            .shown_as(Kind::Number)
            .figure("people", pick(&|i| Some(people(i))))
            .shown_as(Kind::Number)
            .figure(
                "cost_per_gain",
                pick(&|i| (gains[i] != 0.0).then(|| costs[i] / gains[i])),
            )
            .shown_as(Kind::Money)
            .figure("net_monetary_benefit", pick(&|i| Some(lambda * gains[i] - costs[i])))
            .shown_as(Kind::Money)
            .figure(
                "net_health_benefit",
                pick(&|i| (lambda > 0.0).then(|| gains[i] - costs[i] / lambda)),
            )
            .shown_as(Kind::Number)
            .figure("incremental_cost", pick(&|i| inc_cost[i]))
            .shown_as(Kind::Money)
            .figure("incremental_gain", pick(&|i| inc_gain[i]))
            .shown_as(Kind::Number)
            .figure("icer", pick(&|i| icers[i]))
            .shown_as(Kind::Money)
            .text("standing", rows.iter().map(|&i| words[i].clone()).collect())
            .text(
                "verdict",
                rows.iter()
                    .map(|&i| {
                        if i == 0 {
                            "the baseline: do nothing".to_string()
                        } else {
                            verdict(costs[i], gains[i], &self.outcome)
                        }
                    })
                    .collect(),
            )
    }
}
