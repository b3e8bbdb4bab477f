//! Scenarios over the envelope: refused when strict, reported otherwise.

use caretriangle::{ApplyOptions, Error, MoneySource, ReinvestBy, Scenario};

use crate::common::{fixture, money, plain};
use crate::reinvest;

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
