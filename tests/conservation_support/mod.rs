#![allow(dead_code)] // each test uses a part of it
//! Random economies for the conservation tests (`conservation.rs`, `conservation_draws.rs`):
//! services in every corner, priced from £0 to £300 a unit, by activity or allocation, with
//! and without localities, units per person and capacities; and one segment for the `target`
//! lever.

use caretriangle::{Corner, Economy, EconomySpec, LocalitySpec, ProviderType, ServiceSpec};
use proptest::prelude::*;

#[derive(Debug, Clone)]
pub struct ServicePlan {
    pub corner: usize,
    pub provider: usize,
    pub unit_cost: f64,
    pub size: f64,
    pub by_allocation: bool,
    pub locality: Option<usize>,
    pub units_per_person: Option<f64>,
    pub capacity: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct LocalityPlan {
    pub register: f64,
    pub need_weight: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct EconomyPlan {
    pub envelope: f64,
    pub localities: Vec<LocalityPlan>,
    pub services: Vec<ServicePlan>,
}

pub fn unit_cost() -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(0.0), 1 => Just(11.45), 6 => 0.01f64..300.0]
}

pub fn fraction() -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(0.0), 1 => Just(1.0), 6 => 0.0f64..=1.0]
}

pub fn service_plan() -> impl Strategy<Value = ServicePlan> {
    (
        0..3usize,
        0..7usize,
        unit_cost(),
        prop_oneof![1 => Just(0.0), 6 => 0.0f64..5000.0],
        any::<bool>(),
        proptest::option::of(0..4usize),
        proptest::option::of(0.5f64..20.0),
        proptest::option::of(0.0f64..8000.0),
    )
        .prop_map(
            |(corner, provider, unit_cost, size, by_allocation, locality, units_per_person, capacity)| ServicePlan {
                corner,
                provider,
                unit_cost,
                size,
                by_allocation,
                locality,
                units_per_person,
                capacity,
            },
        )
}

pub fn economy_plan() -> impl Strategy<Value = EconomyPlan> {
    (
        0.0f64..2_000_000.0,
        proptest::collection::vec(
            (
                prop_oneof![1 => Just(0.0), 6 => 0.0f64..50_000.0],
                proptest::option::of(0.0f64..3.0),
            )
                .prop_map(|(register, need_weight)| LocalityPlan { register, need_weight }),
            0..4,
        ),
        proptest::collection::vec(service_plan(), 2..8),
    )
        .prop_map(|(envelope, localities, services)| EconomyPlan {
            envelope,
            localities,
            services,
        })
}

pub fn build_economy(plan: &EconomyPlan) -> Economy {
    let localities = plan
        .localities
        .iter()
        .enumerate()
        .map(|(i, l)| LocalitySpec {
            id: format!("loc{i}"),
            register: l.register.into(),
            need_weight: l.need_weight.map(Into::into),
            ..Default::default()
        })
        .collect();
    let services = plan
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // An allocation needs a unit cost above 0; at 0 the service is given by activity.
            let by_allocation = s.by_allocation && s.unit_cost > 0.0;
            ServiceSpec {
                id: format!("s{i}"),
                corner: Some(Corner::ALL[s.corner]),
                provider: Some(ProviderType::ALL[s.provider]),
                unit: "hour".into(),
                unit_cost: s.unit_cost.into(),
                activity: (!by_allocation).then_some(s.size.into()),
                allocation: by_allocation.then_some((s.size * s.unit_cost).into()),
                units_per_person: s.units_per_person.map(Into::into),
                capacity: s.capacity,
                locality: match (s.locality, plan.localities.len()) {
                    (Some(l), n) if n > 0 => Some(format!("loc{}", l % n)),
                    _ => None,
                },
                ..Default::default()
            }
        })
        .collect();
    Economy::new(EconomySpec {
        name: "random".into(),
        envelope: plan.envelope,
        price_year: Some("2023/24".parse().unwrap()),
        localities,
        services,
        // One segment of a quarter of the register taking 40% of every service's use, for the
        // `target` lever.
        segments: vec![caretriangle::SegmentSpec {
            id: "seg".into(),
            share: 0.25,
            use_of: (0..plan.services.len()).map(|i| (format!("s{i}"), 0.4)).collect(),
            ..Default::default()
        }],
        ..Default::default()
    })
    .expect("the generator makes valid economies")
}
