//! Scenario arithmetic, worked by hand on the fixture economy (see `common::fixture_spec`):
//!
//! dietitian 2,000 h × £21.25 = 42,500 (clinical); gp_care_planning 1,000 × £40 = 40,000 and
//! structured_education 100 × £200 = 20,000 (nhs); health_trainer_north 1,000 h × £11.45 =
//! 11,450, health_trainer_south 400 h × £11.45 = 4,580, peer_support allocation 5,000 at £25
//! (community). Total 123,530; envelope 130,000.

mod common;

use caretriangle::{
    ApplyOptions, Comparison, Corner, Dimension, Economy, Error, Lever, MoneySource, ReinvestBy, Scenario, Table,
};
use common::{close, fixture, money, plain, plain_all};
use Corner::{Clinical, CommunitySelfManagement as Community, NhsSelfManagement as Nhs};

const DIETITIAN: usize = 0;
const GP: usize = 1;
const EDUCATION: usize = 2;
const NORTH: usize = 3;
const SOUTH: usize = 4;
const PEER: usize = 5;

fn run(economy: &Economy, levers: Vec<Lever>) -> Comparison {
    let scenario = levers
        .into_iter()
        .fold(Scenario::new("test").unwrap(), caretriangle::Scenario::with);
    economy.apply(&scenario, ApplyOptions::default()).unwrap()
}

fn skill_mix() -> Lever {
    Lever::substitute("dietitian", "health_trainer_north", 0.4, 1.0).unwrap()
}

fn reinvest(amount: f64, by: ReinvestBy, source: MoneySource) -> Lever {
    Lever::reinvest(amount, &["health_trainer_north", "health_trainer_south"], by, source).unwrap()
}

/// Every flow between corners, as (from, to, £).
fn all_flows(c: &Comparison) -> Vec<(Corner, Corner, f64)> {
    let mut out = Vec::new();
    for a in Corner::ALL {
        for b in Corner::ALL {
            out.push((a, b, c.flow(a, b)));
        }
    }
    out
}

/// Asserts that every flow is 0 except those listed.
#[track_caller]
fn flows_are(c: &Comparison, expected: &[(Corner, Corner, f64)]) {
    for (a, b, got) in all_flows(c) {
        let want = expected
            .iter()
            .find(|(x, y, _)| *x == a && *y == b)
            .map_or(0.0, |e| e.2);
        close(got, want, 1e-6);
    }
}

/// The ledger identity every scenario keeps.
#[track_caller]
fn conserves(c: &Comparison) {
    close(
        c.total_after() - c.total_before(),
        c.new_money() + c.reinvested() - c.released(),
        1e-6,
    );
}

#[test]
fn fixture_baseline() {
    let e = fixture();
    // 42,500 + 40,000 + 20,000 + 11,450 + 4,580 + 5,000 = 123,530.
    money(e.total_spend(), 123_530.0);
    money(e.headroom(), 6_470.0);
    // peer_support's allocation gives 5000 / 25 = 200 sessions.
    assert_eq!(e.services()[PEER].activity(), 200.0);
}

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

// ---- reinvest -----------------------------------------------------------------------------

/// Substitute (releasing 7,840) then reinvest 6,000 of it in the two trainer services.
fn reinvested(by: ReinvestBy) -> Comparison {
    run(
        &fixture(),
        vec![skill_mix(), reinvest(6000.0, by, MoneySource::Released)],
    )
}

#[track_caller]
fn reinvestment_split(c: &Comparison, to_north: f64, to_south: f64) {
    // After the substitution north spends 20,610 and south 4,580.
    money(c.spend_after()[NORTH], 20_610.0 + to_north);
    money(c.spend_after()[SOUTH], 4_580.0 + to_south);
    close(c.activity_after()[NORTH], 1800.0 + to_north / 11.45, 1e-9);
    close(c.activity_after()[SOUTH], 400.0 + to_south / 11.45, 1e-9);
    // Released 7,840, reinvested 6,000, 1,840 kept: 123,530 − 1,840 = 121,690.
    money(c.released(), 7_840.0);
    money(c.reinvested(), 6_000.0);
    money(c.unspent_release(), 1_840.0);
    money(c.total_after(), 121_690.0);
    // All the released money came from the clinical corner, so the reinvestment also runs
    // along the right side: 9,160 + 6,000 = 15,160.
    flows_are(c, &[(Clinical, Community, 15_160.0)]);
    let levers = c.lever_table();
    money(levers.get("1", "released").unwrap(), 7_840.0);
    money(levers.get("2", "reinvested").unwrap(), 6_000.0);
    money(levers.get("2", "moved").unwrap(), 6_000.0);
    money(levers.get("2", "released").unwrap(), 0.0);
    conserves(c);
}

#[test]
fn reinvest_by_register() {
    // Registers north 3,000 and south 1,000: 3/4 and 1/4 of 6,000 = 4,500 and 1,500.
    let c = reinvested(ReinvestBy::Register);
    reinvestment_split(&c, 4_500.0, 1_500.0);
    assert_eq!(
        plain(&c.levers()[1].description),
        "reinvest £6000.00 of released money in health_trainer_north, health_trainer_south by register"
    );
}

#[test]
fn reinvest_by_need() {
    // Register × need: north 3,000 × 1 = 3,000, south 1,000 × 2 = 2,000: 0.6 and 0.4 of 6,000
    // = 3,600 and 2,400.
    reinvestment_split(&reinvested(ReinvestBy::Need), 3_600.0, 2_400.0);
}

#[test]
fn reinvest_equally() {
    // 6,000 / 2 = 3,000 each.
    reinvestment_split(&reinvested(ReinvestBy::Equal), 3_000.0, 3_000.0);
}

#[test]
fn reinvest_by_explicit_weights() {
    // Weights north 1, south 3: 1/4 and 3/4 of 6,000 = 1,500 and 4,500.
    let w = [("north".to_string(), 1.0), ("south".to_string(), 3.0)]
        .into_iter()
        .collect();
    reinvestment_split(&reinvested(ReinvestBy::Weights(w)), 1_500.0, 4_500.0);
}

#[test]
fn reinvested_money_is_drawn_from_each_corner_in_proportion_to_what_it_released() {
    let e = fixture();
    let c = run(
        &e,
        vec![
            skill_mix(),                                           // releases 7,840 from clinical
            Lever::productivity("gp_care_planning", 0.1).unwrap(), // releases 4,000 from nhs
            Lever::reinvest(
                5920.0,
                &["health_trainer_north"],
                ReinvestBy::Register,
                MoneySource::Released,
            )
            .unwrap(),
        ],
    );
    // Productivity: £40 × 0.9 = £36 a contact, 1,000 contacts: 40,000 − 36,000 = 4,000.
    money(c.levers()[1].released, 4_000.0);
    assert_eq!(c.unit_cost_after()[GP], 36.0);
    // Pool 7,840 + 4,000 = 11,840; 5,920 is half of it: 3,920 from clinical, 2,000 from nhs.
    flows_are(
        &c,
        &[(Clinical, Community, 9_160.0 + 3_920.0), (Nhs, Community, 2_000.0)],
    );
    money(c.released(), 11_840.0);
    money(c.reinvested(), 5_920.0);
    // One service takes it all: 20,610 + 5,920 = 26,530.
    money(c.spend_after()[NORTH], 26_530.0);
    // 123,530 − 7,840 − 4,000 + 5,920 = 117,610.
    money(c.total_after(), 117_610.0);
    conserves(&c);
}

#[test]
fn reinvest_new_money_adds_to_the_total_and_moves_nothing_along_the_sides() {
    let e = fixture();
    let c = run(&e, vec![reinvest(10_000.0, ReinvestBy::Register, MoneySource::New)]);
    // 3/4 and 1/4 of 10,000: 7,500 to north, 2,500 to south.
    money(c.spend_after()[NORTH], 11_450.0 + 7_500.0);
    money(c.spend_after()[SOUTH], 4_580.0 + 2_500.0);
    money(c.new_money(), 10_000.0);
    money(c.released(), 0.0);
    money(c.reinvested(), 0.0);
    flows_are(&c, &[]);
    // 123,530 + 10,000 = 133,530: over the 130,000 envelope by 3,530.
    money(c.total_after(), 133_530.0);
    money(c.over_envelope(), 3_530.0);
    money(c.headroom_after(), -3_530.0);
    assert_eq!(
        plain_all(&c.warnings()),
        ["scenario `test` spends £133530.00, over the envelope of £130000.00 by £3530.00"]
    );
    let s = c.summary();
    money(s.get("new_money", "amount").unwrap(), 10_000.0);
    money(s.get("headroom_before", "amount").unwrap(), 6_470.0);
    money(s.get("headroom_after", "amount").unwrap(), -3_530.0);
    conserves(&c);
}

// ---- envelope ---------------------------------------------------------------------------

#[test]
fn strict_refuses_a_scenario_over_the_envelope() {
    let e = fixture();
    let s = Scenario::new("new money")
        .unwrap()
        .with(reinvest(10_000.0, ReinvestBy::Register, MoneySource::New));
    let err = e.apply(&s, ApplyOptions { strict: true }).unwrap_err();
    match &err {
        Error::OverEnvelope {
            scenario,
            spend,
            envelope,
            over,
        } => {
            assert_eq!(scenario, "new money");
            money(*spend, 133_530.0);
            assert_eq!(*envelope, 130_000.0);
            money(*over, 3_530.0);
        }
        other => panic!("expected OverEnvelope, got {other:?}"),
    }
    assert_eq!(
        plain(&err.to_string()),
        "scenario `new money` spends £133530.00, over the envelope of £130000.00 by £3530.00"
    );
    // Without strict the same scenario is reported, not refused.
    assert!(e.apply(&s, ApplyOptions::default()).is_ok());
}

#[test]
fn strict_accepts_a_scenario_that_spends_exactly_the_envelope() {
    // The headroom is 6,470: new money of exactly that fills the envelope, 1p more is over.
    let e = fixture();
    let fill = |amount| {
        Scenario::new("fill")
            .unwrap()
            .with(reinvest(amount, ReinvestBy::Equal, MoneySource::New))
    };
    let c = e.apply(&fill(6_470.0), ApplyOptions { strict: true }).unwrap();
    money(c.total_after(), 130_000.0);
    assert_eq!(c.over_envelope(), 0.0);
    let err = e.apply(&fill(6_470.01), ApplyOptions { strict: true }).unwrap_err();
    assert!(matches!(err, Error::OverEnvelope { .. }), "{err:?}");
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
    let mut spec = common::fixture_spec();
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

// ---- the baseline is never changed --------------------------------------------------------

#[test]
fn applying_a_scenario_leaves_the_economy_as_it_was() {
    let e = fixture();
    let before = e.clone();
    let c = run(
        &e,
        vec![
            skill_mix(),
            Lever::shift("gp_care_planning", "health_trainer_south", 4000.0).unwrap(),
            reinvest(6000.0, ReinvestBy::Need, MoneySource::Released),
            Lever::set_unit_cost("peer_support", 30.0).unwrap(),
            Lever::scale_activity("structured_education", 0.5).unwrap(),
            Lever::productivity("dietitian", 0.2).unwrap(),
        ],
    );
    assert_eq!(e, before);
    assert_eq!(c.baseline(), &before);
    money(e.total_spend(), 123_530.0);
    assert_eq!(c.levers().len(), 6);
    conserves(&c);
}

/// The half-penny allowed for rounding is allowed once a scenario, not once a lever: 1,000
/// reinvestments of £0.00499 with nothing released used to reinvest £4.99 from an empty pool.
#[test]
fn many_tiny_reinvestments_cannot_draw_on_an_empty_pool() {
    let economy = fixture();
    let tiny = || reinvest(0.004_99, ReinvestBy::Equal, MoneySource::Released);
    let one = Scenario::new("one").unwrap().with(tiny());
    // One alone is within the half-penny: £0.00499 reinvested from £0 released.
    assert!(economy.apply(&one, ApplyOptions::default()).is_ok());
    let many = (0..1000).fold(Scenario::new("many").unwrap(), |s, _| s.with(tiny()));
    let e = economy.apply(&many, ApplyOptions::default()).unwrap_err();
    assert!(matches!(e, Error::Insufficient { .. }), "{e}");
    // The second lever is the first over: £0.00998 in all against £0 released.
    assert_eq!(e.field(), Some("levers[1].amount"), "{e}");
    // The skill mix releases £7,840 (see above); exactly that reinvested in 1,000 pieces
    // passes: the pieces' rounding stays within the one half-penny.
    let released = run(&economy, vec![skill_mix()]).released();
    money(released, 7_840.0);
    let piece = released / 1000.0;
    let exact = (0..1000).fold(Scenario::new("exact").unwrap().with(skill_mix()), |s, _| {
        s.with(reinvest(piece, ReinvestBy::Equal, MoneySource::Released))
    });
    let c = economy.apply(&exact, ApplyOptions::default()).unwrap();
    close(c.reinvested(), released, 1e-6);
}
