//! Conservation of money under random economies and random lever sequences: whatever the
//! levers do, spend after = spend before + new money + reinvested − released, activity never
//! goes below 0, the corner report adds up to the total, and the baseline is left as it was.

use std::cell::Cell;
use std::collections::BTreeMap;

mod conservation_support;

use caretriangle::{ApplyOptions, Dimension, Economy, Error, Lever, MoneySource, Per, ReinvestBy, Scenario};
use conservation_support::{build_economy, economy_plan, fraction, unit_cost};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Tolerance of the ledger: half a penny, as the crate's own envelope checks.
const PENNY: f64 = 0.005;

/// A lever with its services as indices (taken modulo the number of services) and its money
/// as a fraction of what there is at that point, so that most sequences can be applied.
#[derive(Debug, Clone)]
enum LeverPlan {
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
    Reinvest {
        into: Vec<usize>,
        by: usize,
        weights: Vec<f64>,
        new_money: Option<f64>,
        fraction: f64,
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
        by: usize,
        share: Option<f64>,
        from: Vec<usize>,
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
    /// Fewer (or more) events among the supported people of the economy's one segment.
    Target {
        service: usize,
        effect: f64,
        coverage: f64,
    },
}

impl LeverPlan {
    fn kind(&self) -> usize {
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

fn lever_plan() -> impl Strategy<Value = LeverPlan> {
    prop_oneof![
        (0..8usize, 0..8usize, fraction(), prop_oneof![Just(1.0), 0.0f64..4.0])
            .prop_map(|(from, to, share, ratio)| LeverPlan::Substitute { from, to, share, ratio }),
        (0..8usize, 0..8usize, fraction()).prop_map(|(from, to, fraction)| LeverPlan::Shift { from, to, fraction }),
        (
            prop_oneof![3 => proptest::collection::vec(0..8usize, 1..2), 1 => proptest::collection::vec(0..8usize, 1..4)],
            0..4usize,
            proptest::collection::vec(0.0f64..5.0, 4),
            proptest::option::of(0.0f64..100_000.0),
            fraction(),
        )
            .prop_map(|(into, by, weights, new_money, fraction)| LeverPlan::Reinvest {
                into,
                by,
                weights,
                new_money,
                fraction,
            }),
        (0..8usize, unit_cost()).prop_map(|(service, unit_cost)| LeverPlan::SetUnitCost { service, unit_cost }),
        (0..8usize, prop_oneof![Just(0.0), Just(1.0), 0.0f64..3.0])
            .prop_map(|(service, factor)| LeverPlan::ScaleActivity { service, factor }),
        (0..8usize, fraction()).prop_map(|(service, gain)| LeverPlan::Productivity { service, gain }),
        (
            proptest::collection::vec(0..8usize, 1..3),
            0..3usize,
            proptest::option::of(fraction()),
            proptest::collection::vec(0..8usize, 0..3),
        )
            .prop_map(|(into, by, share, from)| LeverPlan::ReinvestReleased { into, by, share, from }),
        (0..8usize, 0..8usize, fraction()).prop_map(|(from, to, share)| LeverPlan::SubstitutePeople { from, to, share }),
        (0..8usize, any::<bool>(), proptest::option::of(0.0f64..500.0), fraction()).prop_map(
            |(service, people, new_units, fraction)| LeverPlan::Commission {
                service,
                people,
                new_units,
                fraction
            }
        ),
        (0..8usize, prop_oneof![Just(-1.0), Just(0.0), -1.0f64..2.0], fraction())
            .prop_map(|(service, effect, coverage)| LeverPlan::Target {
                service,
                effect,
                coverage
            }),
    ]
}

/// Turns the plans into a scenario, working out each shift and released reinvestment from
/// what the levers before it leave. `None` when the levers so far cannot be applied.
fn build_scenario(economy: &Economy, plans: &[LeverPlan]) -> Option<Scenario> {
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
                by,
                weights,
                new_money,
                fraction,
            } => {
                let mut ids: Vec<String> = into.iter().map(|i| id(*i)).collect();
                ids.dedup();
                ids.sort();
                ids.dedup();
                let by = match by {
                    0 => ReinvestBy::Register,
                    1 => ReinvestBy::Need,
                    2 => ReinvestBy::Equal,
                    _ => {
                        let mut w = BTreeMap::new();
                        for s in &ids {
                            if let Some(loc) = economy.service(s).unwrap().locality() {
                                let k: usize = loc[3..].parse().unwrap();
                                w.insert(loc.to_string(), weights[k]);
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
                Lever::reinvest(amount, &into, by, source).unwrap()
            }
            LeverPlan::SetUnitCost { service, unit_cost } => Lever::set_unit_cost(&id(*service), *unit_cost).unwrap(),
            LeverPlan::ScaleActivity { service, factor } => Lever::scale_activity(&id(*service), *factor).unwrap(),
            LeverPlan::Productivity { service, gain } => Lever::productivity(&id(*service), *gain).unwrap(),
            LeverPlan::ReinvestReleased { into, by, share, from } => {
                let mut ids: Vec<String> = into.iter().map(|i| id(*i)).collect();
                ids.sort();
                ids.dedup();
                let into: Vec<&str> = ids.iter().map(String::as_str).collect();
                let by = [ReinvestBy::Register, ReinvestBy::Need, ReinvestBy::Equal][*by].clone();
                let before = scenario.levers().len();
                let mut from: Vec<usize> = from.iter().filter(|_| before > 0).map(|j| j % before.max(1)).collect();
                from.sort_unstable();
                from.dedup();
                Lever::reinvest_released(*share, &from, &into, by).unwrap()
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
                service,
                effect,
                coverage,
            } => Lever::target("seg", &id(*service), *effect, *coverage).unwrap(),
        };
        scenario = scenario.with(lever);
    }
    Some(scenario)
}

#[test]
fn money_is_conserved_under_random_levers() {
    let cases = 4096;
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let applied = Cell::new(0u32);
    // Applied scenarios that used each lever kind, so that the test shows it exercised all ten.
    let kinds_applied: [Cell<u32>; 10] = Default::default();
    let strategy = (
        economy_plan(),
        proptest::collection::vec(lever_plan(), 0..7),
        any::<bool>(),
    );
    let result = runner.run(&strategy, |(plan, levers, strict)| {
        let economy = build_economy(&plan);
        let before = economy.clone();
        let Some(scenario) = build_scenario(&economy, &levers) else {
            return Ok(());
        };
        let result = economy.apply(&scenario, ApplyOptions { strict });
        prop_assert_eq!(&economy, &before, "apply changed the economy");
        let c = match result {
            Ok(c) => c,
            Err(Error::OverEnvelope { over, .. }) => {
                prop_assert!(strict, "OverEnvelope without strict");
                // The same scenario without strict is reported as over by the same amount.
                let c = economy.apply(&scenario, ApplyOptions::default()).unwrap();
                prop_assert!((c.over_envelope() - over).abs() <= 1e-9);
                prop_assert!(c.over_envelope() > 0.0);
                c
            }
            // Refusals a random sequence can earn: money into a service priced at 0, a
            // reinvestment basis the services' localities do not support.
            Err(e @ Error::InvalidValue { .. }) => {
                let field = e.field().unwrap_or_default();
                prop_assert!(field.starts_with("levers["), "unexpected refusal: {}", e);
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("unexpected error: {e:?}"))),
        };
        applied.set(applied.get() + 1);
        for l in &levers {
            let k = &kinds_applied[l.kind()];
            k.set(k.get() + 1);
        }

        let ledger = c.new_money() + c.reinvested() - c.released();
        prop_assert!(
            (c.total_after() - c.total_before() - ledger).abs() <= PENNY,
            "after {} − before {} != new {} + reinvested {} − released {}",
            c.total_after(),
            c.total_before(),
            c.new_money(),
            c.reinvested(),
            c.released()
        );
        for (i, a) in c.activity_after().iter().enumerate() {
            prop_assert!(a.is_finite() && *a >= 0.0, "activity of s{} is {}", i, a);
        }
        let by = c.by(Dimension::Corner);
        let corners: f64 = by.numbers("scenario").unwrap().iter().flatten().sum();
        prop_assert!(
            (corners - c.total_after()).abs() <= PENNY,
            "corners {} != total {}",
            corners,
            c.total_after()
        );
        let base: f64 = by.numbers("baseline").unwrap().iter().flatten().sum();
        prop_assert!((base - c.total_before()).abs() <= PENNY);
        prop_assert!(c.reinvested() <= c.released() + PENNY * c.levers().len() as f64);
        prop_assert_eq!(c.baseline(), &before);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!(
        "applied {} of {cases}; by lever kind: {:?}",
        applied.get(),
        kinds_applied.iter().map(Cell::get).collect::<Vec<_>>()
    );
    // Most random sequences must apply, or the properties above say little.
    assert!(
        applied.get() >= cases / 2,
        "only {} of {cases} scenarios applied",
        applied.get()
    );
    for (kind, n) in [
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
    ]
    .iter()
    .zip(&kinds_applied)
    {
        assert!(n.get() >= 200, "only {} applied scenarios used {kind}", n.get());
    }
}
