//! The fixture's figures, and that applying a scenario leaves the economy as it was.

use caretriangle::{Lever, MoneySource, ReinvestBy};

use crate::common::{fixture, money};
use crate::{conserves, reinvest, run, skill_mix, PEER};

#[test]
fn fixture_baseline() {
    let e = fixture();
    // 42,500 + 40,000 + 20,000 + 11,450 + 4,580 + 5,000 = 123,530.
    money(e.total_spend(), 123_530.0);
    money(e.headroom(), 6_470.0);
    // peer_support's allocation gives 5000 / 25 = 200 sessions.
    assert_eq!(e.services()[PEER].activity(), 200.0);
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
