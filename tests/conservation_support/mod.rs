#![allow(dead_code)] // each test uses a part of it
//! Random economies for the conservation tests (`conservation.rs`, `conservation_draws.rs`,
//! `conservation_parts.rs`): services in every corner, priced from £0 to £300 a unit, by
//! activity or allocation, with and without localities, clusters of practices, conditions,
//! units per person, capacities and outcomes; and segments for the `target` lever
//! (`parts.rs` builds the clusters, conditions, segments and outcomes; `levers.rs` the random
//! lever sequences).

pub mod levers;
pub mod parts;
pub mod places;

use caretriangle::{Corner, Economy, EconomySpec, LocalitySpec, ProviderType, ServiceSpec};
use parts::{ClusterPlan, ConditionPlan, OutcomePlan, SegmentPlan};
use proptest::prelude::*;

/// Cases of a property: `PROPTEST_CASES` when set (`make soak`), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A proptest configuration of `cases(default)` cases whose failures are kept in
/// `tests/fuzz_corpus/regressions/{file}` and replayed first on every run.
pub fn config(default: u32, file: &'static str) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: cases(default),
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct(file))),
        max_shrink_iters: 4096,
        ..proptest::test_runner::Config::default()
    }
}

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
    /// The cluster of its locality (modulo the locality's clusters; none when it has none).
    pub cluster: Option<usize>,
    /// The conditions it serves: bit `k` for condition `k` (where the economy has it).
    pub conditions: u8,
    /// What it produces of each outcome (per unit, per person, whether it counts as it).
    pub outcomes: Vec<OutcomePlan>,
}

#[derive(Debug, Clone)]
pub struct LocalityPlan {
    pub register: f64,
    pub need_weight: Option<f64>,
    pub clusters: Vec<ClusterPlan>,
}

#[derive(Debug, Clone)]
pub struct EconomyPlan {
    pub envelope: f64,
    pub localities: Vec<LocalityPlan>,
    pub services: Vec<ServicePlan>,
    pub conditions: Vec<ConditionPlan>,
    pub segments: Vec<SegmentPlan>,
    /// Kinds of outcome declared (0 to 2), each higher (`false`) or lower (`true`) better.
    pub outcomes: Vec<bool>,
    /// Whether to add a service of each whole locality and of each cluster (care planning,
    /// as in Tower Hamlets), so that reinvestments across them can be made.
    pub place_services: bool,
}

pub fn unit_cost() -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(0.0), 1 => Just(11.45), 6 => 0.01f64..300.0]
}

pub fn fraction() -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(0.0), 1 => Just(1.0), 6 => 0.0f64..=1.0]
}

pub fn service_plan() -> impl Strategy<Value = ServicePlan> {
    (
        (
            0..3usize,
            0..7usize,
            unit_cost(),
            prop_oneof![1 => Just(0.0), 6 => 0.0f64..5000.0],
        ),
        (
            any::<bool>(),
            proptest::option::of(0..4usize),
            proptest::option::of(0.5f64..20.0),
            proptest::option::of(0.0f64..8000.0),
        ),
        (
            proptest::option::weighted(0.6, 0..4usize),
            0..8u8,
            proptest::collection::vec(parts::outcome_plan(), 2),
        ),
    )
        .prop_map(
            |(
                (corner, provider, unit_cost, size),
                (by_allocation, locality, units_per_person, capacity),
                (cluster, conditions, outcomes),
            )| ServicePlan {
                corner,
                provider,
                unit_cost,
                size,
                by_allocation,
                locality,
                units_per_person,
                capacity,
                cluster,
                conditions,
                outcomes,
            },
        )
}

pub fn locality_plan() -> impl Strategy<Value = LocalityPlan> {
    (
        prop_oneof![1 => Just(0.0), 6 => 0.0f64..50_000.0],
        proptest::option::of(0.0f64..3.0),
        prop_oneof![1 => Just(vec![]), 2 => proptest::collection::vec(parts::cluster_plan(), 1..4)],
    )
        .prop_map(|(register, need_weight, clusters)| LocalityPlan {
            register,
            need_weight,
            clusters,
        })
}

pub fn economy_plan() -> impl Strategy<Value = EconomyPlan> {
    (
        0.0f64..2_000_000.0,
        // Two localities or more, mostly: reinvestments spread money across them.
        prop_oneof![
            1 => proptest::collection::vec(locality_plan(), 0..2),
            3 => proptest::collection::vec(locality_plan(), 2..5),
        ],
        proptest::collection::vec(service_plan(), 2..8),
        proptest::collection::vec(parts::condition_plan(), 0..3),
        proptest::collection::vec(parts::segment_plan(), 0..3),
        proptest::collection::vec(any::<bool>(), 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(envelope, localities, services, conditions, segments, outcomes, place_services)| EconomyPlan {
                envelope,
                localities,
                services,
                conditions,
                segments,
                outcomes,
                place_services,
            },
        )
}

/// The locality (index) and cluster (index among its clusters) of service `i` of `plan`.
pub fn place_of(plan: &EconomyPlan, i: usize) -> (Option<usize>, Option<usize>) {
    let s = &plan.services[i];
    match (s.locality, plan.localities.len()) {
        (Some(l), n) if n > 0 => {
            let l = l % n;
            let clusters = plan.localities[l].clusters.len();
            (Some(l), s.cluster.filter(|_| clusters > 0).map(|c| c % clusters))
        }
        _ => (None, None),
    }
}

pub fn build_economy(plan: &EconomyPlan) -> Economy {
    Economy::new(economy_spec(plan)).expect("the generator makes valid economies")
}

/// The economy of `plan` as plain data (tests change it: outcomes left out, a need weight
/// made uncertain).
pub fn economy_spec(plan: &EconomyPlan) -> EconomySpec {
    let localities = plan
        .localities
        .iter()
        .enumerate()
        .map(|(i, l)| LocalitySpec {
            id: format!("loc{i}"),
            register: l.register.into(),
            need_weight: l.need_weight.map(Into::into),
            clusters: parts::clusters(i, &l.clusters),
            ..Default::default()
        })
        .collect();
    let mut services: Vec<ServiceSpec> = plan
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // An allocation needs a unit cost above 0; at 0 the service is given by activity.
            let by_allocation = s.by_allocation && s.unit_cost > 0.0;
            let (locality, cluster) = place_of(plan, i);
            let mut spec = ServiceSpec {
                id: format!("s{i}"),
                corner: Some(Corner::ALL[s.corner]),
                provider: Some(ProviderType::ALL[s.provider]),
                unit: "hour".into(),
                unit_cost: s.unit_cost.into(),
                activity: (!by_allocation).then_some(s.size.into()),
                allocation: by_allocation.then_some((s.size * s.unit_cost).into()),
                units_per_person: s.units_per_person.map(Into::into),
                capacity: s.capacity,
                locality: locality.map(|l| format!("loc{l}")),
                cluster: cluster.map(|c| parts::cluster_id(locality.unwrap_or_default(), c)),
                conditions: (0..plan.conditions.len())
                    .filter(|k| s.conditions & (1 << k) != 0)
                    .map(|k| format!("c{k}"))
                    .collect(),
                ..Default::default()
            };
            parts::produce(&mut spec, &s.outcomes, plan.outcomes.len());
            spec
        })
        .collect();
    if plan.place_services {
        services.extend(parts::place_services(plan));
    }
    let segments = parts::segments(plan);
    EconomySpec {
        name: "random".into(),
        envelope: plan.envelope,
        price_year: Some("2023/24".parse().unwrap()),
        localities,
        services,
        conditions: parts::conditions(plan),
        segments,
        outcomes: parts::outcomes(&plan.outcomes),
        ..Default::default()
    }
}
