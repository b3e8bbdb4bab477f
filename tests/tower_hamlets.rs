//! The shipped Tower Hamlets example (`examples/tower_hamlets.toml`, issue 13's case): its
//! scenario and five-year budget impact against arithmetic done by hand.
//!
//! The figures are the file's: 8 clusters with registers 2,000, 2,200, 2,400, 2,500, 2,600,
//! 2,700, 2,800 and 2,800 (20,000, illustrative), care planning at £92 a person for 76% of
//! each; a YOC specialist dietitian at £21.25 an hour (3 hours a person) and health trainer at
//! £11.45 (4 hours a person); 280 KB02 spells at £1,749 (NCC 2023/24), 45% of them in the top
//! 7%; a community team at £57 an hour (PSSRU 2024, Band 6), 4 hours a person. Deterministic
//! runs use each distribution's mean.

use caretriangle::examples::{tower_hamlets, TOWER_HAMLETS};
use caretriangle::{ApplyOptions, Comparison, Corner, Dimension, Programme};

const REGISTERS: [f64; 8] = [2_000.0, 2_200.0, 2_400.0, 2_500.0, 2_600.0, 2_700.0, 2_800.0, 2_800.0];

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} != {b} (± {tol})");
}

fn example() -> Programme {
    tower_hamlets().unwrap()
}

fn scenario(p: &Programme) -> Comparison {
    let s = p.scenario("clusters and risk").unwrap();
    p.economy().apply(s, ApplyOptions::default()).unwrap()
}

#[test]
fn the_file_is_the_shipped_text_and_every_service_has_a_source() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tower_hamlets.toml")).unwrap();
    assert_eq!(text, TOWER_HAMLETS);
    let p = example();
    let e = p.economy();
    assert_eq!(e.localities().len(), 1);
    let clusters = &e.localities()[0].clusters;
    assert_eq!(clusters.len(), 8);
    let registers: Vec<f64> = clusters.iter().map(|c| c.register.unwrap()).collect();
    assert_eq!(registers, REGISTERS);
    for s in e.services() {
        assert!(s.spec().source.is_some(), "{} has no source", s.id());
    }
    assert!(e.warnings().is_empty(), "{:?}", e.warnings());
}

#[test]
fn the_baseline_by_hand() {
    let p = example();
    let e = p.economy();
    // Care planning: 76% of each register, rounded to a person: 1,520 + 1,672 + 1,824 + 1,900 +
    // 1,976 + 2,052 + 2,128 + 2,128 = 15,200 people = 76% of 20,000, × £92 = £1,398,400.
    let by_cluster = e.spend_by(Dimension::Cluster);
    for (k, r) in REGISTERS.iter().enumerate() {
        let spend = by_cluster.get(&format!("cluster_{}", k + 1), "spend").unwrap();
        close(spend, (0.76 * r).round() * 92.0, 1e-6);
    }
    // Dietitian 6,000 h × £21.25 = 127,500; spells 280 × £1,749 = 489,720; trainers 2,000 h ×
    // £11.45 = 22,900; the team 0. Total 127,500 + 489,720 + 1,398,400 + 22,900 = 2,038,520.
    close(e.total_spend(), 2_038_520.0, 1e-6);
    close(e.headroom(), 2_400_000.0 - 2_038_520.0, 1e-6);
}

#[test]
fn the_scenario_by_hand() {
    let p = example();
    let c = scenario(&p);
    // 1. Substitute 30% of the dietitian's 2,000 people (6,000 h / 3): 600 people, 1,800
    //    dietitian hours (£38,250) for 600 × 4 = 2,400 trainer hours (£27,480): £10,770 released.
    // 2. Target: 280 spells × 0.45 × 0.8 × −0.10 = −10.08 spells × £1,749 = £17,629.92 released.
    // 3. Commission 1,120 people × 4 h = 4,480 h × £57 = £255,360 of new money.
    // 4. Reinvest all released, 10,770 + 17,629.92 = £28,399.92, in care planning by register.
    let released = 10_770.0 + 17_629.92;
    close(c.released(), released, 1e-6);
    close(c.reinvested(), released, 1e-6);
    close(c.unspent_release(), 0.0, 1e-6);
    close(c.new_money(), 255_360.0, 1e-6);
    close(c.change(), 255_360.0, 1e-6);
    close(c.total_after(), 2_038_520.0 + 255_360.0, 1e-6);
    let by = c.by(Dimension::Cluster);
    for (k, r) in REGISTERS.iter().enumerate() {
        // Cluster k: 28,399.92 × register / 20,000 (c1: £2,839.992; c7 and c8: £3,975.9888).
        close(
            by.get(&format!("cluster_{}", k + 1), "change").unwrap(),
            released * r / 20_000.0,
            1e-6,
        );
    }
    // Along the sides: all the released money is clinical (dietitian, spells) and goes to care
    // planning (left side); the trainers' 27,480 is paid from the dietitian's 38,250 (right).
    close(c.flow(Corner::Clinical, Corner::NhsSelfManagement), released, 1e-6);
    close(
        c.flow(Corner::Clinical, Corner::CommunitySelfManagement),
        27_480.0,
        1e-6,
    );
    // People: dietitian 2,000 → 1,400, trainers 500 → 1,100 (the same 600 people), the team
    // 0 → 1,120, care planning 15,200 → 15,200 + 28,399.92 / 92 = 15,508.69… people.
    let (before, after) = c.people_reached();
    let e = p.economy();
    let at = |id: &str| e.services().iter().position(|s| s.id() == id).unwrap();
    let dietitian = at("specialist_dietitian");
    let trainers = at("health_trainer");
    let team = at("integrated_community_team");
    close(before[dietitian].unwrap(), 2_000.0, 1e-9);
    close(after[dietitian].unwrap(), 1_400.0, 1e-9);
    close(after[trainers].unwrap() - before[trainers].unwrap(), 600.0, 1e-9);
    close(after[team].unwrap(), 1_120.0, 1e-9);
    let care_planned: f64 = (1..=8)
        .map(|k| after[at(&format!("care_planning_cluster_{k}"))].unwrap())
        .sum();
    close(care_planned, 15_200.0 + released / 92.0, 1e-6);
    assert!(c.warnings().is_empty(), "{:?}", c.warnings());
}

#[test]
fn the_five_year_budget_impact_by_hand() {
    let p = example();
    let bi = p.budget_impact(&p.budget_impacts()[0]).unwrap();
    let a = bi.annual();
    let years = ["2025/26", "2026/27", "2027/28", "2028/29", "2029/30"];
    // The scenario's change, £255,360, recurs every year; £150,000 of training (1,000 staff
    // at £150) falls once, in 2025/26: net 405,360 then 255,360 a year.
    for (i, y) in years.iter().enumerate() {
        close(a.get(y, "scenario_change").unwrap(), 255_360.0, 1e-6);
        close(
            a.get(y, "one_off_costs").unwrap(),
            if i == 0 { 150_000.0 } else { 0.0 },
            1e-6,
        );
        close(
            a.get(y, "net").unwrap(),
            255_360.0 + if i == 0 { 150_000.0 } else { 0.0 },
            1e-6,
        );
    }
    // Cumulative: 5 × 255,360 + 150,000 = 1,426,800. Discounted at 3.5% from the start of each
    // year: 150,000 + 255,360 × (1 + 1/1.035 + 1/1.035² + 1/1.035³ + 1/1.035⁴)
    // = 150,000 + 255,360 × 4.673079… = 1,343,317.5…
    close(a.get("2029/30", "cumulative").unwrap(), 1_426_800.0, 1e-6);
    let factors: f64 = (0..5).map(|i| 1.035_f64.powi(-i)).sum();
    close(factors, 4.673_079, 1e-6);
    close(
        a.get("2029/30", "discounted_cumulative").unwrap(),
        150_000.0 + 255_360.0 * factors,
        1e-6,
    );
}

#[test]
fn people_before_and_after_in_the_summary_the_lever_table_and_by_cluster() {
    let p = example();
    let c = scenario(&p);
    let released = 10_770.0 + 17_629.92;
    // Before: dietitian 2,000 + trainers 500 + the team 0 + care planning 15,200 = 17,700
    // (spells have no units per person and count no one). After: the 600 moved stay 600; the
    // team reaches 1,120; care planning 28,399.92 / 92 = 308.694… more: 19,128.694…
    let s = c.summary();
    close(s.get("people_before", "amount").unwrap(), 17_700.0, 1e-9);
    close(
        s.get("people_after", "amount").unwrap(),
        17_700.0 + 1_120.0 + released / 92.0,
        1e-9,
    );
    close(
        s.get("extra_people", "amount").unwrap(),
        1_120.0 + released / 92.0,
        1e-9,
    );
    // Lever by lever: the swap 0 (person for person), the target 0, the team 1,120, the
    // reinvestment 308.694…
    let t = c.lever_table();
    let extra: Vec<f64> = (1..=4)
        .map(|i| t.get(&i.to_string(), "extra_people").unwrap())
        .collect();
    close(extra[0], 0.0, 1e-9);
    close(extra[1], 0.0, 1e-9);
    close(extra[2], 1_120.0, 1e-9);
    close(extra[3], released / 92.0, 1e-9);
    // By cluster: each cluster's register share of the 308.694… (cluster 1: 2,000 / 20,000).
    let by = c.by(Dimension::Cluster);
    for (k, r) in REGISTERS.iter().enumerate() {
        let key = format!("cluster_{}", k + 1);
        close(by.get(&key, "people_before").unwrap(), (0.76 * r).round(), 1e-9);
        close(
            by.get(&key, "extra_people").unwrap(),
            released / 92.0 * r / 20_000.0,
            1e-9,
        );
    }
    // By corner: clinical gains the team's 1,120 and loses the dietitian's 600; community gains
    // the 600 the trainers take on.
    let by = c.by(Dimension::Corner);
    close(by.get("clinical", "extra_people").unwrap(), 1_120.0 - 600.0, 1e-9);
    close(
        by.get("community_self_management", "extra_people").unwrap(),
        600.0,
        1e-9,
    );
}
