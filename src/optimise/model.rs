//! The optimiser's question checked against an economy: the objective and every constraint as
//! a sum over services of so much a £ of spend and so much a unit of activity. The same rows
//! serve both kinds of decision: a service's activity (spend is unit cost × activity) and an
//! option's adoption (its change in each service's spend and activity).

use std::str::FromStr;

use super::spec::{OptimiseSpec, Sense};
use crate::economy::Economy;
use crate::error::{Error, Location, Result};
use crate::ids;
use crate::param::Range;
use crate::triangle::Corner;

/// A service's part in a row: so much a £ it spends and so much a unit of its activity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Term {
    pub service: usize,
    pub per_pound: f64,
    pub per_unit: f64,
}

/// What a row holds, in the framework's words (for the report and the explanations).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Limit {
    Envelope,
    CornerMinimum(Corner),
    CornerMaximum(Corner),
    CommissionerMinimum(String),
    CommissionerMaximum(String),
    LocalityMinimum(String),
    ClusterMinimum(String),
    SegmentMinimum(String),
    /// A staff group's hours: its label.
    Staff(String),
    /// A required outcome: its unit's label.
    Required(String),
    /// Options of which at most one may be adopted: their names.
    Exclusive(Vec<String>),
}

/// At most (`≤`) or at least (`≥`) the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    AtMost,
    AtLeast,
}

/// One constraint: Σ terms `op` `rhs`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub limit: Limit,
    pub terms: Vec<Term>,
    pub op: Op,
    pub rhs: f64,
}

/// What is maximised: Σ terms (spend, for `minimise_cost`, is maximised negated).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Objective {
    /// In words: `QALYs gained`, `net benefit`, `people reached`, `spend`.
    pub label: String,
    /// One unit of it, in words (`QALY`, `£`, `person`).
    pub unit: String,
    pub terms: Vec<Term>,
    /// −1 where the terms are maximised negated (spend; an outcome where less is better).
    pub sign: f64,
    /// The objective from a Monte Carlo run's outputs of the plan: Σ weight × output.
    pub outputs: Vec<(f64, String)>,
}

fn per_unit(economy: &Economy, o: usize, scale: f64) -> Vec<Term> {
    economy
        .outcome_rates(o)
        .into_iter()
        .zip(economy.services())
        .enumerate()
        .map(|(i, (r, s))| Term {
            service: i,
            per_pound: 0.0,
            per_unit: scale * r.amount(1.0, s.units_per_person()),
        })
        .filter(|t| t.per_unit != 0.0)
        .collect()
}

fn spend_of(economy: &Economy, keep: impl Fn(usize) -> bool) -> Vec<Term> {
    (0..economy.services().len())
        .filter(|&i| keep(i))
        .map(|service| Term {
            service,
            per_pound: 1.0,
            per_unit: 0.0,
        })
        .collect()
}

pub(crate) fn objective(economy: &Economy, spec: &OptimiseSpec) -> Result<Objective> {
    if spec.sense == Sense::MinimiseCost {
        return Ok(Objective {
            label: "spend".into(),
            unit: "£".into(),
            terms: spend_of(economy, |_| true),
            sign: -1.0,
            outputs: vec![(1.0, "total".into())],
        });
    }
    let name = spec.objective.as_deref().ok_or_else(|| {
        Error::invalid(
            "objective",
            "nothing",
            "an outcome id, \"net_benefit\" or \"people_reached\"",
        )
    })?;
    match name {
        "people_reached" => Ok(Objective {
            label: "people reached".into(),
            unit: "person".into(),
            terms: economy
                .services()
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    s.units_per_person().filter(|&u| u > 0.0).map(|u| Term {
                        service: i,
                        per_pound: 0.0,
                        per_unit: 1.0 / u,
                    })
                })
                .collect(),
            sign: 1.0,
            outputs: vec![(1.0, "people_reached".into())],
        }),
        "net_benefit" => {
            let o = match &spec.outcome {
                Some(id) => economy.outcome_index(id, "outcome")?,
                None if economy.outcomes().len() == 1 => 0,
                None => {
                    return Err(Error::invalid(
                        "outcome",
                        "nothing",
                        "the outcome net benefit counts (the economy has more or fewer than one)",
                    ))
                }
            };
            let outcome = &economy.outcomes()[o];
            let lambda = match spec.threshold.or(outcome.value) {
                Some(l) => Range::NonNegative.check("threshold", l)?,
                None => {
                    return Err(Error::invalid(
                        "threshold",
                        "nothing",
                        format!("£ a {} (the outcome has no value to use)", outcome.unit_label()),
                    ))
                }
            };
            let mut terms = per_unit(economy, o, lambda * outcome.better.sign());
            terms.extend(
                spend_of(economy, |_| true)
                    .into_iter()
                    .map(|t| Term { per_pound: -1.0, ..t }),
            );
            Ok(Objective {
                label: format!("net benefit at £{lambda} a {}", outcome.unit_label()),
                unit: "£".into(),
                terms,
                sign: 1.0,
                outputs: vec![
                    (lambda * outcome.better.sign(), outcome.id.clone()),
                    (-1.0, "total".into()),
                ],
            })
        }
        id => {
            let o = economy.outcome_index(id, "objective")?;
            let outcome = &economy.outcomes()[o];
            Ok(Objective {
                label: outcome.label().to_string(),
                unit: outcome.unit_label().to_string(),
                terms: per_unit(economy, o, 1.0),
                sign: outcome.better.sign(),
                outputs: vec![(1.0, outcome.id.clone())],
            })
        }
    }
}

fn money(field: Location, v: f64) -> Result<f64> {
    Range::NonNegative.check(field, v)
}

/// The objective and the rows of `spec` on `economy` (the options' exclusions apart).
pub(crate) fn build(economy: &Economy, spec: &OptimiseSpec) -> Result<(Objective, Vec<Row>)> {
    let objective = objective(economy, spec)?;
    let services = economy.services();
    let mut rows = vec![Row {
        limit: Limit::Envelope,
        terms: spend_of(economy, |_| true),
        op: Op::AtMost,
        rhs: economy.envelope(),
    }];
    for (key, op, map) in [
        ("corner_minimum", Op::AtLeast, &spec.corner_minimum),
        ("corner_maximum", Op::AtMost, &spec.corner_maximum),
    ] {
        for (name, &v) in map {
            let at = Location::key(key).then(name.as_str());
            let corner = Corner::from_str(name).map_err(|_| {
                Error::invalid(
                    at.clone(),
                    format!("{name:?}"),
                    "a corner: clinical, nhs_self_management or community_self_management",
                )
            })?;
            rows.push(Row {
                limit: if op == Op::AtLeast {
                    Limit::CornerMinimum(corner)
                } else {
                    Limit::CornerMaximum(corner)
                },
                terms: spend_of(economy, |i| services[i].corner() == corner),
                op,
                rhs: money(at, v)?,
            });
        }
    }
    for (key, op, map) in [
        ("commissioner_minimum", Op::AtLeast, &spec.commissioner_minimum),
        ("commissioner_maximum", Op::AtMost, &spec.commissioner_maximum),
    ] {
        for (name, &v) in map {
            let at = Location::key(key).then(name.as_str());
            let of = |i: usize| economy.commissioner_of(&services[i]) == name.as_str();
            if !(0..services.len()).any(of) {
                let known: std::collections::BTreeSet<&str> =
                    services.iter().map(|s| economy.commissioner_of(s)).collect();
                return Err(Error::unknown(at, "commissioner", name, known));
            }
            rows.push(Row {
                limit: if op == Op::AtLeast {
                    Limit::CommissionerMinimum(name.clone())
                } else {
                    Limit::CommissionerMaximum(name.clone())
                },
                terms: spend_of(economy, of),
                op,
                rhs: money(at, v)?,
            });
        }
    }
    for (id, &v) in &spec.locality_minimum {
        let at = Location::key("locality_minimum").then(id.as_str());
        let id = ids::normal(id).into_owned();
        let Some(loc) = economy.locality(&id) else {
            return Err(Error::unknown(
                at,
                "locality",
                &id,
                economy.localities().iter().map(|l| l.id.as_str()),
            ));
        };
        rows.push(Row {
            limit: Limit::LocalityMinimum(loc.label().to_string()),
            terms: spend_of(economy, |i| services[i].locality() == Some(id.as_str())),
            op: Op::AtLeast,
            rhs: money(at, v)?,
        });
    }
    for (id, &v) in &spec.cluster_minimum {
        let at = Location::key("cluster_minimum").then(id.as_str());
        let id = ids::normal(id).into_owned();
        let clusters = economy.localities().iter().flat_map(|l| &l.clusters);
        let Some(cluster) = clusters.clone().find(|c| c.id == id) else {
            return Err(Error::unknown(at, "cluster", &id, clusters.map(|c| c.id.as_str())));
        };
        rows.push(Row {
            limit: Limit::ClusterMinimum(cluster.name.clone().unwrap_or_else(|| id.clone())),
            terms: spend_of(economy, |i| services[i].cluster() == Some(id.as_str())),
            op: Op::AtLeast,
            rhs: money(at, v)?,
        });
    }
    for (id, &v) in &spec.segment_minimum {
        rows.push(segment_minimum(economy, id, v)?);
    }
    for (id, &h) in &spec.staff_hours {
        economy.staff_group_index(id, &format!("staff_hours.{id}"))?;
        Range::NonNegative.check(Location::key("staff_hours").then(id.as_str()), h)?;
    }
    for group in economy.staff_groups() {
        let hours = spec.staff_hours.get(&group.id).copied().unwrap_or(group.hours);
        let terms: Vec<Term> = services
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                s.spec().staff_minutes.get(&group.id).map(|m| Term {
                    service: i,
                    per_pound: 0.0,
                    per_unit: m / 60.0,
                })
            })
            .collect();
        rows.push(Row {
            limit: Limit::Staff(group.label().to_string()),
            terms,
            op: Op::AtMost,
            rhs: hours,
        });
    }
    for (id, &v) in &spec.required {
        let at = Location::key("required").then(id.as_str());
        let o = economy.outcome_index(id, at.as_str())?;
        let outcome = &economy.outcomes()[o];
        rows.push(Row {
            limit: Limit::Required(outcome.unit_label().to_string()),
            terms: per_unit(economy, o, 1.0),
            op: if outcome.better.sign() > 0.0 {
                Op::AtLeast
            } else {
                Op::AtMost
            },
            rhs: Range::NonNegative.check(at, v)?,
        });
    }
    if spec.sense == Sense::MinimiseCost && spec.required.is_empty() {
        return Err(Error::invalid(
            "required",
            "nothing",
            "the outcomes the cheapest plan must produce ({ qalys = 50 }) with sense = \"minimise_cost\"",
        ));
    }
    Ok((objective, rows))
}

/// The £ spent on a segment's people at least `v`: each service's spend weighed by the
/// segment's share of its use, so a team only the segment uses counts whole and 45% of
/// admissions' spend counts for a segment with 45% of the spells.
fn segment_minimum(economy: &Economy, id: &str, v: f64) -> Result<Row> {
    let at = Location::key("segment_minimum").then(id);
    let rhs = money(at.clone(), v)?;
    let segment = economy.segment(id, at.as_str())?;
    let terms: Vec<Term> = economy
        .services()
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let share = *segment.use_of.get(s.id())?;
            (share > 0.0).then_some(Term {
                service: i,
                per_pound: share,
                per_unit: 0.0,
            })
        })
        .collect();
    if terms.is_empty() {
        return Err(Error::invalid(
            at,
            format!("{:?}", segment.id),
            "a segment with a share of some service's use (its `use` in [[segments]] is empty or all 0), so that spend on its people can be counted",
        ));
    }
    Ok(Row {
        limit: Limit::SegmentMinimum(segment.name.clone().unwrap_or_else(|| segment.id.clone())),
        terms,
        op: Op::AtLeast,
        rhs,
    })
}
