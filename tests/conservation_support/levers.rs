//! Random lever sequences for the conservation tests, turned into scenarios against a random
//! economy: every kind of lever, reinvestments across localities and clusters and by a
//! condition's registers, `target` on any segment, and levers named so that a reinvestment of
//! released money can draw on them by name as well as by index.

use std::collections::BTreeMap;

use caretriangle::{ApplyOptions, Economy, Lever, LeverRef, MoneySource, Per, ReinvestBy, Scenario};
use proptest::prelude::*;

use super::places::{by_condition, place, targets};
use super::{fraction, unit_cost};

/// A lever with its services as indices (taken modulo the number of services) and its money
/// as a fraction of what there is at that point, so that most sequences can be applied.
#[derive(Debug, Clone)]
pub enum LeverPlan {
    Substitute {
        from: usize,
        to: usize,
        share: f64,
        ratio: f64,
    },
    Shift {
        from: usize,
        to: usize,
        fraction: f64,
    },
    /// Into the services `into` and `spread` pick (see `places::targets`); by register, need,
    /// equal or weights by place; by register or need, by the registers of a condition
    /// (`condition`, modulo the economy's conditions) where it has any, and then one service a
    /// whole locality.
    Reinvest {
        into: Vec<usize>,
        spread: usize,
        by: usize,
        weights: Vec<f64>,
        new_money: Option<f64>,
        fraction: f64,
        condition: Option<usize>,
    },
    SetUnitCost {
        service: usize,
        unit_cost: f64,
    },
    ScaleActivity {
        service: usize,
        factor: f64,
    },
    Productivity {
        service: usize,
        gain: f64,
    },
    /// All the released money still unspent (`share` None) or a share of it, from all the
    /// levers before or some of them (indices taken modulo the levers before).
    ReinvestReleased {
        into: Vec<usize>,
        spread: usize,
        by: usize,
        share: Option<f64>,
        from: Vec<usize>,
        condition: Option<usize>,
    },
    /// Person for person, between two services with units per person (unit for unit where
    /// fewer than two have them).
    SubstitutePeople {
        from: usize,
        to: usize,
        share: f64,
    },
    /// People (where the service has units per person) or units of a service: new money, or
    /// a fraction of the released money still unspent.
    Commission {
        service: usize,
        people: bool,
        new_units: Option<f64>,
        fraction: f64,
    },
    /// Fewer (or more) events among the supported people of a segment (modulo the
    /// economy's segments), on one of the services it uses (modulo them).
    Target {
        segment: usize,
        service: usize,
        effect: f64,
        coverage: f64,
    },
}

/// The names of the kinds, in the order of [`LeverPlan::kind`].
pub const KINDS: [&str; 10] = [
    "substitute",
    "shift",
    "reinvest",
    "set_unit_cost",
    "scale_activity",
    "productivity",
    "reinvest_released",
    "commission",
    "substitute_people",
    "target",
];

impl LeverPlan {
    pub fn kind(&self) -> usize {
        match self {
            LeverPlan::Substitute { .. } => 0,
            LeverPlan::Shift { .. } => 1,
            LeverPlan::Reinvest { .. } => 2,
            LeverPlan::SetUnitCost { .. } => 3,
            LeverPlan::ScaleActivity { .. } => 4,
            LeverPlan::Productivity { .. } => 5,
            LeverPlan::ReinvestReleased { .. } => 6,
            LeverPlan::Commission { .. } => 7,
            LeverPlan::SubstitutePeople { .. } => 8,
            LeverPlan::Target { .. } => 9,
        }
    }
}

fn into() -> impl Strategy<Value = Vec<usize>> {
    prop_oneof![3 => proptest::collection::vec(0..8usize, 1..2), 2 => proptest::collection::vec(0..8usize, 2..5)]
}

/// How a reinvestment picks its services: 0 and 1 as `into` says, 2 one service a whole
/// locality, 3 one a cluster of a locality (see [`super::places::targets`]).
fn spread() -> impl Strategy<Value = usize> {
    0..4usize
}

pub fn lever_plan() -> impl Strategy<Value = LeverPlan> {
    prop_oneof![
        (0..8usize, 0..8usize, fraction(), prop_oneof![Just(1.0), 0.0f64..4.0])
            .prop_map(|(from, to, share, ratio)| LeverPlan::Substitute { from, to, share, ratio }),
        (0..8usize, 0..8usize, fraction()).prop_map(|(from, to, fraction)| LeverPlan::Shift { from, to, fraction }),
        (
            (into(), spread()),
            0..4usize,
            proptest::collection::vec(0.0f64..5.0, 4),
            proptest::option::of(0.0f64..100_000.0),
            fraction(),
            proptest::option::weighted(0.5, 0..3usize),
        )
            .prop_map(
                |((into, spread), by, weights, new_money, fraction, condition)| LeverPlan::Reinvest {
                    into,
                    spread,
                    by,
                    weights,
                    new_money,
                    fraction,
                    condition,
                }
            ),
        (0..8usize, unit_cost()).prop_map(|(service, unit_cost)| LeverPlan::SetUnitCost { service, unit_cost }),
        (0..8usize, prop_oneof![Just(0.0), Just(1.0), 0.0f64..3.0])
            .prop_map(|(service, factor)| LeverPlan::ScaleActivity { service, factor }),
        (0..8usize, fraction()).prop_map(|(service, gain)| LeverPlan::Productivity { service, gain }),
        (
            (into(), spread()),
            0..3usize,
            proptest::option::of(fraction()),
            proptest::collection::vec(0..8usize, 0..3),
            proptest::option::weighted(0.5, 0..3usize),
        )
            .prop_map(
                |((into, spread), by, share, from, condition)| LeverPlan::ReinvestReleased {
                    into,
                    spread,
                    by,
                    share,
                    from,
                    condition
                }
            ),
        (0..8usize, 0..8usize, fraction()).prop_map(|(from, to, share)| LeverPlan::SubstitutePeople {
            from,
            to,
            share
        }),
        (
            0..8usize,
            any::<bool>(),
            proptest::option::of(0.0f64..500.0),
            fraction()
        )
            .prop_map(|(service, people, new_units, fraction)| LeverPlan::Commission {
                service,
                people,
                new_units,
                fraction
            }),
        (
            0..4usize,
            0..8usize,
            prop_oneof![Just(-1.0), Just(0.0), -1.0f64..2.0],
            fraction()
        )
            .prop_map(|(segment, service, effect, coverage)| LeverPlan::Target {
                segment,
                service,
                effect,
                coverage
            }),
    ]
}

/// The name lever `i` has in a built scenario: two levers in three are named, the others not.
pub fn lever_name(i: usize) -> Option<String> {
    (i % 3 != 1).then(|| format!("lever {i}"))
}

/// Turns the plans into a scenario, working out each shift and released reinvestment from
/// what the levers before it leave. Levers are named by [`lever_name`]; a reinvestment of
/// released money names the levers it draws on by name where they have one and `by_name`,
/// else by index. `None` when the levers so far cannot be applied.
pub fn build_scenario(economy: &Economy, plans: &[LeverPlan], by_name: bool) -> Option<Scenario> {
    let n = economy.services().len();
    let id = |i: usize| economy.services()[i % n].id().to_string();
    let pair = |from: usize, to: usize| {
        let (f, t) = (from % n, to % n);
        (id(f), id(if f == t { (t + 1) % n } else { t }))
    };
    let mut scenario = Scenario::new("random").unwrap();
    for plan in plans {
        let lever = match plan {
            LeverPlan::Substitute { from, to, share, ratio } => {
                let (f, t) = pair(*from, *to);
                Lever::substitute(&f, &t, *share, *ratio).unwrap()
            }
            LeverPlan::Shift { from, to, fraction } => {
                let so_far = economy.apply(&scenario, ApplyOptions::default()).ok()?;
                let has = so_far.spend_after()[from % n];
                let (f, t) = pair(*from, *to);
                Lever::shift(&f, &t, fraction * has).unwrap()
            }
            LeverPlan::Reinvest {
                into,
                spread,
                by,
                weights,
                new_money,
                fraction,
                condition,
            } => {
                let ids = targets(economy, into, if condition.is_some() { 2 } else { *spread });
                let by = match by {
                    0 => ReinvestBy::Register,
                    1 => ReinvestBy::Need,
                    2 => ReinvestBy::Equal,
                    _ => {
                        let mut w = BTreeMap::new();
                        for (k, s) in ids.iter().enumerate() {
                            if let Some(p) = place(economy, &ids, s) {
                                w.insert(p, weights[k % weights.len()]);
                            }
                        }
                        ReinvestBy::Weights(w)
                    }
                };
                let (amount, source) = if let Some(m) = new_money {
                    (*m, MoneySource::New)
                } else {
                    let so_far = economy.apply(&scenario, ApplyOptions::default()).ok()?;
                    let available = (so_far.released() - so_far.reinvested()).max(0.0);
                    (fraction * available, MoneySource::Released)
                };
                let into: Vec<&str> = ids.iter().map(String::as_str).collect();
                let lever = Lever::reinvest(amount, &into, by.clone(), source).unwrap();
                by_condition(economy, lever, *condition, &by)
            }
            LeverPlan::SetUnitCost { service, unit_cost } => Lever::set_unit_cost(&id(*service), *unit_cost).unwrap(),
            LeverPlan::ScaleActivity { service, factor } => Lever::scale_activity(&id(*service), *factor).unwrap(),
            LeverPlan::Productivity { service, gain } => Lever::productivity(&id(*service), *gain).unwrap(),
            LeverPlan::ReinvestReleased {
                into,
                spread,
                by,
                share,
                from,
                condition,
            } => {
                let ids = targets(economy, into, if condition.is_some() { 2 } else { *spread });
                let into: Vec<&str> = ids.iter().map(String::as_str).collect();
                let by = [ReinvestBy::Register, ReinvestBy::Need, ReinvestBy::Equal][*by].clone();
                let before = scenario.levers().len();
                let mut from: Vec<usize> = from.iter().filter(|_| before > 0).map(|j| j % before.max(1)).collect();
                from.sort_unstable();
                from.dedup();
                let mut lever = Lever::reinvest_released(*share, &from, &into, by.clone()).unwrap();
                if let Lever::Reinvest { from_levers, .. } = &mut lever {
                    for r in from_levers.iter_mut() {
                        if let (LeverRef::Index(j), true) = (&*r, by_name) {
                            if let Some(name) = lever_name(*j) {
                                *r = LeverRef::Name(name);
                            }
                        }
                    }
                }
                by_condition(economy, lever, *condition, &by)
            }
            LeverPlan::SubstitutePeople { from, to, share } => {
                let counted: Vec<usize> = (0..n)
                    .filter(|i| economy.services()[*i].units_per_person().is_some())
                    .collect();
                if counted.len() < 2 {
                    let (f, t) = pair(*from, *to);
                    Lever::substitute(&f, &t, *share, 1.0).unwrap()
                } else {
                    let f = counted[from % counted.len()];
                    let t = counted[(from + 1 + to % (counted.len() - 1)) % counted.len()];
                    Lever::substitute_with(&id(f), &id(t), *share, 1.0, Per::Person).unwrap()
                }
            }
            LeverPlan::Commission {
                service,
                people,
                new_units,
                fraction,
            } => {
                let i = service % n;
                let per_person = if *people {
                    economy.services()[i].units_per_person()
                } else {
                    None
                };
                let (units, source) = if let Some(u) = new_units {
                    (*u, MoneySource::New)
                } else {
                    // Units costing `fraction` of the released money still unspent.
                    let so_far = economy.apply(&scenario, ApplyOptions::default()).ok()?;
                    let available = (so_far.released() - so_far.reinvested()).max(0.0);
                    let cost = so_far.unit_cost_after()[i];
                    let units = if cost > 0.0 {
                        fraction * available / cost
                    } else {
                        *fraction
                    };
                    (units, MoneySource::Released)
                };
                match per_person {
                    Some(u) => Lever::commission(&id(i), Some(units / u), None, source).unwrap(),
                    None => Lever::commission(&id(i), None, Some(units), source).unwrap(),
                }
            }
            LeverPlan::Target {
                segment,
                service,
                effect,
                coverage,
            } => {
                // A segment that uses no service falls back to `seg`, which uses them all.
                let segments = economy.segments();
                let s = &segments[segment % segments.len()];
                let s = if s.use_of.is_empty() { &segments[0] } else { s };
                let uses: Vec<&String> = s.use_of.keys().collect();
                Lever::target(&s.id, uses[service % uses.len()], *effect, *coverage).unwrap()
            }
        };
        let name = lever_name(scenario.levers().len());
        scenario = scenario.with_named(lever, name.as_deref()).unwrap();
    }
    Some(scenario)
}
