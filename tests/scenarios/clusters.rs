//! Reinvesting across clusters of practices: by register, by need and by weights keyed by
//! cluster, on an economy of 8 clusters in one locality, and clusters beside whole localities
//! on the fixture; reports by cluster before and after.

use caretriangle::montecarlo::{Model, MonteCarloOptions};
use caretriangle::uncertainty::{Distribution, DistributionSpec};
use caretriangle::{
    ApplyOptions, ClusterSpec, Corner, Dimension, Economy, EconomySpec, Error, Lever, LocalitySpec, MoneySource,
    ProviderType, ReinvestBy, Scenario,
};

use crate::common::{fixture, money, service};
use crate::{conserves, run, EDUCATION, GP, NORTH, SOUTH};

/// Registers of the 8 clusters (illustrative, adding up to 20,000, the size of Tower Hamlets'
/// diabetes register in the case).
const REGISTERS: [f64; 8] = [2000.0, 2200.0, 2400.0, 2500.0, 2600.0, 2700.0, 2800.0, 2800.0];

/// One locality of 8 clusters, each with a care planning service (£92 a person, the example's
/// derived figure) for 76% of its register, and a dietitian service to release money from.
fn eight_clusters() -> Economy {
    let mut services = vec![service(
        "dietitian",
        Corner::Clinical,
        ProviderType::AcuteTrust,
        "hour",
        21.25,
        10_000.0,
    )];
    let mut clusters = Vec::new();
    for (k, r) in REGISTERS.iter().enumerate() {
        let id = format!("c{}", k + 1);
        let mut s = service(
            &format!("care_planning_{id}"),
            Corner::NhsSelfManagement,
            ProviderType::GeneralPractice,
            "person",
            92.0,
            0.76 * r,
        );
        s.locality = Some("th".into());
        s.cluster = Some(id.clone());
        services.push(s);
        clusters.push(ClusterSpec {
            id,
            name: None,
            register: Some(*r),
            need_weight: None,
        });
    }
    Economy::new(EconomySpec {
        name: "Eight clusters (illustrative)".into(),
        envelope: 2_000_000.0,
        price_year: Some("2023/24".parse().unwrap()),
        localities: vec![LocalitySpec {
            id: "th".into(),
            register: 20_000.0.into(),
            need_weight: Some(1.5.into()),
            clusters,
            ..Default::default()
        }],
        services,
        ..Default::default()
    })
    .unwrap()
}

fn care_planning() -> Vec<String> {
    (1..=8).map(|k| format!("care_planning_c{k}")).collect()
}

fn reinvest_all(by: ReinvestBy) -> caretriangle::Comparison {
    let into = care_planning();
    let into: Vec<&str> = into.iter().map(String::as_str).collect();
    run(
        &eight_clusters(),
        vec![
            // 40% of 10,000 dietitian hours cut: 4,000 h × £21.25 = £85,000 released.
            Lever::scale_activity("dietitian", 0.6).unwrap(),
            Lever::reinvest(80_000.0, &into, by, MoneySource::Released).unwrap(),
        ],
    )
}

#[track_caller]
fn spread(c: &caretriangle::Comparison, to_cluster: &[f64; 8]) {
    let t = c.by(Dimension::Cluster);
    for (k, (r, add)) in REGISTERS.iter().zip(to_cluster).enumerate() {
        let id = format!("c{}", k + 1);
        // Before: 0.76 × register × £92.
        money(t.get(&id, "baseline").unwrap(), 0.76 * r * 92.0);
        money(t.get(&id, "change").unwrap(), *add);
        money(c.activity_after()[k + 1], 0.76 * r + add / 92.0);
    }
    // The dietitian is in no cluster: 212,500 → 127,500.
    money(t.get("(no cluster)", "change").unwrap(), -85_000.0);
    money(c.released(), 85_000.0);
    money(c.reinvested(), 80_000.0);
    conserves(c);
}

#[test]
fn reinvest_by_cluster_register() {
    // 80,000 × register / 20,000 = 4 × register: 8,000; 8,800; 9,600; 10,000; 10,400; 10,800;
    // 11,200; 11,200 (adding up to 80,000).
    let c = reinvest_all(ReinvestBy::Register);
    spread(
        &c,
        &[8000.0, 8800.0, 9600.0, 10_000.0, 10_400.0, 10_800.0, 11_200.0, 11_200.0],
    );
    // The locality's row gains the whole 80,000.
    money(c.by(Dimension::Locality).get("th", "change").unwrap(), 80_000.0);
}

#[test]
fn reinvest_by_cluster_need_takes_the_locality_need() {
    // Every cluster has its locality's need weight (1.5), so the shares are the registers'.
    let c = reinvest_all(ReinvestBy::Need);
    spread(
        &c,
        &[8000.0, 8800.0, 9600.0, 10_000.0, 10_400.0, 10_800.0, 11_200.0, 11_200.0],
    );
}

#[test]
fn reinvest_by_weights_keyed_by_cluster() {
    // Weights 1, 2, …, 8 (adding up to 36): cluster k gets 80,000 × k / 36.
    let w = (1..=8).map(|k| (format!("c{k}"), f64::from(k))).collect();
    let c = reinvest_all(ReinvestBy::Weights(w));
    let expected: [f64; 8] = std::array::from_fn(|k| 80_000.0 * (k as f64 + 1.0) / 36.0);
    spread(&c, &expected);
}

#[test]
fn clusters_of_one_locality_beside_another_whole_locality() {
    // The fixture: north's clusters n1 (health_trainer_north, register 1,800) and n2
    // (gp_care_planning, 1,200) beside south (health_trainer_south, register 1,000, need 2).
    // New money 6,000 by register: 1,800 : 1,200 : 1,000 of 4,000 = 2,700, 1,800, 1,500.
    let into = ["health_trainer_north", "gp_care_planning", "health_trainer_south"];
    let by_register = run(
        &fixture(),
        vec![Lever::reinvest(6000.0, &into, ReinvestBy::Register, MoneySource::New).unwrap()],
    );
    let after = by_register.spend_after();
    money(after[NORTH], 11_450.0 + 2700.0);
    money(after[GP], 40_000.0 + 1800.0);
    money(after[SOUTH], 4580.0 + 1500.0);
    money(after[EDUCATION], 20_000.0);
    let t = by_register.by(Dimension::Cluster);
    money(t.get("n1", "change").unwrap(), 2700.0);
    money(t.get("n2", "change").unwrap(), 1800.0);
    // By need: north's clusters take north's need (1), south 2: 1,800 : 1,200 : 2,000 of 5,000
    // = 2,160, 1,440, 2,400.
    let by_need = run(
        &fixture(),
        vec![Lever::reinvest(6000.0, &into, ReinvestBy::Need, MoneySource::New).unwrap()],
    );
    let after = by_need.spend_after();
    money(after[NORTH], 11_450.0 + 2160.0);
    money(after[GP], 40_000.0 + 1440.0);
    money(after[SOUTH], 4580.0 + 2400.0);
    // Weights keyed by the clusters and by the whole locality: 1, 1, 2 → 1,500, 1,500, 3,000.
    let w = [("n1", 1.0), ("n2", 1.0), ("south", 2.0)]
        .map(|(k, v)| (k.to_string(), v))
        .into_iter()
        .collect();
    let by_weights = run(
        &fixture(),
        vec![Lever::reinvest(6000.0, &into, ReinvestBy::Weights(w), MoneySource::New).unwrap()],
    );
    let after = by_weights.spend_after();
    money(after[NORTH], 11_450.0 + 1500.0);
    money(after[GP], 40_000.0 + 1500.0);
    money(after[SOUTH], 4580.0 + 3000.0);
}

fn refused(economy: &Economy, into: &[&str], by: ReinvestBy) -> Error {
    let scenario = Scenario::new("s")
        .unwrap()
        .with(Lever::reinvest(100.0, into, by, MoneySource::New).unwrap());
    economy.apply(&scenario, ApplyOptions::default()).unwrap_err()
}

#[test]
fn places_that_overlap_or_lack_a_register_are_refused() {
    let into = ["care_planning_c1", "care_planning_c2"];
    // Two services in one cluster.
    let mut two = eight_clusters().to_spec();
    two.services[2].cluster = Some("c1".into());
    let e = refused(&Economy::new(two).unwrap(), &into, ReinvestBy::Register);
    assert_eq!(
        e.to_string(),
        "levers[0].into[1] must be one service per locality or cluster; `c1` has two, got \"care_planning_c2\""
    );
    // A service of the whole locality beside one of its clusters.
    let mut whole = eight_clusters().to_spec();
    whole.services[2].cluster = None;
    let e = refused(&Economy::new(whole).unwrap(), &into, ReinvestBy::Register);
    assert_eq!(
        e.to_string(),
        "levers[0].into[1] must be one service per locality, or one per cluster of it; `th` has two and \
         `care_planning_c2` serves the whole locality, not one of its clusters, got \"care_planning_c2\""
    );
    // A cluster without a register, spread by register; by weights it needs none.
    let mut unknown = eight_clusters().to_spec();
    unknown.localities[0].clusters[1].register = None;
    let unknown = Economy::new(unknown).unwrap();
    let e = refused(&unknown, &into, ReinvestBy::Register);
    assert_eq!(
        e.to_string(),
        "levers[0].into[1] must be a service whose cluster has a register, to spread money by register or \
         need: give localities[0].clusters[1].register (cluster `c2`), got \"care_planning_c2\""
    );
    let w = [("c1", 1.0), ("c2", 3.0)]
        .map(|(k, v)| (k.to_string(), v))
        .into_iter()
        .collect();
    // 100 × 3/4 = 75 into c2.
    let c = run(
        &unknown,
        vec![Lever::reinvest(100.0, &into, ReinvestBy::Weights(w), MoneySource::New).unwrap()],
    );
    money(c.spend_after()[2] - 0.76 * 2200.0 * 92.0, 75.0);
    // A weight for a cluster no service of `into` is in, and for one that does not exist.
    let w = [("c1", 1.0), ("c2", 1.0), ("c3", 1.0)]
        .map(|(k, v)| (k.to_string(), v))
        .into_iter()
        .collect();
    let e = refused(&eight_clusters(), &into, ReinvestBy::Weights(w));
    assert_eq!(
        e.to_string(),
        "levers[0].by.c3 must be weights only for the localities or clusters the services in `into` are \
         placed in, got a weight"
    );
    let w = [("c1", 1.0), ("c22", 1.0)]
        .map(|(k, v)| (k.to_string(), v))
        .into_iter()
        .collect();
    let e = refused(&eight_clusters(), &into, ReinvestBy::Weights(w));
    assert!(matches!(e, Error::UnknownId { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "levers[0].by.c22: unknown locality or cluster `c22`; did you mean `c2`?"
    );
}

#[test]
fn monte_carlo_by_cluster_register_is_the_row_by_row_result() {
    // The cluster registers are numbers in the plan, so a study may make one uncertain; each
    // iteration's outputs are the row-at-a-time model's for its drawn values, bit for bit.
    let economy = eight_clusters();
    let into = care_planning();
    let into: Vec<&str> = into.iter().map(String::as_str).collect();
    let scenario = Scenario::new("by cluster")
        .unwrap()
        .with(Lever::scale_activity("dietitian", 0.6).unwrap())
        .with(Lever::reinvest(80_000.0, &into, ReinvestBy::Register, MoneySource::Released).unwrap());
    let gamma = DistributionSpec::Gamma {
        shape: None,
        scale: None,
        mean: Some(2000.0),
        sd: Some(400.0),
    };
    let extra = vec![("c1.register".to_string(), Distribution::from_spec(gamma, "x").unwrap())];
    let model = Model::new(&economy, &[&scenario], extra).unwrap();
    let options = MonteCarloOptions {
        iterations: 3000,
        seed: 7,
        ..Default::default()
    };
    let result = model.run(&options, &mut |_, _| true).unwrap();
    let (samples, inputs) = (result.samples.unwrap(), result.inputs.unwrap());
    let mut params = model.plan().base().to_vec();
    let mut ws = model.plan().workspace();
    let mut out = vec![0.0; model.width()];
    let mut spread = 0.0_f64;
    for (row, values) in samples.rows().into_iter().zip(inputs.rows()) {
        model.params_with(values.as_slice().unwrap(), &mut params);
        model.evaluate(&params, &mut ws, &mut out).unwrap();
        assert_eq!(row.as_slice().unwrap(), out.as_slice());
        // c1 takes 80,000 × r1 / (r1 + 18,000).
        let c1 = ws.activity[1] - 0.76 * 2000.0;
        let want = 80_000.0 * values[0] / (values[0] + 18_000.0) / 92.0;
        spread = spread.max((c1 - want).abs());
    }
    assert!(spread < 1e-9, "{spread}");
}
