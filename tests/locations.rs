//! Where an error is, as path segments (keys and indices, as pydantic-core's `loc`), put
//! together segment by segment as the error travels up from a value to the file that holds
//! it; the message shows the same path as text, unchanged.

use caretriangle::error::{Location, Segment};
use caretriangle::io::{programme_from_str, Format};
use caretriangle::Error;

fn key(k: &str) -> Segment {
    Segment::Key(k.into())
}

/// A TOML economy of four services (`s0`..`s3`, £10 an hour, 100 hours), with `extra` after
/// the fourth service's keys and `tail` at the end.
fn economy(extra: &str, tail: &str) -> String {
    use std::fmt::Write as _;
    let mut text = String::from("name = \"Loc\"\nenvelope = 100000\nprice_year = \"2023/24\"\n");
    for i in 0..4 {
        let cost = if i == 3 { extra } else { "unit_cost = 10" };
        // Writing to a String cannot fail.
        let _ = write!(
            text,
            "\n[[services]]\nid = \"s{i}\"\ncorner = \"clinical\"\nprovider = \"acute_trust\"\nunit = \"hour\"\n\
             activity = 100\n{cost}\n"
        );
    }
    text + tail
}

#[test]
fn a_services_value_is_at_services_index_key() {
    let e = programme_from_str(&economy("unit_cost = -5", ""), Format::Toml, "loc.toml").unwrap_err();
    let at = e.location().expect("a file error names where");
    assert_eq!(at.segments(), [key("services"), Segment::Index(3), key("unit_cost")]);
    // The message is the path's text, as before.
    assert_eq!(e.field(), Some("services[3].unit_cost"));
    assert!(e.to_string().contains(": services[3].unit_cost must be "), "{e}");
    // The validation error underneath has the same location.
    let Error::File {
        source: Some(inner), ..
    } = &e
    else {
        panic!("expected a file error with its source, got {e:?}")
    };
    assert_eq!(inner.location(), Some(at));
}

#[test]
fn a_levers_value_is_at_scenarios_index_levers_index_key() {
    let scenario = "\n[[scenarios]]\nname = \"move\"\n\
                    [[scenarios.levers]]\nlever = \"scale_activity\"\nservice = \"s0\"\nfactor = 1.1\n\
                    [[scenarios.levers]]\nlever = \"substitute\"\nfrom = \"s1\"\nto = \"s2\"\nshare = 1.5\n";
    let e = programme_from_str(&economy("unit_cost = 10", scenario), Format::Toml, "loc.toml").unwrap_err();
    let at = e.location().expect("a file error names where");
    // scenarios[0] (put in front by the programme) . levers[1] (by the scenario) . share (by
    // the lever's check): three levels, each adding its own segments.
    assert_eq!(
        at.segments(),
        [
            key("scenarios"),
            Segment::Index(0),
            key("levers"),
            Segment::Index(1),
            key("share")
        ]
    );
    assert_eq!(at.as_str(), "scenarios[0].levers[1].share");
}

#[test]
fn within_adds_segments_not_text() {
    let e = Error::invalid("unit_cost", -5, ">= 0").within(Location::key("services").at(3));
    assert_eq!(
        e.location().map(Location::segments),
        Some(&[key("services"), Segment::Index(3), key("unit_cost")][..])
    );
    assert_eq!(e.to_string(), "services[3].unit_cost must be >= 0, got -5");
    // A key with a dot in it (an uncertain input's name) stays one key when built so.
    let e = Error::invalid(Location::key("inputs").then("health_trainer.unit_cost"), 0, "> 0");
    assert_eq!(
        e.location().map(Location::segments),
        Some(&[key("inputs"), key("health_trainer.unit_cost")][..])
    );
    assert_eq!(e.field(), Some("inputs.health_trainer.unit_cost"));
    // Errors that name no place have no location.
    assert_eq!(Error::Interrupted.location(), None);
}

#[test]
fn a_distributions_parameter_is_a_key_inside_the_inputs_name() {
    use caretriangle::uncertainty::{Distribution, DistributionSpec};
    let at = Location::key("inputs").then("health_trainer.unit_cost");
    let e = Distribution::from_spec(DistributionSpec::Normal { mean: 11.45, sd: -1.0 }, at).unwrap_err();
    // The input's name keeps its dot: one key, then the parameter.
    assert_eq!(
        e.location().map(Location::segments),
        Some(&[key("inputs"), key("health_trainer.unit_cost"), key("sd")][..])
    );
    assert!(
        e.to_string().starts_with("inputs.health_trainer.unit_cost.sd must be "),
        "{e}"
    );
    let values = DistributionSpec::Discrete {
        values: vec![1.0, f64::NAN],
        weights: None,
    };
    let e = Distribution::from_spec(values, "x").unwrap_err();
    assert_eq!(
        e.location().map(Location::segments),
        Some(&[key("x"), key("values"), Segment::Index(1)][..])
    );
}
