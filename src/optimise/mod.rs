//! The optimiser: the plan that does best by an objective (QALYs, net benefit, people reached,
//! or the least spend for a required outcome) within the envelope and the constraints a
//! commissioner sets: corner and commissioner budget lines, capacities, staff hours, fairness
//! minimums by locality or cluster, and options that exclude each other.
//!
//! It chooses either each service's activity (continuous, between its floor and its capacity:
//! a service without a capacity is unbounded above, held only by the envelope and the other
//! constraints) or, given options, which to adopt (0/1; each option's change in spend, activity
//! and outcomes is its scenario applied to the economy, counted as if the options did not
//! interact). Every constraint and objective is linear in activity, so the question is a linear
//! programme, solved exactly by microlp's simplex (branch and bound for options).
//!
//! ```
//! use caretriangle::{io, optimise::OptimiseSpec};
//! let text = r#"
//! name = "Two services"
//! envelope = 10000
//! price_year = "2023/24"
//! [[outcomes]]
//! id = "qalys"
//! unit = "QALY"
//! [[services]]
//! id = "education"
//! corner = "nhs_self_management"
//! provider = "general_practice"
//! unit = "person"
//! unit_cost = 100
//! activity = 50
//! outcomes_per_unit = { qalys = 0.04 }
//! [[services]]
//! id = "peer_support"
//! corner = "community_self_management"
//! provider = "third_sector"
//! unit = "person"
//! unit_cost = 50
//! activity = 50
//! outcomes_per_unit = { qalys = 0.01 }
//! "#;
//! let economy = io::programme_from_str(text, io::Format::Toml, "<example>")?.economy().clone();
//! let spec = OptimiseSpec { objective: Some("qalys".into()), ..Default::default() };
//! let optimum = economy.optimise(&spec, &[])?;
//! // Education buys 0.04 / 100 = 0.0004 QALYs a £, peer support 0.0002: all £10,000 goes to
//! // education, 100 people, 4 QALYs; a £ more in the envelope buys 0.0004 QALYs.
//! assert!((optimum.value() - 4.0).abs() < 1e-9);
//! assert!((optimum.binding()[0].shadow_price.unwrap() - 0.0004).abs() < 1e-12);
//! # Ok::<(), caretriangle::Error>(())
//! ```

mod draws;
mod draws_summary;
mod explain;
pub(crate) mod model;
mod optimum;
mod solve;
mod spec;
mod uncertain;
mod words;

pub use crate::economy::StaffGroupSpec;
pub use draws::{check as check_draws, DrawsOptions, DrawsPart, Redraw, MAX_DRAWS};
pub use draws_summary::OptimumDraws;
pub use optimum::{Binding, Optimum};
pub use spec::{Floor, OptimiseSpec, Sense};
pub use uncertain::PlanUncertainty;

use model::{Limit, Row, Term};
use solve::{Lp, LpRow, Solved};

use crate::economy::Economy;
use crate::error::{Error, Location, Result};
use crate::scenario::Scenario;
use crate::ApplyOptions;

/// How much each decision moves each service's spend and activity (per unit of the decision).
struct Decisions {
    /// Per decision: (service, £ of spend, units of activity) it adds.
    effects: Vec<Vec<(usize, f64, f64)>>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    binary: bool,
}

/// Σ terms over the decisions' effects: each decision's coefficient in a row.
fn coefficients(terms: &[Term], d: &Decisions, services: usize) -> Vec<(usize, f64)> {
    let mut by_service = vec![(0.0, 0.0); services];
    for t in terms {
        by_service[t.service].0 += t.per_pound;
        by_service[t.service].1 += t.per_unit;
    }
    d.effects
        .iter()
        .enumerate()
        .filter_map(|(j, eff)| {
            let c: f64 = eff
                .iter()
                .map(|&(s, pound, unit)| by_service[s].0 * pound + by_service[s].1 * unit)
                .sum();
            (c != 0.0).then_some((j, c))
        })
        .collect()
}

/// Σ terms at the given spend and activity of each service.
fn evaluate(terms: &[Term], spend: &[f64], activity: &[f64]) -> f64 {
    crate::sum::total(
        terms
            .iter()
            .map(|t| t.per_pound * spend[t.service] + t.per_unit * activity[t.service]),
    )
}

impl Economy {
    /// The plan that does best by `spec`'s objective within its constraints: each service's
    /// activity or, given `options`, which of them to adopt.
    ///
    /// # Errors
    /// An invalid `spec` (an unknown outcome, corner, commissioner, locality, cluster, staff
    /// group or option; a negative limit); an option that does not apply to the economy;
    /// [`Error::Infeasible`] naming the constraints that conflict; [`Error::Unbounded`] naming
    /// the services nothing limits; [`Error::SolverFailed`] should the solver fail.
    pub fn optimise(&self, spec: &OptimiseSpec, options: &[Scenario]) -> Result<Optimum> {
        let (objective, mut rows) = model::build(self, spec)?;
        let services = self.services();
        let n = services.len();
        let before: Vec<f64> = services.iter().map(crate::Service::activity).collect();
        let spend_before: Vec<f64> = services.iter().map(crate::Service::spend).collect();
        let ids: Vec<String> = services.iter().map(|s| s.id().to_string()).collect();
        let decisions = if options.is_empty() {
            self.activity_decisions(spec, &before)?
        } else {
            self.option_decisions(options, &before, &spend_before)?
        };
        let exclusive = exclusions(spec, options)?;
        // Options move spend and activity from today's: each row's limit is then on the
        // change, the rest being today's.
        let base = |terms: &[Term]| {
            if decisions.binary {
                evaluate(terms, &spend_before, &before)
            } else {
                0.0
            }
        };
        let mut lp_rows: Vec<LpRow> = rows
            .iter()
            .map(|r| LpRow {
                coefs: coefficients(&r.terms, &decisions, n),
                op: r.op,
                rhs: r.rhs - base(&r.terms),
            })
            .collect();
        for (names, members) in exclusive {
            lp_rows.push(LpRow {
                coefs: members.iter().map(|&k| (k, 1.0)).collect(),
                op: model::Op::AtMost,
                rhs: 1.0,
            });
            rows.push(Row {
                limit: Limit::Exclusive(names),
                terms: Vec::new(),
                op: model::Op::AtMost,
                rhs: 1.0,
            });
        }
        let lp = Lp {
            objective: coefficients(&objective.terms, &decisions, n).into_iter().fold(
                vec![0.0; decisions.effects.len()],
                |mut c, (j, v)| {
                    c[j] = objective.sign * v;
                    c
                },
            ),
            lower: decisions.lower.clone(),
            upper: decisions.upper.clone(),
            binary: decisions.binary,
            gap: gap(spec)?,
            rows: lp_rows,
        };
        let names: Vec<String> = if decisions.binary {
            options.iter().map(|o| o.name().to_string()).collect()
        } else {
            ids.clone()
        };
        let unlimited = explain::unbounded(&lp, &names);
        if !unlimited.is_empty() {
            return Err(Error::Unbounded { services: unlimited });
        }
        let floor = "the floor (no service below today's activity)";
        let (x, gap) = match lp.solve_with(&vec![true; lp.rows.len()], 1.0)? {
            Solved::Optimal(x, gap) => (x, gap),
            Solved::Infeasible => return Err(explain::infeasible(&lp, &rows, floor)?),
            Solved::Unbounded => return Err(Error::Unbounded { services: names }),
        };
        let prices = if decisions.binary {
            None
        } else {
            Some(lp.shadow_prices(&x)?)
        };
        let mut after = before.clone();
        let mut spend_after = if decisions.binary {
            spend_before.clone()
        } else {
            vec![0.0; n]
        };
        for (j, eff) in decisions.effects.iter().enumerate() {
            for &(s, pound, unit) in eff {
                if decisions.binary {
                    after[s] += x[j] * unit;
                    spend_after[s] += x[j] * pound;
                } else {
                    after[s] = x[j] * unit;
                    spend_after[s] = x[j] * pound;
                }
            }
        }
        let binding = rows
            .iter()
            .zip(&lp.rows)
            .enumerate()
            .filter(|(_, (_, lr))| Lp::binds(lr, &x))
            .map(|(i, (row, _))| {
                let price = prices.as_ref().map(|p| objective.sign * p[i]);
                optimum::Binding {
                    constraint: words::constraint(row),
                    limit: row.rhs,
                    shadow_price: price,
                    meaning: price.map_or_else(String::new, |p| words::shadow_price(row, &objective, p)),
                }
            })
            .collect();
        let name = format!("Optimum for {}", objective.label);
        let scenario = if decisions.binary {
            let chosen: Vec<&Scenario> = options
                .iter()
                .zip(&x)
                .filter(|(_, v)| **v > 0.5)
                .map(|(o, _)| o)
                .collect();
            optimum::options_scenario(&name, &chosen)?
        } else {
            optimum::plan_scenario(&name, &ids, &before, &after)?
        };
        Ok(Optimum {
            scenario,
            value: evaluate(&objective.terms, &spend_after, &after),
            baseline: evaluate(&objective.terms, &spend_before, &before),
            objective: objective.label,
            unit: objective.unit,
            outputs: objective.outputs,
            services: ids,
            unit_cost: services.iter().map(crate::Service::unit_cost).collect(),
            before,
            after,
            spend_before,
            spend_after,
            options: options
                .iter()
                .zip(&x)
                .map(|(o, v)| (o.name().to_string(), *v > 0.5))
                .collect(),
            binding,
            gap,
        })
    }

    /// One decision a service: its activity, between the floor and its capacity.
    fn activity_decisions(&self, spec: &OptimiseSpec, before: &[f64]) -> Result<Decisions> {
        let mut lower = Vec::with_capacity(before.len());
        let mut upper = Vec::with_capacity(before.len());
        for (s, &b) in self.services().iter().zip(before) {
            let lo = if spec.floor == Floor::Baseline { b } else { 0.0 };
            let hi = s.capacity().unwrap_or(f64::INFINITY);
            if hi < lo {
                return Err(Error::Infeasible {
                    conflict: vec![
                        format!("the floor of {} (today's activity, {})", s.id(), words::figure(lo)),
                        format!("its capacity of {}", words::figure(hi)),
                    ],
                });
            }
            lower.push(lo);
            upper.push(hi);
        }
        Ok(Decisions {
            effects: self
                .services()
                .iter()
                .enumerate()
                .map(|(i, s)| vec![(i, s.unit_cost(), 1.0)])
                .collect(),
            lower,
            upper,
            binary: false,
        })
    }

    /// One decision an option: its scenario's change in each service's spend and activity.
    fn option_decisions(&self, options: &[Scenario], before: &[f64], spend_before: &[f64]) -> Result<Decisions> {
        let mut seen = crate::ids::Seen::default();
        let mut effects = Vec::with_capacity(options.len());
        for (k, option) in options.iter().enumerate() {
            let at = Location::key("options").at(k);
            seen.insert(at.clone(), "option", option.name())?;
            let result = self.apply(option, ApplyOptions::default()).map_err(|e| e.within(at))?;
            let moved = (0..before.len())
                .map(|s| {
                    (
                        s,
                        result.spend_after()[s] - spend_before[s],
                        result.activity_after()[s] - before[s],
                    )
                })
                .filter(|&(_, pound, unit)| pound != 0.0 || unit != 0.0)
                .collect();
            effects.push(moved);
        }
        Ok(Decisions {
            lower: vec![0.0; options.len()],
            upper: vec![1.0; options.len()],
            effects,
            binary: true,
        })
    }
}

/// The groups of options of which at most one may be adopted: their names and positions.
pub(crate) fn exclusions(spec: &OptimiseSpec, options: &[Scenario]) -> Result<Vec<(Vec<String>, Vec<usize>)>> {
    spec.exclusive
        .iter()
        .enumerate()
        .map(|(g, names)| {
            let members = names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    options.iter().position(|o| o.name() == name).ok_or_else(|| {
                        Error::unknown(
                            Location::key("exclusive").at(g).at(i),
                            "option",
                            name,
                            options.iter().map(Scenario::name),
                        )
                    })
                })
                .collect::<Result<Vec<usize>>>()?;
            Ok((names.clone(), members))
        })
        .collect()
}

/// The share of the best set's gain the search may stop short of: from 0 (the proven best) to
/// below 1.
fn gap(spec: &OptimiseSpec) -> Result<f64> {
    match spec.gap {
        None => Ok(0.0),
        Some(g) if (0.0..1.0).contains(&g) => Ok(g),
        Some(g) => Err(Error::invalid(
            "gap",
            g,
            "a share from 0 to below 1 (0.001: stop once the options chosen are proven within 0.1% of the best set's gain; 0: the proven best)",
        )),
    }
}
