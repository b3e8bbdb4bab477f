//! Ids that name nothing the economy has, and ids given twice.

use caretriangle::{
    ClusterSpec, Dimension, Error, Lever, MoneySource, Programme, ProgrammeSpec, ReinvestBy, ScenarioSpec,
};

use crate::common::fixture;
use crate::{apply, economy_with};

// ---- unknown ids -----------------------------------------------------------------------------

/// Asserts an `UnknownId` with these parts, and the message built from them; `case` names
/// what was refused in every failure.
#[track_caller]
fn unknown(case: &str, e: Error, field: &str, kind: &str, id: &str, hint: &str) {
    match &e {
        Error::UnknownId {
            field: f,
            kind: k,
            id: i,
            hint: h,
        } => {
            assert_eq!(
                (f.as_str(), *k, i.as_str(), h.as_str()),
                (field, kind, id, hint),
                "{case}"
            );
        }
        other => panic!("{case}: expected UnknownId, got {other:?}"),
    }
    assert_eq!(e.to_string(), format!("{field}: unknown {kind} `{id}`{hint}"), "{case}");
}

/// Levers naming a service or locality the fixture lacks, as (case, levers, and the field,
/// kind, id and hint of the error).
#[test]
fn unknown_ids_in_levers() {
    let cases = [
        (
            "unknown_service_in_a_lever_suggests_the_nearest",
            vec![Lever::substitute("dietician", "health_trainer_north", 0.4, 1.0).unwrap()],
            "levers[0].from",
            "service",
            "dietician",
            "; did you mean `dietitian`?",
        ),
        (
            "unknown_service_far_from_any_lists_the_known_ones",
            vec![
                Lever::productivity("dietitian", 0.1).unwrap(),
                Lever::scale_activity("podiatry", 2.0).unwrap(),
            ],
            "levers[1].service",
            "service",
            "podiatry",
            "; known: `dietitian`, `gp_care_planning`, `structured_education`, `health_trainer_north`, \
             `health_trainer_south`, `peer_support`",
        ),
        (
            "unknown_service_in_reinvest_into",
            vec![Lever::reinvest(
                1.0,
                &["health_trainer_north", "health_trainer_sout"],
                ReinvestBy::Register,
                MoneySource::New,
            )
            .unwrap()],
            "levers[0].into[1]",
            "service",
            "health_trainer_sout",
            "; did you mean `health_trainer_south`?",
        ),
        (
            "unknown_locality_in_reinvestment_weights",
            vec![Lever::reinvest(
                100.0,
                &["health_trainer_north", "health_trainer_south"],
                ReinvestBy::Weights(
                    [("north", 1.0), ("south", 1.0), ("sout", 1.0)]
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                ),
                MoneySource::New,
            )
            .unwrap()],
            "levers[0].by.sout",
            "locality or cluster",
            "sout",
            "; did you mean `south`?",
        ),
    ];
    for (case, levers, field, kind, id, hint) in cases {
        unknown(case, apply(levers).expect_err(case), field, kind, id, hint);
    }
}

/// A case of an unknown id in the economy: its name, the change to the fixture that makes it,
/// and the field, kind, id and hint of the error.
type UnknownInEconomy = (
    &'static str,
    fn(&mut ProgrammeSpec),
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[test]
fn unknown_ids_in_an_economy() {
    let cases: &[UnknownInEconomy] = &[
        (
            "unknown_service_in_a_kept_scenario",
            |s| {
                s.scenarios = vec![ScenarioSpec {
                    name: "skill mix".into(),
                    names: vec![],
                    description: None,
                    levers: vec![Lever::substitute("dietitian", "health_trainr_north", 0.4, 1.0).unwrap()],
                }];
            },
            "scenarios[0].levers[0].to",
            "service",
            "health_trainr_north",
            "; did you mean `health_trainer_north`?",
        ),
        (
            "unknown_locality_of_a_service",
            |s| s.services[0].locality = Some("nroth".into()),
            "services[0].locality",
            "locality",
            "nroth",
            "; did you mean `north`?",
        ),
    ];
    for &(case, change, field, kind, id, hint) in cases {
        unknown(case, economy_with(change).expect_err(case), field, kind, id, hint);
    }
}

#[test]
fn unknown_scenario_name() {
    let e = Programme::of_economy(fixture()).scenario("skil mix").unwrap_err();
    assert!(matches!(e, Error::UnknownId { kind: "scenario", .. }), "{e:?}");
    assert_eq!(e.to_string(), "scenario: unknown scenario `skil mix`");
}

#[test]
fn unknown_report_dimension() {
    let e = "corners".parse::<Dimension>().unwrap_err();
    assert!(e.to_string().contains("did you mean `corner`"), "{e}");
    assert_eq!(e.field(), Some("by"));
}

// ---- duplicate ids -------------------------------------------------------------------------

/// Asserts a `DuplicateId` with these parts, and the message built from them; `case` names
/// what was refused in every failure.
#[track_caller]
fn duplicate(case: &str, result: caretriangle::Result<Programme>, field: &str, kind: &str, id: &str) {
    let e = result.expect_err(case);
    assert!(
        matches!(&e, Error::DuplicateId { field: f, kind: k, id: i, .. } if f == field && *k == kind && i == id),
        "{case}: {e:?}"
    );
    assert_eq!(e.to_string(), format!("{field}: duplicate {kind} id `{id}`"), "{case}");
}

/// A kept scenario with no levers; a function, not a closure, so that a case's change can
/// call it and still be a plain `fn`.
fn kept(name: &str) -> ScenarioSpec {
    ScenarioSpec {
        name: name.into(),
        names: vec![],
        description: None,
        levers: vec![],
    }
}

/// A case of a duplicate id: its name, the change to the fixture that makes it, and the
/// field, kind and id of the error.
type Duplicate = (
    &'static str,
    fn(&mut ProgrammeSpec),
    &'static str,
    &'static str,
    &'static str,
);

#[test]
fn duplicate_ids_in_an_economy() {
    let cases: &[Duplicate] = &[
        (
            "duplicate_service_id",
            |s| s.services[3].id = "dietitian".into(),
            "services[3].id",
            "service",
            "dietitian",
        ),
        (
            "duplicate_locality_id",
            |s| {
                s.services[4].locality = Some("north".into());
                s.localities[1].id = "north".into();
            },
            "localities[1].id",
            "locality",
            "north",
        ),
        (
            "duplicate_cluster_id",
            |s| {
                s.localities[1].clusters = vec![ClusterSpec {
                    id: "n1".into(),
                    ..Default::default()
                }];
            },
            "localities[1].clusters[0].id",
            "cluster",
            "n1",
        ),
        (
            "duplicate_scenario_name",
            |s| s.scenarios = vec![kept("a"), kept("b"), kept("a")],
            "scenarios[2].name",
            "scenario",
            "a",
        ),
    ];
    for &(case, change, field, kind, id) in cases {
        duplicate(case, economy_with(change), field, kind, id);
    }
}

#[test]
fn duplicate_service_in_reinvest_into() {
    let e = Lever::reinvest(
        1.0,
        &["health_trainer_north", "health_trainer_north"],
        ReinvestBy::Equal,
        MoneySource::New,
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "into[1]: duplicate service id `health_trainer_north`");
}
