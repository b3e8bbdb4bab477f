//! What a comparison reports: people reached, capacity, tables by every dimension, budget lines.

use caretriangle::{Dimension, Economy, Lever, ReinvestBy, Table};

use crate::common::{close, fixture, money, plain_all};
use crate::{reinvested, run, DIETITIAN, NORTH, PEER, SOUTH};

// ---- people reached, capacity --------------------------------------------------------------

#[test]
fn people_reached_before_and_after() {
    let c = reinvested(ReinvestBy::Register);
    let (before, after) = c.people_reached();
    // Before: dietitian 2,000 / 4 = 500; gp 1,000 / 2 = 500; education 100 / 1 = 100;
    // north 1,000 / 8 = 125; south 400 / 8 = 50; peer support: units per person unknown.
    assert_eq!(
        before,
        [Some(500.0), Some(500.0), Some(100.0), Some(125.0), Some(50.0), None]
    );
    // After: dietitian 1,200 / 4 = 300; north (1,800 + 4,500/11.45) / 8 = 274.127;
    // south (400 + 1,500/11.45) / 8 = 66.376.
    assert_eq!(after[DIETITIAN], Some(300.0));
    close(after[NORTH].unwrap(), (1800.0 + 4500.0 / 11.45) / 8.0, 1e-9);
    close(after[SOUTH].unwrap(), (400.0 + 1500.0 / 11.45) / 8.0, 1e-9);
    assert_eq!(after[PEER], None);
    let t = c.by(Dimension::Service);
    assert_eq!(t.get("dietitian", "people_before"), Some(500.0));
    assert_eq!(t.get("dietitian", "people_after"), Some(300.0));
    assert_eq!(t.get("peer_support", "people_after"), None);
    assert_eq!(t.get("dietitian", "activity_after"), Some(1200.0));
    assert_eq!(t.get("peer_support", "activity_before"), Some(200.0));
}

#[test]
fn capacity_warnings_name_the_service_and_its_capacity() {
    let c = run(
        &fixture(),
        vec![Lever::scale_activity("health_trainer_south", 3.0).unwrap()],
    );
    // 400 × 3 = 1,200 hours against a capacity of 1,000; spend 1,200 × 11.45 = 13,740, which
    // is 9,160 of new money: 123,530 + 9,160 = 132,690, 2,690 over the envelope.
    assert_eq!(
        plain_all(&c.warnings()),
        [
            "health_trainer_south needs 1200.0 hours a year, over its capacity of 1000.0",
            "scenario `test` spends £132690.00, over the envelope of £130000.00 by £2690.00",
        ]
    );
}

// ---- reports by every dimension ------------------------------------------------------------

/// Checks a report's rows (key, baseline, scenario) and that its total row adds up.
#[track_caller]
fn report(t: Table, rows: &[(&str, f64, f64)], total_before: f64, total_after: f64) {
    assert_eq!(t.keys(), rows.iter().map(|r| r.0).collect::<Vec<_>>());
    for (key, b, a) in rows {
        money(t.get(key, "baseline").unwrap(), *b);
        money(t.get(key, "scenario").unwrap(), *a);
        money(t.get(key, "change").unwrap(), a - b);
        close(t.get(key, "baseline_share").unwrap(), b / 130_000.0, 1e-12);
        close(t.get(key, "scenario_share").unwrap(), a / 130_000.0, 1e-12);
    }
    let t = t.with_total();
    money(t.get("Total", "baseline").unwrap(), total_before);
    money(t.get("Total", "scenario").unwrap(), total_after);
    money(t.get("Total", "change").unwrap(), total_after - total_before);
}

#[test]
fn comparison_by_every_dimension_adds_up() {
    // Substitute 40% then reinvest 6,000 by register: after, dietitian 25,500; gp 40,000;
    // education 20,000; north 20,610 + 4,500 = 25,110; south 4,580 + 1,500 = 6,080;
    // peer support 5,000. Total 121,690 (baseline 123,530).
    let c = reinvested(ReinvestBy::Register);
    let (b, a) = (123_530.0, 121_690.0);
    report(
        c.by(Dimension::Corner),
        &[
            ("clinical", 42_500.0, 25_500.0),
            ("nhs_self_management", 60_000.0, 60_000.0),
            // 11,450 + 4,580 + 5,000 = 21,030 → 25,110 + 6,080 + 5,000 = 36,190.
            ("community_self_management", 21_030.0, 36_190.0),
        ],
        b,
        a,
    );
    report(
        c.by(Dimension::Commissioner),
        &[
            ("CCG", 42_500.0, 25_500.0),
            ("NHS Commissioning Board", 60_000.0, 60_000.0),
            // The trainers only: peer support has its own commissioner.
            ("Health and Wellbeing Board", 16_030.0, 31_190.0),
            ("Public health", 5_000.0, 5_000.0),
        ],
        b,
        a,
    );
    report(
        c.by(Dimension::Provider),
        &[
            ("acute_trust", 42_500.0, 25_500.0),
            ("community_trust", 20_000.0, 20_000.0),
            ("general_practice", 40_000.0, 40_000.0),
            ("third_sector", 16_030.0, 31_190.0),
            ("local_authority", 5_000.0, 5_000.0),
        ],
        b,
        a,
    );
    report(
        c.by(Dimension::Locality),
        &[
            // north: gp 40,000 + trainers 11,450 → 25,110.
            ("north", 51_450.0, 65_110.0),
            ("south", 4_580.0, 6_080.0),
            // dietitian + education + peer support: 42,500 + 20,000 + 5,000 → 25,500 + …
            ("(economy-wide)", 67_500.0, 50_500.0),
        ],
        b,
        a,
    );
    report(
        c.by(Dimension::Cluster),
        &[
            ("n1", 11_450.0, 25_110.0),
            ("n2", 40_000.0, 40_000.0),
            // dietitian, education, south, peer support: 42,500 + 20,000 + 4,580 + 5,000.
            ("(no cluster)", 72_080.0, 56_580.0),
        ],
        b,
        a,
    );
    report(
        c.by(Dimension::Service),
        &[
            ("dietitian", 42_500.0, 25_500.0),
            ("gp_care_planning", 40_000.0, 40_000.0),
            ("structured_education", 20_000.0, 20_000.0),
            ("health_trainer_north", 11_450.0, 25_110.0),
            ("health_trainer_south", 4_580.0, 6_080.0),
            ("peer_support", 5_000.0, 5_000.0),
        ],
        b,
        a,
    );
}

#[test]
fn baseline_spend_by_every_dimension_adds_up() {
    let e = fixture();
    let dims = [
        (
            Dimension::Corner,
            vec!["clinical", "nhs_self_management", "community_self_management"],
        ),
        (
            Dimension::Commissioner,
            vec![
                "CCG",
                "NHS Commissioning Board",
                "Health and Wellbeing Board",
                "Public health",
            ],
        ),
        (
            Dimension::Provider,
            vec![
                "acute_trust",
                "community_trust",
                "general_practice",
                "third_sector",
                "local_authority",
            ],
        ),
        (Dimension::Locality, vec!["north", "south", "(economy-wide)"]),
        (Dimension::Cluster, vec!["n1", "n2", "(no cluster)"]),
        (
            Dimension::Service,
            vec![
                "dietitian",
                "gp_care_planning",
                "structured_education",
                "health_trainer_north",
                "health_trainer_south",
                "peer_support",
            ],
        ),
    ];
    for (dim, keys) in dims {
        let t = e.spend_by(dim).with_total();
        let mut expected_keys = keys.clone();
        expected_keys.push("Total");
        assert_eq!(t.keys(), expected_keys, "{dim:?}");
        money(t.get("Total", "spend").unwrap(), 123_530.0);
        // Shares of spend add up to 1; shares of the envelope to 123,530 / 130,000 = 0.95023.
        close(t.get("Total", "share_of_spend").unwrap(), 1.0, 1e-12);
        close(
            t.get("Total", "share_of_envelope").unwrap(),
            123_530.0 / 130_000.0,
            1e-12,
        );
    }
    let t = e.spend_by(Dimension::Corner);
    money(t.get("clinical", "spend").unwrap(), 42_500.0);
    // 42,500 / 130,000 = 0.326923; 42,500 / 123,530 = 0.344046.
    close(t.get("clinical", "share_of_envelope").unwrap(), 0.326_923, 1e-6);
    close(t.get("clinical", "share_of_spend").unwrap(), 0.344_046, 1e-6);
    let t = e.spend_by(Dimension::Locality);
    money(t.get("north", "spend").unwrap(), 51_450.0);
    let t = e.spend_by(Dimension::Service);
    // 42,500 / 500 people = £85 a person (4 hours × 21.25).
    assert_eq!(t.get("dietitian", "people_reached"), Some(500.0));
    money(t.get("dietitian", "cost_per_person").unwrap(), 85.0);
    // 5,000 / 25 = 200 sessions; people unknown.
    assert_eq!(t.get("peer_support", "activity"), Some(200.0));
    assert_eq!(t.get("peer_support", "cost_per_person"), None);
    assert_eq!(t.get("health_trainer_south", "unit_cost"), Some(11.45));
}

// ---- budget lines -------------------------------------------------------------------------

#[test]
fn budget_check_sets_each_corner_against_its_line() {
    let e = fixture();
    let t = e.budget_check();
    // clinical 42,500 − 45,000 = −2,500; nhs 60,000 − 55,000 = +5,000;
    // community 21,030 − 25,000 = −3,970.
    for (corner, budget, spend) in [
        ("clinical", 45_000.0, 42_500.0),
        ("nhs_self_management", 55_000.0, 60_000.0),
        ("community_self_management", 25_000.0, 21_030.0),
    ] {
        assert_eq!(t.get(corner, "budget"), Some(budget));
        money(t.get(corner, "spend").unwrap(), spend);
        money(t.get(corner, "variance").unwrap(), spend - budget);
    }
    assert_eq!(
        plain_all(&e.warnings()),
        ["nhs_self_management spends £60000.00, over its budget line of £55000.00 by £5000.00"]
    );
}

#[test]
fn budget_check_without_lines_has_no_variance() {
    let mut spec = crate::common::fixture_spec();
    spec.budget = Some(caretriangle::BudgetLines {
        clinical: Some(50_000.0),
        ..Default::default()
    });
    let e = Economy::new(spec).unwrap();
    let t = e.budget_check();
    money(t.get("clinical", "variance").unwrap(), -7_500.0);
    assert_eq!(t.get("nhs_self_management", "budget"), None);
    assert_eq!(t.get("nhs_self_management", "variance"), None);
    money(t.get("nhs_self_management", "spend").unwrap(), 60_000.0);
}
