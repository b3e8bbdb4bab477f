//! The cumulative benefit curve against the envelope, and the best affordable set by the
//! league-table rule.
//!
//! Options in a group exclude each other: of each group only its cost-effectiveness frontier
//! (with the baseline) counts, and moving up it is a step from one option to the next (the
//! incremental cost and gain). An option in no group is a group of its own: one step from the
//! baseline if it gains. Steps that gain for no extra cost come first, then the rest by gain a
//! £, highest first (along a frontier the ICERs rise, so a group's steps keep their order).
//! Steps are funded in that order while their cumulative cost stays within the budget; the
//! first that does not fit ends the set (a later, cheaper step is not slotted in). Options'
//! changes are added up as if independent: where two options change the same services, apply
//! them together as one option to see their joint effect.

use super::{Options, PENNY};
use crate::outcomes::{frontier, Standing};
use crate::report::{Kind, Table};

/// One step along the curve: adopt `option` (instead of `from`, the option before it on its
/// group's frontier, or the baseline).
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The option adopted (an index of [`Options::choices`]).
    pub option: usize,
    /// The option of its group it replaces, if any.
    pub from: Option<usize>,
    /// Incremental cost (£).
    pub cost: f64,
    /// Incremental gain.
    pub gain: f64,
}

/// The steps of options with `costs`, `gains` and groups (`group[i]`, `None`: a group of its
/// own), in funding order.
pub(super) fn steps(costs: &[f64], gains: &[f64], group: &[Option<usize>]) -> Vec<Step> {
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut named: Vec<(usize, usize)> = Vec::new(); // (group, position in members)
    for (i, g) in group.iter().enumerate() {
        if let Some(&(_, at)) = g.and_then(|g| named.iter().find(|n| n.0 == g)) {
            members[at].push(i);
        } else {
            if let Some(g) = g {
                named.push((*g, members.len()));
            }
            members.push(vec![i]);
        }
    }
    let mut out = Vec::new();
    for m in &members {
        let c: Vec<f64> = std::iter::once(0.0).chain(m.iter().map(|&i| costs[i])).collect();
        let e: Vec<f64> = std::iter::once(0.0).chain(m.iter().map(|&i| gains[i])).collect();
        let (standing, order) = frontier(&c, &e);
        let (mut at_cost, mut at_gain, mut from) = (0.0, 0.0, None);
        for k in order {
            if k == 0 || e[k] <= 0.0 || !matches!(standing[k], Standing::Frontier(_)) {
                continue;
            }
            let option = m[k - 1];
            out.push(Step {
                option,
                from,
                cost: c[k] - at_cost,
                gain: e[k] - at_gain,
            });
            (at_cost, at_gain, from) = (c[k], e[k], Some(option));
        }
    }
    // Free steps first, then by gain a £; the sort is stable, so ties keep the order given.
    let key = |s: &Step| if s.cost < PENNY { f64::INFINITY } else { s.gain / s.cost };
    out.sort_by(|a, b| key(b).total_cmp(&key(a)));
    out
}

/// How many of `steps` are funded within `budget`: the longest run from the first whose
/// cumulative cost stays within it.
pub(super) fn affordable(steps: &[Step], budget: f64) -> usize {
    let mut total = 0.0;
    steps
        .iter()
        .take_while(|s| {
            total += s.cost;
            total <= budget + PENNY
        })
        .count()
}

impl Options {
    /// The steps of the curve in funding order (see the module's docs).
    pub fn steps(&self) -> Vec<Step> {
        let c = &self.choices;
        let costs: Vec<f64> = c.iter().map(|x| x.cost).collect();
        let gains: Vec<f64> = c.iter().map(|x| x.gain).collect();
        let group: Vec<Option<usize>> = c.iter().map(|x| x.group).collect();
        steps(&costs, &gains, &group)
    }

    /// The best affordable set: the options adopted once the steps within the budget are
    /// funded (of a group, the last step's), in funding order.
    pub fn best_affordable(&self) -> Vec<usize> {
        let steps = self.steps();
        let funded = &steps[..affordable(&steps, self.budget)];
        funded
            .iter()
            .filter(|s| !funded.iter().any(|t| t.from == Some(s.option)))
            .map(|s| s.option)
            .collect()
    }

    /// The curve: one row a step (`1`, `2`, …) with the `option` adopted, `replaces` (the
    /// option of its group it replaces), `group`, incremental `cost` and `gain`,
    /// `gain_per_pound`, `cumulative_cost`, `cumulative_gain`, `cumulative_net_benefit`
    /// (λ·gain − cost, added up), and `budget`: `within` or `beyond`.
    pub fn curve(&self) -> Table {
        let steps = self.steps();
        let funded = affordable(&steps, self.budget);
        let c = &self.choices;
        let name = |i: usize| c[i].name.clone();
        let (mut cum_cost, mut cum_gain) = (Vec::new(), Vec::new());
        let (mut tc, mut tg) = (0.0, 0.0);
        for s in &steps {
            tc += s.cost;
            tg += s.gain;
            cum_cost.push(Some(tc));
            cum_gain.push(Some(tg));
        }
        let lambda = self.threshold;
        let col = |f: &dyn Fn(&Step) -> Option<f64>| steps.iter().map(f).collect::<Vec<_>>();
        Table::keyed("step", (1..=steps.len()).map(|k| k.to_string()).collect())
            .text("option", steps.iter().map(|s| name(s.option)).collect())
            .text(
                "replaces",
                steps.iter().map(|s| s.from.map(name).unwrap_or_default()).collect(),
            )
            .text(
                "group",
                steps
                    .iter()
                    .map(|s| c[s.option].group.map(|g| self.groups[g].clone()).unwrap_or_default())
                    .collect(),
            )
            .figure("cost", col(&|s| Some(s.cost)))
            .shown_as(Kind::Money)
            .figure("gain", col(&|s| Some(s.gain)))
            .shown_as(Kind::Number)
            .figure("gain_per_pound", col(&|s| (s.cost >= PENNY).then(|| s.gain / s.cost)))
            .shown_as(Kind::Number)
            .figure("cumulative_cost", cum_cost.clone())
            .shown_as(Kind::Money)
            .figure("cumulative_gain", cum_gain.clone())
            .shown_as(Kind::Number)
            .figure(
                "cumulative_net_benefit",
                cum_cost
                    .iter()
                    .zip(&cum_gain)
                    .map(|(c, g)| Some(lambda * g.unwrap_or(0.0) - c.unwrap_or(0.0)))
                    .collect(),
            )
            .shown_as(Kind::Money)
            .text(
                "budget",
                (0..steps.len())
                    .map(|k| if k < funded { "within" } else { "beyond" }.to_string())
                    .collect(),
            )
    }
}
