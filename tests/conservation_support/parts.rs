//! The newer parts of a random economy: clusters of practices inside localities (with their
//! own registers and need weights), conditions with registers by locality, segments of the
//! economy's, a locality's or a condition's register, and outcomes the services produce.

use std::collections::{BTreeMap, HashMap};

use caretriangle::outcome::{Better, OutcomeSpec};
use caretriangle::{ClusterSpec, ConditionSpec, Corner, ProviderType, SegmentSpec, ServiceSpec};
use proptest::prelude::*;

use super::{place_of, EconomyPlan, LocalityPlan};

#[derive(Debug, Clone)]
pub struct ClusterPlan {
    pub register: Option<f64>,
    pub need_weight: Option<f64>,
}

/// A condition's register in each of the (up to 4) localities, where it has one.
#[derive(Debug, Clone)]
pub struct ConditionPlan {
    pub registers: Vec<Option<f64>>,
}

/// A segment of one register: 0 the economy's, 1 the first locality's, 2 the first
/// condition's, 3 the first condition's in the first locality (the economy's where the economy
/// has no such locality or condition). Its share and its use of each service are fractions of
/// what the segments before it on the same register left.
#[derive(Debug, Clone)]
pub struct SegmentPlan {
    pub register: usize,
    pub share: f64,
    pub uses: Vec<Option<f64>>,
}

/// What a service produces of one kind of outcome.
#[derive(Debug, Clone)]
pub struct OutcomePlan {
    pub per_unit: Option<f64>,
    pub per_person: Option<f64>,
    pub counts_as: bool,
}

pub fn cluster_plan() -> impl Strategy<Value = ClusterPlan> {
    (
        proptest::option::weighted(0.85, prop_oneof![1 => Just(0.0), 6 => 0.0f64..20_000.0]),
        proptest::option::of(0.0f64..3.0),
    )
        .prop_map(|(register, need_weight)| ClusterPlan { register, need_weight })
}

pub fn condition_plan() -> impl Strategy<Value = ConditionPlan> {
    proptest::collection::vec(proptest::option::weighted(0.8, 0.0f64..30_000.0), 4)
        .prop_map(|registers| ConditionPlan { registers })
}

pub fn segment_plan() -> impl Strategy<Value = SegmentPlan> {
    (
        0..4usize,
        super::fraction(),
        proptest::collection::vec(proptest::option::weighted(0.7, super::fraction()), 8),
    )
        .prop_map(|(register, share, uses)| SegmentPlan { register, share, uses })
}

pub fn outcome_plan() -> impl Strategy<Value = OutcomePlan> {
    (
        proptest::option::of(-0.01f64..0.05),
        proptest::option::of(-0.05f64..0.2),
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(per_unit, per_person, counts_as)| OutcomePlan {
            per_unit,
            per_person,
            counts_as,
        })
}

pub fn cluster_id(locality: usize, cluster: usize) -> String {
    format!("loc{locality}_k{cluster}")
}

pub fn clusters(locality: usize, plans: &[ClusterPlan]) -> Vec<ClusterSpec> {
    plans
        .iter()
        .enumerate()
        .map(|(j, c)| ClusterSpec {
            id: cluster_id(locality, j),
            register: c.register,
            need_weight: c.need_weight.map(Into::into),
            ..Default::default()
        })
        .collect()
}

pub fn conditions(plan: &EconomyPlan) -> Vec<ConditionSpec> {
    plan.conditions
        .iter()
        .enumerate()
        .map(|(k, c)| ConditionSpec {
            id: format!("c{k}"),
            registers: (0..plan.localities.len())
                .filter_map(|l| c.registers[l].map(|r| (format!("loc{l}"), r)))
                .collect(),
            ..Default::default()
        })
        .collect()
}

/// One segment "seg" of a quarter of the economy's register taking 40% of every service's use
/// (so that a `target` lever always has one), then the plan's segments `seg1`, `seg2`, … each
/// within what the segments of its register left, so that every economy is valid.
/// A register segments split: a locality's (or the economy's) of a condition (or of all).
type Register = (Option<usize>, Option<usize>);

pub fn segments(plan: &EconomyPlan) -> Vec<SegmentSpec> {
    let n = plan.services.len();
    let mut out = vec![SegmentSpec {
        id: "seg".into(),
        share: 0.25,
        use_of: (0..n).map(|i| (format!("s{i}"), 0.4)).collect(),
        ..Default::default()
    }];
    let mut share_left: HashMap<Register, f64> = HashMap::from([((None, None), 0.75)]);
    let mut use_left: HashMap<(Register, usize), f64> = (0..n).map(|i| (((None, None), i), 0.6)).collect();
    for (k, s) in plan.segments.iter().enumerate() {
        let locality = (s.register % 2 == 1 && !plan.localities.is_empty()).then_some(0);
        let condition = (s.register >= 2 && !plan.conditions.is_empty()).then_some(0);
        let register = (locality, condition);
        let left = share_left.entry(register).or_insert(1.0);
        let share = s.share * *left;
        *left -= share;
        let mut use_of = BTreeMap::new();
        for (i, u) in s.uses.iter().enumerate().take(n) {
            let Some(u) = u else { continue };
            let serves = plan.services[i].conditions & 1 != 0 || plan.services[i].conditions == 0;
            let in_locality = matches!(place_of(plan, i).0, None | Some(0));
            if (locality.is_some() && !in_locality) || (condition.is_some() && !serves) {
                continue;
            }
            let left = use_left.entry((register, i)).or_insert(1.0);
            let part = u * *left;
            *left -= part;
            use_of.insert(format!("s{i}"), part);
        }
        out.push(SegmentSpec {
            id: format!("seg{}", k + 1),
            share,
            locality: locality.map(|l| format!("loc{l}")),
            condition: condition.map(|c| format!("c{c}")),
            use_of,
            ..Default::default()
        });
    }
    out
}

pub fn outcomes(lower: &[bool]) -> Vec<OutcomeSpec> {
    lower
        .iter()
        .enumerate()
        .map(|(k, lower)| OutcomeSpec {
            id: format!("o{k}"),
            better: if *lower { Better::Lower } else { Better::Higher },
            value: Some(20_000.0),
            ..Default::default()
        })
        .collect()
}

/// What the service produces of each of the economy's `declared` outcomes: per unit, per
/// person (where it has units per person), and the first it counts as.
pub fn produce(spec: &mut ServiceSpec, plans: &[OutcomePlan], declared: usize) {
    for (k, o) in plans.iter().enumerate().take(declared) {
        let id = format!("o{k}");
        if let Some(x) = o.per_unit {
            spec.outcomes_per_unit.insert(id.clone(), x.into());
        }
        if let (Some(x), Some(_)) = (o.per_person, &spec.units_per_person) {
            spec.outcomes_per_person.insert(id.clone(), x.into());
        }
        if o.counts_as && spec.counts_as.is_none() {
            spec.counts_as = Some(id);
        }
    }
}

/// Care planning in each whole locality (`p0`, `p1`, …) and in each cluster (`p0_0`, …):
/// £20 and more a contact, 4 contacts a person, serving every condition.
pub fn place_services(plan: &EconomyPlan) -> Vec<ServiceSpec> {
    let service = |id: String, l: usize, cluster: Option<String>, k: usize| ServiceSpec {
        id,
        corner: Some(Corner::NhsSelfManagement),
        provider: Some(ProviderType::GeneralPractice),
        unit: "contact".into(),
        unit_cost: (20.0 + 5.0 * l as f64 + k as f64).into(),
        activity: Some((400.0 * (k + 1) as f64).into()),
        units_per_person: Some(4.0.into()),
        locality: Some(format!("loc{l}")),
        cluster,
        conditions: (0..plan.conditions.len()).map(|c| format!("c{c}")).collect(),
        ..Default::default()
    };
    let mut out = Vec::new();
    for (l, locality) in plan.localities.iter().enumerate() {
        out.push(service(format!("p{l}"), l, None, 0));
        for c in 0..locality.clusters.len() {
            out.push(service(format!("p{l}_{c}"), l, Some(cluster_id(l, c)), c + 1));
        }
    }
    out
}

/// Makes locality `pick` (modulo the localities; one with a register of 1,000 is added where
/// there are none) hold two clusters or more, new ones made by `new(k)` for the `k`th, and
/// the economy a care planning service in each whole locality and each cluster (`p{l}`,
/// `p{l}_{c}`); `register` then sets each cluster's register from its index and its own.
/// Returns the locality.
pub fn with_clusters(
    plan: &mut EconomyPlan,
    pick: usize,
    new: impl Fn(usize) -> ClusterPlan,
    register: impl Fn(usize, Option<f64>) -> Option<f64>,
) -> usize {
    if plan.localities.is_empty() {
        plan.localities.push(LocalityPlan {
            register: 1000.0,
            need_weight: None,
            clusters: vec![],
        });
    }
    let l = pick % plan.localities.len();
    let clusters = &mut plan.localities[l].clusters;
    while clusters.len() < 2 {
        clusters.push(new(clusters.len()));
    }
    for (k, c) in clusters.iter_mut().enumerate() {
        c.register = register(k, c.register);
    }
    plan.place_services = true;
    l
}
