//! The levers that change one service or move money between two: substitute, shift,
//! set_unit_cost, scale_activity and productivity.

use caretriangle::{Dimension, Lever};

use crate::common::{close, fixture, money};
use crate::{
    conserves, flows_are, run, skill_mix, Clinical, Community, Nhs, DIETITIAN, EDUCATION, GP, NORTH, PEER, SOUTH,
};

// ---- substitute ------------------------------------------------------------------------

#[test]
fn substitute_40_percent_of_dietitian_hours_with_health_trainers() {
    let e = fixture();
    let c = run(&e, vec![skill_mix()]);
    // 0.4 × 2,000 = 800 hours move: 800 × 21.25 = 17,000 given up, 800 × 11.45 = 9,160 taken
    // on; 17,000 − 9,160 = 7,840 released from the clinical corner.
    assert_eq!(c.activity_after()[DIETITIAN], 1200.0);
    assert_eq!(c.activity_after()[NORTH], 1800.0);
    money(c.spend_after()[DIETITIAN], 25_500.0);
    money(c.spend_after()[NORTH], 20_610.0);
    money(c.released(), 7_840.0);
    money(c.reinvested(), 0.0);
    money(c.new_money(), 0.0);
    money(c.unspent_release(), 7_840.0);
    // 123,530 − 7,840 = 115,690.
    money(c.total_after(), 115_690.0);
    money(c.change(), -7_840.0);
    money(c.headroom_after(), 14_310.0);
    // The money that kept working (9,160) ran clinical → community: the right side.
    flows_are(&c, &[(Clinical, Community, 9_160.0)]);
    money(c.levers()[0].moved, 9_160.0);
    assert_eq!(
        c.levers()[0].description,
        "substitute 40% of dietitian with health_trainer_north"
    );
    conserves(&c);
}

#[test]
fn substitute_at_one_and_a_half_trainer_hours_per_dietitian_hour() {
    let e = fixture();
    let c = run(
        &e,
        vec![Lever::substitute("dietitian", "health_trainer_north", 0.5, 1.5).unwrap()],
    );
    // 0.5 × 2,000 = 1,000 dietitian hours (21,250) become 1,500 trainer hours
    // (1,500 × 11.45 = 17,175); 21,250 − 17,175 = 4,075 released.
    assert_eq!(c.activity_after()[DIETITIAN], 1000.0);
    assert_eq!(c.activity_after()[NORTH], 2500.0);
    money(c.released(), 4_075.0);
    money(c.total_after(), 123_530.0 - 4_075.0);
    flows_are(&c, &[(Clinical, Community, 17_175.0)]);
    // 2,500 hours is exactly the north trainers' capacity: no warning.
    assert!(c.warnings().is_empty(), "{:?}", c.warnings());
    assert_eq!(
        c.levers()[0].description,
        "substitute 50% of dietitian with health_trainer_north (1.5 units per unit)"
    );
    conserves(&c);
}

#[test]
fn substitute_that_costs_more_is_new_money_within_a_corner() {
    let e = fixture();
    let c = run(
        &e,
        vec![Lever::substitute("structured_education", "gp_care_planning", 0.5, 6.0).unwrap()],
    );
    // 0.5 × 100 = 50 places (50 × 200 = 10,000) become 50 × 6 = 300 contacts
    // (300 × 40 = 12,000): 2,000 more than was given up, with no money released.
    assert_eq!(c.activity_after()[EDUCATION], 50.0);
    assert_eq!(c.activity_after()[GP], 1300.0);
    money(c.released(), 0.0);
    money(c.new_money(), 2_000.0);
    money(c.total_after(), 125_530.0);
    // The 10,000 that kept working stayed in the nhs corner: a within-corner redesign.
    flows_are(&c, &[(Nhs, Nhs, 10_000.0)]);
    let f = c.flows();
    money(f.get("within_nhs_self_management", "forward").unwrap(), 10_000.0);
    money(f.get("within_nhs_self_management", "backward").unwrap(), 0.0);
    money(f.get("left", "gross").unwrap(), 0.0);
    conserves(&c);
}

// ---- shift and the sides of the triangle ------------------------------------------------

#[test]
fn shifts_run_along_every_side() {
    let e = fixture();
    let c = run(
        &e,
        vec![
            Lever::shift("gp_care_planning", "health_trainer_south", 4000.0).unwrap(), // floor →
            Lever::shift("health_trainer_south", "gp_care_planning", 1500.0).unwrap(), // floor ←
            Lever::shift("dietitian", "gp_care_planning", 5000.0).unwrap(),            // left →
            Lever::shift("health_trainer_north", "dietitian", 1000.0).unwrap(),        // right ←
        ],
    );
    // A shift moves money, never adds or removes it.
    money(c.total_after(), 123_530.0);
    money(c.released(), 0.0);
    money(c.new_money(), 0.0);
    flows_are(
        &c,
        &[
            (Nhs, Community, 4000.0),
            (Community, Nhs, 1500.0),
            (Clinical, Nhs, 5000.0),
            (Community, Clinical, 1000.0),
        ],
    );
    let f = c.flows();
    assert_eq!(
        f.keys(),
        [
            "left",
            "floor",
            "right",
            "within_clinical",
            "within_nhs_self_management",
            "within_community_self_management"
        ]
    );
    // left: 5,000 forward (clinical → nhs), nothing back.
    money(f.get("left", "forward").unwrap(), 5000.0);
    money(f.get("left", "net").unwrap(), 5000.0);
    // floor: 4,000 forward, 1,500 back: net 2,500, gross 5,500.
    money(f.get("floor", "forward").unwrap(), 4000.0);
    money(f.get("floor", "backward").unwrap(), 1500.0);
    money(f.get("floor", "net").unwrap(), 2500.0);
    money(f.get("floor", "gross").unwrap(), 5500.0);
    // right (clinical → community): 1,000 ran backward.
    money(f.get("right", "forward").unwrap(), 0.0);
    money(f.get("right", "net").unwrap(), -1000.0);
    money(f.get("right", "gross").unwrap(), 1000.0);
    // Activity follows each unit cost: gp 1,000 − 4,000/40 + 1,500/40 + 5,000/40 = 1,062.5;
    // dietitian 2,000 − 5,000/21.25 + 1,000/21.25 = 2,000 − 188.235 = 1,811.765;
    // north 1,000 − 1,000/11.45 = 912.664; south 400 + 2,500/11.45 = 618.341.
    close(c.activity_after()[GP], 1062.5, 1e-9);
    close(c.activity_after()[DIETITIAN], 2000.0 - 4000.0 / 21.25, 1e-9);
    close(c.activity_after()[NORTH], 1000.0 - 1000.0 / 11.45, 1e-9);
    close(c.activity_after()[SOUTH], 400.0 + 2500.0 / 11.45, 1e-9);
    // Corners: clinical 42,500 − 5,000 + 1,000 = 38,500; nhs 60,000 − 4,000 + 1,500 + 5,000 =
    // 62,500; community 21,030 + 4,000 − 1,500 − 1,000 = 22,530.
    let by = c.by(Dimension::Corner);
    money(by.get("clinical", "scenario").unwrap(), 38_500.0);
    money(by.get("nhs_self_management", "scenario").unwrap(), 62_500.0);
    money(by.get("community_self_management", "scenario").unwrap(), 22_530.0);
    let moved: Vec<f64> = c.levers().iter().map(|l| l.moved).collect();
    assert_eq!(moved, [4000.0, 1500.0, 5000.0, 1000.0]);
    conserves(&c);
}

#[test]
fn shift_inside_a_corner_is_a_within_corner_redesign() {
    let e = fixture();
    let c = run(
        &e,
        vec![Lever::shift("health_trainer_north", "health_trainer_south", 2000.0).unwrap()],
    );
    flows_are(&c, &[(Community, Community, 2000.0)]);
    money(
        c.flows().get("within_community_self_management", "gross").unwrap(),
        2000.0,
    );
    money(c.spend_after()[NORTH], 9_450.0);
    money(c.spend_after()[SOUTH], 6_580.0);
}

#[test]
fn shifting_all_of_a_services_money_leaves_it_no_activity() {
    let e = fixture();
    let c = run(
        &e,
        vec![Lever::shift("gp_care_planning", "structured_education", 40_000.0).unwrap()],
    );
    // 40,000 is all gp_care_planning spends: activity 0 exactly, and 40,000 / 200 = 200 more
    // education places (300 in all).
    assert_eq!(c.activity_after()[GP], 0.0);
    assert_eq!(c.spend_after()[GP], 0.0);
    close(c.activity_after()[EDUCATION], 300.0, 1e-9);
    flows_are(&c, &[(Nhs, Nhs, 40_000.0)]);
}

// ---- set_unit_cost, scale_activity, productivity -------------------------------------------

#[test]
fn set_unit_cost_keeps_activity() {
    let e = fixture();
    // Up: 2,000 h × £25 = 50,000, 7,500 more than 42,500: new money.
    let c = run(&e, vec![Lever::set_unit_cost("dietitian", 25.0).unwrap()]);
    assert_eq!(c.activity_after()[DIETITIAN], 2000.0);
    assert_eq!(c.unit_cost_after()[DIETITIAN], 25.0);
    money(c.new_money(), 7_500.0);
    money(c.released(), 0.0);
    money(c.total_after(), 131_030.0);
    money(c.over_envelope(), 1_030.0);
    flows_are(&c, &[]);
    // Down: 2,000 × £20 = 40,000: 2,500 released.
    let c = run(&e, vec![Lever::set_unit_cost("dietitian", 20.0).unwrap()]);
    money(c.released(), 2_500.0);
    money(c.total_after(), 121_030.0);
    conserves(&c);
}

#[test]
fn set_unit_cost_on_a_block_contract_keeps_its_sessions() {
    // peer_support: £5,000 at £25 = 200 sessions; at £20 the 200 sessions cost 4,000.
    let c = run(&fixture(), vec![Lever::set_unit_cost("peer_support", 20.0).unwrap()]);
    close(c.activity_after()[PEER], 200.0, 1e-9);
    money(c.spend_after()[PEER], 4_000.0);
    money(c.released(), 1_000.0);
}

#[test]
fn scale_activity_down_releases_and_up_costs() {
    let e = fixture();
    // 100 places × 0.9 = 90 × £200 = 18,000: 2,000 released.
    let c = run(&e, vec![Lever::scale_activity("structured_education", 0.9).unwrap()]);
    close(c.activity_after()[EDUCATION], 90.0, 1e-9);
    money(c.released(), 2_000.0);
    money(c.total_after(), 121_530.0);
    // People reached (1 place a person): 100 → 90.
    let (before, after) = c.people_reached();
    assert_eq!(before[EDUCATION], Some(100.0));
    close(after[EDUCATION].unwrap(), 90.0, 1e-9);
    // 100 × 1.25 = 125 × £200 = 25,000: 5,000 new money.
    let c = run(&e, vec![Lever::scale_activity("structured_education", 1.25).unwrap()]);
    money(c.new_money(), 5_000.0);
    money(c.released(), 0.0);
    assert_eq!(
        c.levers()[0].description,
        "scale the activity of structured_education by 1.25"
    );
    conserves(&c);
}

#[test]
fn productivity_lowers_the_unit_cost_and_keeps_activity() {
    let c = run(&fixture(), vec![Lever::productivity("gp_care_planning", 0.1).unwrap()]);
    // £40 × (1 − 0.1) = £36; 1,000 contacts cost 36,000: 4,000 released.
    close(c.unit_cost_after()[GP], 36.0, 1e-12);
    assert_eq!(c.activity_after()[GP], 1000.0);
    money(c.released(), 4_000.0);
    money(c.total_after(), 119_530.0);
    // Same activity, same people: 1,000 contacts / 2 a person = 500.
    let (before, after) = c.people_reached();
    assert_eq!(before[GP], Some(500.0));
    assert_eq!(after[GP], Some(500.0));
    assert_eq!(
        c.levers()[0].description,
        "productivity gain of 10% on gp_care_planning"
    );
}
