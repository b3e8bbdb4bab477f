//! Bad values in levers, and money a lever does not have.

use caretriangle::{ApplyOptions, Error, Lever, MoneySource, ReinvestBy, Scenario, ScenarioSpec};

use crate::common::{fixture, plain};
use crate::{apply, economy_with, invalid};

/// The bad values of a lever whose message is checked only for its field and value, as
/// (case, the lever as built, field, value); those whose message says more are tests of their
/// own, below.
#[test]
fn bad_lever_values_are_refused_naming_field_and_value() {
    let cases = [
        // unit cost
        (
            "negative_unit_cost_in_a_lever",
            Lever::set_unit_cost("dietitian", -1.0),
            "unit_cost",
            "-1",
        ),
        // activity
        (
            "negative_scale_factor",
            Lever::scale_activity("dietitian", -0.5),
            "factor",
            "-0.5",
        ),
        // shares
        (
            "share_below_zero",
            Lever::substitute("dietitian", "health_trainer_north", -0.1, 1.0),
            "share",
            "-0.1",
        ),
        (
            "share_nan",
            Lever::substitute("dietitian", "health_trainer_north", f64::NAN, 1.0),
            "share",
            "NaN",
        ),
        (
            "productivity_gain_above_one",
            Lever::productivity("dietitian", 1.2),
            "gain",
            "1.2",
        ),
        (
            "negative_ratio",
            Lever::substitute("dietitian", "health_trainer_north", 0.5, -1.0),
            "ratio",
            "-1",
        ),
        (
            "lever_from_a_service_to_itself",
            Lever::shift("dietitian", "dietitian", 10.0),
            "to",
            "\"dietitian\"",
        ),
        (
            "nan_shift_amount",
            Lever::shift("dietitian", "health_trainer_north", f64::NAN),
            "amount",
            "NaN",
        ),
        (
            "negative_reinvestment_weight",
            Lever::reinvest(
                1.0,
                &["health_trainer_north"],
                ReinvestBy::Weights([("north".to_string(), -1.0)].into_iter().collect()),
                MoneySource::New,
            ),
            "by.north",
            "-1",
        ),
    ];
    for (case, lever, field, value) in cases {
        invalid(case, lever, field, value);
    }
}

// ---- shares --------------------------------------------------------------------------------

#[test]
fn share_above_one() {
    let m = invalid(
        "share_above_one",
        Lever::substitute("dietitian", "health_trainer_north", 1.5, 1.0),
        "share",
        "1.5",
    );
    assert_eq!(m, "share must be a share between 0 and 1, got 1.5");
}

#[test]
fn share_in_a_scenario_names_the_lever() {
    let spec = ScenarioSpec {
        name: "s".into(),
        names: vec![],
        description: None,
        levers: vec![
            Lever::productivity("dietitian", 0.1).unwrap(),
            Lever::Substitute {
                from: "dietitian".into(),
                to: "health_trainer_north".into(),
                share: 2.0.into(),
                ratio: 1.0.into(),
                per: caretriangle::Per::Unit,
            },
        ],
    };
    invalid(
        "share_in_a_scenario_names_the_lever (scenario)",
        Scenario::from_spec(spec.clone()),
        "levers[1].share",
        "2",
    );
    // And inside an economy, under its scenario's path.
    invalid(
        "share_in_a_scenario_names_the_lever (economy)",
        economy_with(|s| s.scenarios = vec![spec]),
        "scenarios[0].levers[1].share",
        "2",
    );
}

// ---- money a lever does not have --------------------------------------------------------------

#[test]
fn shift_more_money_than_a_service_has() {
    // gp_care_planning spends 1,000 × £40 = £40,000.
    let e = apply(vec![
        Lever::shift("gp_care_planning", "health_trainer_north", 60_000.0).unwrap()
    ])
    .unwrap_err();
    assert!(
        matches!(&e, Error::Insufficient { field, .. } if field == "levers[0].amount"),
        "{e:?}"
    );
    assert_eq!(
        plain(&e.to_string()),
        "levers[0].amount: shifts £60000.00 but gp_care_planning spends only £40000.00"
    );
}

#[test]
fn shift_more_than_is_left_after_an_earlier_lever() {
    // After a 10% productivity gain gp_care_planning spends £36,000: £40,000 is too much.
    let e = apply(vec![
        Lever::productivity("gp_care_planning", 0.1).unwrap(),
        Lever::shift("gp_care_planning", "health_trainer_north", 40_000.0).unwrap(),
    ])
    .unwrap_err();
    assert_eq!(
        plain(&e.to_string()),
        "levers[1].amount: shifts £40000.00 but gp_care_planning spends only £36000.00"
    );
}

#[test]
fn reinvest_more_released_money_than_released() {
    // The substitution releases 800 × (21.25 − 11.45) = £7,840; £8,000 is more.
    let e = apply(vec![
        Lever::substitute("dietitian", "health_trainer_north", 0.4, 1.0).unwrap(),
        Lever::reinvest(
            8000.0,
            &["health_trainer_south"],
            ReinvestBy::Register,
            MoneySource::Released,
        )
        .unwrap(),
    ])
    .unwrap_err();
    assert!(
        matches!(&e, Error::Insufficient { field, .. } if field == "levers[1].amount"),
        "{e:?}"
    );
    let m = plain(&e.to_string());
    assert!(
        m.starts_with(
            "levers[1].amount: reinvests £8000.00 of released money but earlier levers released only £7840.00"
        ),
        "{m}"
    );
}

#[test]
fn reinvest_released_money_when_nothing_was_released() {
    let e = apply(vec![Lever::reinvest(
        1.0,
        &["health_trainer_south"],
        ReinvestBy::Register,
        MoneySource::Released,
    )
    .unwrap()])
    .unwrap_err();
    assert!(plain(&e.to_string()).contains("released only £0.00"), "{e}");
}

#[test]
fn money_into_a_free_service() {
    let e = fixture()
        .apply(
            &Scenario::new("s")
                .unwrap()
                .with(Lever::set_unit_cost("health_trainer_south", 0.0).unwrap())
                .with(
                    Lever::reinvest(100.0, &["health_trainer_south"], ReinvestBy::Register, MoneySource::New).unwrap(),
                ),
            ApplyOptions::default(),
        )
        .unwrap_err();
    invalid(
        "money_into_a_free_service",
        Err::<(), _>(e),
        "levers[1].into[0]",
        "\"health_trainer_south\"",
    );
}

#[test]
fn reinvest_by_register_into_an_economy_wide_service() {
    let e = apply(vec![Lever::reinvest(
        100.0,
        &["health_trainer_north", "peer_support"],
        ReinvestBy::Register,
        MoneySource::New,
    )
    .unwrap()])
    .unwrap_err();
    let m = invalid(
        "reinvest_by_register_into_an_economy_wide_service",
        Err::<(), _>(e),
        "levers[0].into[1]",
        "\"peer_support\"",
    );
    assert!(m.contains("by = \"equal\""), "{m}");
}

#[test]
fn reinvest_weights_missing_a_locality() {
    let w = [("north".to_string(), 1.0)].into_iter().collect();
    let e = apply(vec![Lever::reinvest(
        100.0,
        &["health_trainer_north", "health_trainer_south"],
        ReinvestBy::Weights(w),
        MoneySource::New,
    )
    .unwrap()])
    .unwrap_err();
    invalid(
        "reinvest_weights_missing_a_locality",
        Err::<(), _>(e),
        "levers[0].by",
        "weights without `south`",
    );
}
