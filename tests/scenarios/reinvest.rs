//! Reinvesting released and new money, split by register, need, equally or by weights.

use caretriangle::{ApplyOptions, Comparison, Error, Lever, MoneySource, ReinvestBy, Scenario};

use crate::common::{close, fixture, money, plain, plain_all};
use crate::{conserves, flows_are, reinvest, reinvested, run, skill_mix, Clinical, Community, Nhs, GP, NORTH, SOUTH};

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
