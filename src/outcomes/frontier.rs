//! Several options side by side on one outcome: the incremental analysis of Drummond et al.
//! (Methods for the Economic Evaluation of Health Care Programmes, 4th ed., 2015, ch. 4):
//! options in order of cost; those strongly dominated (costing as much or more than another
//! for no more gain) set aside; then those extendedly dominated (a mix of their neighbours
//! would gain more for the money: their ICER is above the next option's) set aside in turn;
//! ICERs between neighbours on what is left, the cost-effectiveness frontier.

use crate::comparison::Comparison;
use crate::error::{Error, Result};
use crate::ids;
use crate::report::{Kind, Table};

use super::report::push;

/// Where an option stands on the frontier.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// On the frontier; the ICER against the option before it there (`None` for the first).
    Frontier(Option<f64>),
    /// Strongly dominated by this option: it costs no less and gains no more.
    Dominated(usize),
    /// Extendedly dominated: a mix of these two options beats it.
    ExtendedlyDominated(usize, usize),
}

/// The standing of each option with `costs[i]` and `effects[i]` (gain, more is better), and
/// the options in order of cost (ties: more effect first, then the order given).
pub fn frontier(costs: &[f64], effects: &[f64]) -> (Vec<Standing>, Vec<usize>) {
    let n = costs.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        costs[a]
            .total_cmp(&costs[b])
            .then(effects[b].total_cmp(&effects[a]))
            .then(a.cmp(&b))
    });
    let mut standing = vec![Standing::Frontier(None); n];
    let mut kept: Vec<usize> = Vec::with_capacity(n);
    for &i in &order {
        // Every option before it in this order costs no more: the one that gains most
        // dominates it if it gains at least as much.
        match kept.last() {
            Some(&best) if effects[best] >= effects[i] => standing[i] = Standing::Dominated(best),
            _ => kept.push(i),
        }
    }
    let icer = |a: usize, b: usize| (costs[b] - costs[a]) / (effects[b] - effects[a]);
    // Set aside, one at a time, the first option whose ICER exceeds the next one's.
    while let Some(k) =
        (1..kept.len().saturating_sub(1)).find(|&k| icer(kept[k - 1], kept[k]) > icer(kept[k], kept[k + 1]))
    {
        standing[kept[k]] = Standing::ExtendedlyDominated(kept[k - 1], kept[k + 1]);
        kept.remove(k);
    }
    for (k, &i) in kept.iter().enumerate() {
        standing[i] = Standing::Frontier((k > 0).then(|| icer(kept[k - 1], i)));
    }
    (standing, order)
}

/// The incremental table of several scenarios applied to one baseline, on outcome
/// `outcome`: one row an option, the baseline ("do nothing") among them, in order of cost,
/// with `cost` (change in spend against the baseline, £), `gain` (outcome gained),
/// `incremental_cost` and `incremental_gain` against the option before it on the frontier,
/// `icer` there, and `standing` in words.
///
/// # Errors
/// No results; results of different baselines; two results of one scenario; an outcome the
/// baseline does not declare.
pub fn incremental(results: &[&Comparison], outcome: &str) -> Result<Table> {
    let first = results
        .first()
        .ok_or_else(|| Error::invalid("results", "none", "at least one scenario's result"))?;
    let economy = first.baseline();
    let o = economy.outcome_index(outcome, "outcome")?;
    let sign = economy.outcomes()[o].better.sign();
    let mut names = vec!["baseline".to_string()];
    let (mut costs, mut effects) = (vec![0.0], vec![0.0]);
    let mut seen = ids::Seen::default();
    seen.insert("results", "scenario", "baseline")?;
    for (i, r) in results.iter().enumerate() {
        if r.baseline() != economy {
            return Err(Error::Incompatible(format!(
                "results[{i}] (`{}`) was applied to another economy than results[0]; \
                 an incremental table compares scenarios of one baseline",
                r.scenario()
            )));
        }
        seen.insert(format!("results[{i}]"), "scenario", r.scenario())?;
        let (b, a) = r.outcome_totals(o);
        names.push(r.scenario().to_string());
        costs.push(r.change());
        effects.push(sign * (a - b));
    }
    let (standing, order) = frontier(&costs, &effects);
    let mut inc_cost = vec![None; names.len()];
    let mut inc_gain = vec![None; names.len()];
    let mut icers = vec![None; names.len()];
    let mut words = vec![String::new(); names.len()];
    let mut previous: Option<usize> = None;
    for &i in &order {
        words[i] = match &standing[i] {
            Standing::Frontier(icer) => {
                if let Some(p) = previous {
                    inc_cost[i] = Some(costs[i] - costs[p]);
                    inc_gain[i] = Some(effects[i] - effects[p]);
                }
                icers[i] = *icer;
                previous = Some(i);
                "on the frontier".to_string()
            }
            Standing::Dominated(by) => format!("dominated by `{}`", names[*by]),
            Standing::ExtendedlyDominated(a, b) => {
                format!("extendedly dominated by `{}` and `{}`", names[*a], names[*b])
            }
        };
    }
    let pick = |v: &[f64]| order.iter().map(|&i| v[i]).collect::<Vec<_>>();
    let pick_opt = |v: &[Option<f64>]| order.iter().map(|&i| v[i]).collect::<Vec<_>>();
    let mut t = Table::keyed("option", order.iter().map(|&i| names[i].clone()).collect());
    push(&mut t, "cost", pick(&costs), Kind::Money);
    push(&mut t, "gain", pick(&effects), Kind::Number);
    t = t
        .figure("incremental_cost", pick_opt(&inc_cost))
        .shown_as(Kind::Money)
        .figure("incremental_gain", pick_opt(&inc_gain))
        .shown_as(Kind::Number)
        .figure("icer", pick_opt(&icers))
        .shown_as(Kind::Money)
        .text("standing", order.iter().map(|&i| words[i].clone()).collect());
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dominated_and_extendedly_dominated_options_leave_the_frontier() {
        // Options (cost, effect): A (0, 0); B (100, 1); C (300, 2); D (350, 1.5);
        // E (400, 4). D costs more than C for less: dominated by C. ICERs along A, B, C, E:
        // B 100/1 = 100; C 200/1 = 200; E 100/2 = 50. C's 200 > E's 50: C is extendedly
        // dominated by B and E; then E against B: 300/3 = 100, equal to B's 100: kept.
        let costs = [0.0, 100.0, 300.0, 350.0, 400.0];
        let effects = [0.0, 1.0, 2.0, 1.5, 4.0];
        let (s, order) = frontier(&costs, &effects);
        assert_eq!(order, [0, 1, 2, 3, 4]);
        assert_eq!(s[0], Standing::Frontier(None));
        assert_eq!(s[1], Standing::Frontier(Some(100.0)));
        assert_eq!(s[2], Standing::ExtendedlyDominated(1, 4));
        assert_eq!(s[3], Standing::Dominated(2));
        assert_eq!(s[4], Standing::Frontier(Some(100.0)));
    }

    #[test]
    fn a_cheaper_option_that_gains_more_dominates() {
        // B saves £50 and gains 1: it dominates the baseline (0, 0), which costs more for
        // less; the frontier starts at B; C (10, 3) against B: 60/2 = 30.
        let (s, order) = frontier(&[0.0, -50.0, 10.0], &[0.0, 1.0, 3.0]);
        assert_eq!(order, [1, 0, 2]);
        assert_eq!(s[0], Standing::Dominated(1));
        assert_eq!(s[1], Standing::Frontier(None));
        assert_eq!(s[2], Standing::Frontier(Some(30.0)));
    }
}
