//! Ids that look alike are one id or an error, never two things (see `src/ids.rs`).
//!
//! Each case was accepted before: `Health_Trainer` beside `health_trainer` as two services,
//! `health\u{200b}_trainer` (a zero-width space) as a third, `café` typed as e + combining
//! accent as another id than `café`, and a lever naming the decomposed form did not find the
//! composed service.

mod common;

use caretriangle::{ApplyOptions, Economy, Error, Lever, Programme, ProgrammeSpec, Scenario};
use common::{fixture, fixture_spec, money};

#[test]
fn ids_differing_only_by_case_are_duplicates_naming_the_first() {
    let mut spec = fixture_spec();
    spec.services[4].id = "Health_Trainer_North".into();
    let e = Economy::new(spec).unwrap_err();
    assert!(matches!(e, Error::DuplicateId { kind: "service", .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "services[4].id: duplicate service id `Health_Trainer_North` (the same as `health_trainer_north` but for case)"
    );
    let mut spec = fixture_spec();
    spec.localities[1].id = "NORTH".into();
    spec.services[4].locality = Some("NORTH".into());
    let e = Economy::new(spec).unwrap_err();
    assert_eq!(e.field(), Some("localities[1].id"), "{e}");
}

#[test]
fn invisible_characters_in_an_id_are_refused_by_code_point() {
    let mut spec = fixture_spec();
    spec.services[5].id = "peer\u{200b}_support".into();
    let e = Economy::new(spec).unwrap_err();
    assert!(matches!(e, Error::InvalidValue { .. }), "{e:?}");
    assert_eq!(e.field(), Some("services[5].id"));
    assert!(e.to_string().contains("U+200B"), "{e}");
    assert!(e.to_string().contains(r#""peer\u{200b}_support""#), "{e}");
}

#[test]
fn composed_and_decomposed_accents_are_one_id() {
    let mut spec = fixture_spec();
    // "café" as e + U+0301, as macOS file names and some PDFs give it.
    spec.services[5].id = "cafe\u{301}_peer_support".into();
    let economy = Economy::new(spec).unwrap();
    assert_eq!(economy.services()[5].id(), "café_peer_support");
    // A lever may name it either way: both find the one service (£5,000 of peer support).
    for name in ["café_peer_support", "cafe\u{301}_peer_support"] {
        let s = Scenario::new("shift")
            .unwrap()
            .with(Lever::shift(name, "health_trainer_north", 1_000.0).unwrap());
        let c = economy.apply(&s, ApplyOptions::default()).unwrap();
        money(c.total_after(), c.total_before());
        money(economy.service(name).unwrap().spend(), 5_000.0);
    }
    // The two forms together are a plain duplicate.
    let mut spec = fixture_spec();
    spec.services[5].id = "café".into();
    spec.services[4].id = "cafe\u{301}".into();
    spec.services[4].locality = None;
    let e = Economy::new(spec).unwrap_err();
    assert!(e.to_string().ends_with("duplicate service id `café`"), "{e}");
}

#[test]
fn scenario_names_differing_only_by_case_are_duplicates() {
    let mut spec = ProgrammeSpec::of_economy(fixture().to_spec());
    let one = Scenario::new("Skill mix").unwrap().to_spec();
    let two = Scenario::new("skill mix").unwrap().to_spec();
    spec.scenarios = vec![one, two];
    let e = Programme::new(spec).unwrap_err();
    assert_eq!(e.field(), Some("scenarios[1].name"), "{e}");
}
